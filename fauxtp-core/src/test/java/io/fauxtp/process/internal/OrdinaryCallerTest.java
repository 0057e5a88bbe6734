package io.fauxtp.process.internal;

import static io.fauxtp.process.internal.CallWatchFixtures.waitingWatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.genserver.CallExitException;
import io.fauxtp.genserver.CallTimeoutException;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.genserver.StartOptions;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.process.internal.CallWatchFixtures.Batches;
import io.fauxtp.process.internal.CallWatchFixtures.EchoServer;
import io.fauxtp.testkit.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A call from ordinary code (a thread that is no process) watches its server with a {@link CallWatch} on the
 * server's mailbox, as a process's call does, and waits on the request's {@link ReplyCell} ({@link OrdinaryCaller}):
 * every waiting caller, on a platform or a virtual thread, hears of the server's death with its reason; the watches
 * of ended calls do not pile up; an interrupted or timed-out caller leaves nothing waiting.
 */
class OrdinaryCallerTest {

    private static final Duration LONG = Duration.ofSeconds(10);

    @RegisterExtension
    final TestNode fauxtp = new TestNode("ordinary-caller");
    private final Node node = fauxtp.node();

    private ProcessImpl process(Pid pid) {
        return CallWatchFixtures.process(node, pid);
    }

    @Test
    void everyWaitingPlatformAndVirtualCallerHearsOfTheServersDeathWithItsReason() throws Exception {
        Pid server = GenServer.start(node, new EchoServer(), null);
        int callers = 6;
        List<CompletableFuture<Object>> outcomes = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            CompletableFuture<Object> outcome = new CompletableFuture<>();
            outcomes.add(outcome);
            Thread.Builder builder = c % 2 == 0 ? Thread.ofPlatform() : Thread.ofVirtual();
            threads.add(builder.start(() -> {
                try {
                    outcome.complete(GenServer.call(server, "never", Duration.ofMinutes(5)));
                } catch (CallExitException e) {
                    outcome.complete(e.reason());
                }
            }));
        }
        // each waits through a watch on the server's list, not a monitor (no watcher entry on the server)
        ProcessImpl serverProcess = process(server);
        await().atMost(LONG).until(() -> waitingWatches(serverProcess) == callers);
        assertThat(serverProcess.watchers).as("no general monitor per call").isNullOrEmpty();
        node.exit(server, ExitReason.shutdown("maintenance"));
        for (CompletableFuture<Object> outcome : outcomes) {
            // within seconds, not the call's five minutes
            assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.shutdown("maintenance"));
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    @Test
    void watchesOfEndedCallsFromOrdinaryThreadsDoNotPileUp() throws Exception {
        Pid server = GenServer.start(node, new EchoServer(), null,
                StartOptions.defaults().withHibernateAfter(Duration.ofMinutes(5)));
        int callers = 8;
        int calls = 500;
        CountDownLatch done = new CountDownLatch(callers);
        AtomicInteger answered = new AtomicInteger();
        for (int c = 0; c < callers; c++) {
            Thread.Builder builder = c % 2 == 0 ? Thread.ofPlatform() : Thread.ofVirtual();
            builder.start(() -> {
                for (int i = 0; i < calls; i++) {
                    if (GenServer.call(server, "echo", LONG).equals("echo")) {
                        answered.incrementAndGet();
                    }
                }
                done.countDown();
            });
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(answered).hasValue(callers * calls);
        ProcessImpl serverProcess = process(server);
        assertThat(waitingWatches(serverProcess)).as("every ended call's watch is ended or gone").isZero();
        // ended watches below newer ones are left out by the server every 64 calls, and by the next caller
        assertThat(serverProcess.callWatchCount()).isLessThanOrEqualTo(QueueMailbox.PRUNE_WATCHES_MASK + 1 + 2 * callers);
        assertThat((String) GenServer.call(server, "echo", LONG)).isEqualTo("echo");
        assertThat(serverProcess.callWatchCount()).as("the last call took its own watch off the top").isZero();
    }

    @Test
    void anInterruptedCallerStopsWaitingAndItsWatchNoLongerWaits() throws Exception {
        Pid server = GenServer.start(node, new EchoServer(), null);
        ProcessImpl serverProcess = process(server);
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                GenServer.call(server, "never", Duration.ofMinutes(5));
                failure.complete(null);
            } catch (RuntimeException e) {
                failure.complete(e);
            }
        });
        await().atMost(LONG).until(() -> waitingWatches(serverProcess) == 1);
        caller.interrupt();
        assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        caller.join();
        assertThat(waitingWatches(serverProcess)).isZero();
        assertThat((String) GenServer.call(server, "echo", LONG)).isEqualTo("echo");
    }

    @Test
    void aVirtualThreadNeverSpinsAndNoCallerSpinsBehindAnotherWaitingCall() throws Exception {
        Pid server = GenServer.start(node, new EchoServer(), null);
        ProcessImpl target = process(server);
        ReplyCell older = new ReplyCell(1);
        CallWatch waitingOlder = new CallWatch(older);
        waitingOlder.prepare(1, target);
        ReplyCell cell = new ReplyCell(2);
        CallWatch behind = new CallWatch(cell);
        behind.prepare(2, target);
        behind.next = waitingOlder;
        assertThat(OrdinaryCaller.maySpin(behind)).as("a call waits before this one on the same server").isFalse();
        waitingOlder.end();
        CompletableFuture<Boolean> virtual = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> virtual.complete(OrdinaryCaller.maySpin(behind)));
        assertThat(virtual.get(10, TimeUnit.SECONDS)).as("a virtual thread parks at once").isFalse();
    }

    @Test
    void repliesSentLaterThroughTheFromReachEveryOrdinaryCallerAndNoCallStaysRegistered() throws Exception {
        Pid server = GenServer.start(node, new Batches(), null);
        int callers = 8;
        int rounds = 200;
        CountDownLatch done = new CountDownLatch(callers);
        AtomicInteger answered = new AtomicInteger();
        for (int c = 0; c < callers; c++) {
            Thread.Builder builder = c % 2 == 0 ? Thread.ofPlatform() : Thread.ofVirtual();
            builder.start(() -> {
                for (int i = 0; i < rounds; i++) {
                    if (GenServer.call(server, callers, LONG).equals("ok")) {
                        answered.incrementAndGet();
                    }
                }
                done.countDown();
            });
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(answered).hasValue(callers * rounds);
        assertThat(NodeRuntime.of(node).externalCallCount()).as("every call's cell let go of").isZero();
    }

    @Test
    void callsWhoseTagsShareASlotAreEachFoundByTheirOwnTag() {
        OrdinaryCalls calls = new OrdinaryCalls();
        long first = 1;
        long second = first + 1;
        while (OrdinaryCalls.slot(second) != OrdinaryCalls.slot(first)) {
            second++;
        }
        ReplyCell a = new ReplyCell(first);
        ReplyCell b = new ReplyCell(second);
        calls.add(a);
        calls.add(b); // its slot is taken: it goes beside the table
        assertThat(calls.get(first)).isSameAs(a);
        assertThat(calls.get(second)).isSameAs(b);
        calls.remove(a);
        assertThat(calls.get(first)).isNull();
        assertThat(calls.get(second)).isSameAs(b);
        ReplyCell c = new ReplyCell(second + 1);
        calls.add(c);
        assertThat(calls.get(second + 1)).isSameAs(c);
        calls.remove(b);
        calls.remove(c);
        assertThat(calls.size()).isZero();
        assertThat(calls.get(second)).isNull();
    }

    @Test
    void aVirtualCallerWaitsOutALongTimeoutWithoutAJdkTimerAndStillTimesOut() throws Exception {
        Pid server = GenServer.start(node, new EchoServer(), null);
        // a timeout of an hour: parked without a time limit (no timer set and cancelled per call), the blocker
        // being the call's cell
        CompletableFuture<Object> hour = new CompletableFuture<>();
        Thread waiting = Thread.ofVirtual().start(() -> {
            try {
                hour.complete(GenServer.call(server, "never", Duration.ofHours(1)));
            } catch (RuntimeException e) {
                hour.complete(e);
            }
        });
        await().atMost(LONG).until(() -> waiting.getState() == Thread.State.WAITING
                && LockSupport.getBlocker(waiting) instanceof ReplyCell);
        waiting.interrupt();
        assertThat(hour.get(10, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        // and a long timeout (what is left of it when the caller parks too) still ends the call, a little after it
        // is due
        Duration timeout = Duration.ofNanos(OrdinaryCaller.COARSE_TIMEOUT_NANOS).plusMillis(500);
        CompletableFuture<Object> due = new CompletableFuture<>();
        long start = System.nanoTime();
        Thread.ofVirtual().start(() -> {
            try {
                due.complete(GenServer.call(server, "never", timeout));
            } catch (RuntimeException e) {
                due.complete(e);
            }
        });
        assertThat(due.get(10, TimeUnit.SECONDS)).isInstanceOf(CallTimeoutException.class);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(timeout.toNanos());
    }
}
