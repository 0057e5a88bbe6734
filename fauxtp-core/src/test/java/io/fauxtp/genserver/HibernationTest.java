package io.fauxtp.genserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.process.Down;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.process.ProcessContext;
import io.fauxtp.testkit.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An idle GenServer gives its thread back and the next message starts a new one (hibernation). These tests race
 * messages against the server going idle, and exits against a server that has no thread.
 */
class HibernationTest {

    static final Duration LONG = Duration.ofSeconds(10);

    @RegisterExtension
    final TestNode fauxtp = new TestNode("hibernation");
    private final Node node = fauxtp.node();

    /** Counts casts; a call returns the count and the pid the callback saw itself as. */
    static final class Counter implements GenServer<long[]> {
        @Override
        public long[] init(Object args) {
            return new long[1];
        }

        @Override
        public CastResult<long[]> handleCast(Object request, long[] count) {
            count[0]++;
            return CastResult.noReply(count);
        }

        @Override
        public CallResult<long[]> handleCall(Object request, From from, long[] count) {
            return CallResult.reply(List.of(count[0], ProcessContext.current().self()), count);
        }
    }

    @Test
    void burstsOfCastsFromManySendersAreAllCountedAcrossIdlePeriods() throws Exception {
        Pid server = GenServer.start(node, new Counter(), null);
        int senders = 8;
        int rounds = 200;
        CountDownLatch finished = new CountDownLatch(senders);
        for (int s = 0; s < senders; s++) {
            node.spawn(self -> {
                for (int r = 0; r < rounds; r++) {
                    GenServer.cast(server, r);
                    if (r % 10 == 0) {
                        // a call now and then lets the server drain its mailbox and go idle in between
                        GenServer.call(server, "count", LONG);
                    }
                }
                finished.countDown();
            });
        }
        assertThat(finished.await(30, TimeUnit.SECONDS)).isTrue();
        List<Object> answer = GenServer.call(server, "count", LONG);
        assertThat(answer).containsExactly((long) senders * rounds, server);
    }

    @Test
    void aServerIdleSinceItsStartAnswersEveryCallerFromAProcessOrAThread() throws Exception {
        List<Pid> servers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            servers.add(GenServer.start(node, new Counter(), null));
        }
        CompletableFuture<Integer> fromProcess = new CompletableFuture<>();
        node.spawn(self -> {
            int answered = 0;
            for (Pid pid : servers) {
                List<Object> answer = GenServer.call(pid, "count", LONG);
                if (answer.get(1).equals(pid)) {
                    answered++;
                }
            }
            fromProcess.complete(answered);
        });
        assertThat(fromProcess.get(30, TimeUnit.SECONDS)).isEqualTo(200);
        for (Pid pid : servers) {
            List<Object> answer = GenServer.call(pid, "count", LONG);
            assertThat(answer).containsExactly(0L, pid);
        }
    }

    @Test
    void anIdleServerKilledOrStoppedReportsItsExitToMonitorsAndStaysDead() throws Exception {
        Pid killed = GenServer.start(node, new Counter(), null);
        Pid stopped = GenServer.start(node, new Counter(), null);
        CompletableFuture<List<ExitReason>> downs = new CompletableFuture<>();
        node.spawn(self -> {
            self.monitor(killed);
            self.exit(killed, ExitReason.KILL);
            Down first = self.receive(m -> m instanceof Down d ? d : null);
            GenServer.stop(stopped);
            downs.complete(List.of(first.reason()));
        });
        assertThat(downs.get(10, TimeUnit.SECONDS)).containsExactly(ExitReason.KILLED);
        GenServer.cast(killed, "too late"); // must not bring the dead server back
        assertThat(node.isAlive(killed)).isFalse();
        assertThat(node.isAlive(stopped)).isFalse();
        await().atMost(LONG).until(() -> node.processCount() == 0); // the helper process ends too
    }
}
