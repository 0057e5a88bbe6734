package io.fauxtp.process.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * While the cores count as contended, a process in a conversation waits by yielding before it parks, not by parking
 * at once: the process it sent to runs on its carrier, and the answer finds it runnable (see
 * {@link Spin#yieldsWhenContended}). Whether the answer then comes within the yields depends on the machine's
 * timing; that the wait yields does not.
 */
class ContendedConversationTest {

    static final int WARM_UP = 200;
    static final int ROUNDS = 2_000;
    static final int ROUNDS_PER_CONTENTION = 10;

    record Ping(Pid from, int n) {}

    /** Makes the cores count as contended for the next 100 ms, as spinners seen descheduled do. */
    static void makeContended() {
        Spin.CONTENTION.contendedUntil(System.nanoTime() + 100_000_000);
    }

    @Test
    void aProcessInAConversationYieldsBeforeParkingWhileTheCoresAreContended() throws Exception {
        assumeTrue(Spin.CARRIERS > 1, "with one carrier every wait yields anyway");
        assumeTrue(Spin.CONTENDED_NANOS > 0 && QueueMailbox.SPIN_NANOS > 0, "spinning and the back-off on");
        CompletableFuture<Integer> ponged = new CompletableFuture<>();
        CompletableFuture<Integer> yieldWaits = new CompletableFuture<>();
        try (Node node = Node.create("contended-conversation")) {
            Pid ponger = node.spawn(self -> {
                QueueMailbox mailbox = ((ProcessImpl) self).mailboxForTests();
                while (true) {
                    // a process in a conversation, whatever it learnt from this machine's timing so far
                    mailbox.spinBudget = (int) QueueMailbox.SPIN_NANOS;
                    Ping ping = (Ping) self.receive();
                    if (ping.n() == WARM_UP) {
                        Spin.CONTENDED_YIELD_WAITS.reset();
                    }
                    if (ping.n() == WARM_UP + ROUNDS) {
                        yieldWaits.complete(Spin.CONTENDED_YIELD_WAITS.intValue());
                    }
                    self.send(ping.from(), ping.n());
                }
            });
            node.spawn(self -> {
                int last = -1;
                for (int n = 0; n <= WARM_UP + ROUNDS; n++) {
                    if (n % ROUNDS_PER_CONTENTION == 0) {
                        makeContended();
                    }
                    self.send(ponger, new Ping(self.self(), n));
                    last = (Integer) self.receive();
                }
                ponged.complete(last);
            });
            assertThat(ponged.get(60, TimeUnit.SECONDS)).isEqualTo(WARM_UP + ROUNDS);
            // The ping usually comes after the ponger has found its queue empty (the pinger sends it only once
            // the pong is in): nearly every round is a wait. Parking at once, as waiters did before, yields in none.
            // The count is the node's (Spin.CONTENDED_YIELD_WAITS): the pinger's yielding waits count too, but the
            // ponger's alone, pinned to a conversation's spin, were well over half the rounds.
            assertThat(yieldWaits.get(60, TimeUnit.SECONDS)).as("waits that yielded in %d rounds", ROUNDS)
                    .isGreaterThan(ROUNDS / 2);
        } finally {
            Spin.CONTENTION.contendedUntil(System.nanoTime()); // over: other tests spin as usual
        }
    }
}
