package io.fauxtp.process.internal;

import static io.fauxtp.process.internal.CallWatchFixtures.waitingWatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fauxtp.genserver.CallExitException;
import io.fauxtp.genserver.CallTimeoutException;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.genserver.StartOptions;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Matcher;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.process.internal.CallWatchFixtures.Batches;
import io.fauxtp.process.internal.CallWatchFixtures.EchoServer;
import io.fauxtp.testkit.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A call watches its server through a {@link CallWatch} on the server's mailbox, not a general monitor: the
 * watches must not pile up on a long-lived server, a death notice must reach a waiting caller, and one that
 * comes after the call ended must never be seen.
 */
class CallWatchTest {

    private static final Duration LONG = Duration.ofSeconds(10);

    @RegisterExtension
    final TestNode fauxtp = new TestNode("call-watch");
    private final Node node = fauxtp.node();

    private ProcessImpl process(Pid pid) {
        return CallWatchFixtures.process(node, pid);
    }

    @Test
    void watchesOfEndedCallsDoNotPileUpOnALongLivedServer() throws Exception {
        Pid server = GenServer.start(node, new EchoServer(), null);
        int callers = 8;
        CountDownLatch done = new CountDownLatch(callers);
        AtomicInteger answered = new AtomicInteger();
        for (int c = 0; c < callers; c++) {
            node.spawn(self -> {
                for (int i = 0; i < 500; i++) {
                    if (GenServer.call(server, "echo", LONG).equals("echo")) {
                        answered.incrementAndGet();
                    }
                }
                done.countDown();
            });
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(answered).hasValue(callers * 500);
        // ended watches that were not on top when their call ended may remain until the server prunes them: every
        // 64 calls, and when it goes idle
        await().atMost(LONG).until(() -> process(server).callWatchCount() <= callers);
        // the next call leaves them out, and removes its own watch when it ends
        CompletableFuture<Integer> after = new CompletableFuture<>();
        node.spawn(self -> {
            GenServer.call(server, "echo", LONG);
            after.complete(process(server).callWatchCount());
        });
        assertThat(after.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aServerThatStaysBusyPrunesTheWatchesOfEndedCalls() throws Exception {
        // never idle during the test, so only the pruning every 64 calls can leave ended watches out
        Pid server = GenServer.start(node, new Batches(), null, StartOptions.defaults()
                .withHibernateAfter(Duration.ofMinutes(5)));
        int callers = 8;
        int rounds = 200;
        CountDownLatch done = new CountDownLatch(callers);
        AtomicInteger answered = new AtomicInteger();
        for (int c = 0; c < callers; c++) {
            node.spawn(self -> {
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
        // without pruning, most of the 1,600 calls' watches stay listed below newer ones; with it, what the calls
        // since the last prune left, and one per caller
        assertThat(process(server).callWatchCount())
                .isLessThanOrEqualTo(QueueMailbox.PRUNE_WATCHES_MASK + 1 + 2 * callers);
        assertThat(process(server).hibernating()).as("the server stayed awake").isFalse();
    }

    @Test
    void pruningLeavesOutEndedWatchesAndKeepsEveryWaitingOne() {
        ProcessImpl server = process(GenServer.start(node, new EchoServer(), null));
        ProcessImpl caller = process(node.spawn(self -> self.receive()));
        QueueMailbox list = server.mailboxForTests();
        CallWatch[] watches = new CallWatch[8];
        for (int i = 0; i < watches.length; i++) {
            watches[i] = new CallWatch(caller);
            watches[i].prepare(i + 1, server);
            assertThat(list.watchCall(watches[i])).isTrue();
        }
        // newest first: 7 6 5 4 3 2 1 0; end all but 7 (the top), 4 and 0
        for (int i : new int[] {6, 5, 3, 2, 1}) {
            watches[i].end();
        }
        assertThat(list.callWatchCount()).isEqualTo(8);
        list.pruneCallWatches();
        assertThat(list.callWatchCount()).isEqualTo(3);
        assertThat(watches[7].next).isSameAs(watches[4]);
        assertThat(watches[4].next).isSameAs(watches[0]);
        // the top stays even when ended (its caller may be taking it off); trailing ended ones go
        watches[7].end();
        watches[0].end();
        list.pruneCallWatches();
        assertThat(list.callWatchCount()).isEqualTo(2);
        assertThat(watches[4].next).isNull();
    }

    @Test
    void aWatchOnceEndedIsNeverReusedAndADetachedOneCannotBeEnded() {
        ProcessImpl caller = process(node.spawn(self -> self.receive()));
        CallWatch killedFirst = new CallWatch(caller);
        killedFirst.prepare(1, caller);
        killedFirst.end(); // a killer ended it before its caller took it off the list
        assertThat(killedFirst.detach()).as("not reused").isFalse();
        assertThat(killedFirst.waiting()).isFalse();
        CallWatch detachedFirst = new CallWatch(caller);
        detachedFirst.prepare(2, caller);
        assertThat(detachedFirst.detach()).isTrue();
        detachedFirst.end(); // a killer too late: the watch is its caller's spare
        assertThat(detachedFirst.waiting()).isFalse();
        detachedFirst.prepare(3, caller);
        assertThat(detachedFirst.waiting()).as("reused for the next call").isTrue();
    }

    @Test
    void afterPrunesAndKilledCallersEveryWaitingCallerHearsOfTheServersDeath() throws Exception {
        // never idle, so it prunes every 64 calls while callers come, go and are killed in the middle of calls
        Pid server = GenServer.start(node, new EchoServer(), null, StartOptions.defaults()
                .withHibernateAfter(Duration.ofMinutes(5)));
        int echoCallers = 8;
        CountDownLatch echoesDone = new CountDownLatch(echoCallers);
        for (int c = 0; c < echoCallers; c++) {
            node.spawn(self -> {
                for (int i = 0; i < 500; i++) {
                    GenServer.call(server, "echo", LONG);
                }
                echoesDone.countDown();
            });
        }
        List<Pid> killedInCall = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
            killedInCall.add(node.spawn(self -> GenServer.call(server, "never", LONG)));
        }
        for (Pid victim : killedInCall) {
            node.exit(victim, ExitReason.KILL); // in its call or before it: its watch, if any, is ended by the kill
        }
        assertThat(echoesDone.await(60, TimeUnit.SECONDS)).isTrue();
        // now callers that wait for good, then the server's death: each must hear of it, none may wait for its
        // call's timeout (a watch cut out of the list by a prune would)
        int waiters = 20;
        CountDownLatch failedFast = new CountDownLatch(waiters);
        for (int w = 0; w < waiters; w++) {
            node.spawn(self -> {
                try {
                    GenServer.call(server, "never", Duration.ofMinutes(5));
                } catch (CallExitException e) {
                    if (e.reason() instanceof ExitReason.Killed) {
                        failedFast.countDown();
                    }
                }
            });
        }
        ProcessImpl serverProcess = process(server);
        await().atMost(LONG).until(() -> waitingWatches(serverProcess) >= waiters);
        node.exit(server, ExitReason.KILL);
        assertThat(failedFast.await(30, TimeUnit.SECONDS)).as("every waiting caller heard of the death").isTrue();
    }

    @Test
    void aServerDeathWhileCallsWaitFailsEachOfThemWithTheReason() throws Exception {
        Pid server = GenServer.start(node, new EchoServer(), null);
        int callers = 5;
        CountDownLatch waiting = new CountDownLatch(callers);
        CompletableFuture<?>[] outcomes = new CompletableFuture<?>[callers];
        for (int c = 0; c < callers; c++) {
            CompletableFuture<ExitReason> outcome = new CompletableFuture<>();
            outcomes[c] = outcome;
            node.spawn(self -> {
                waiting.countDown();
                try {
                    GenServer.call(server, "never", LONG);
                    outcome.completeExceptionally(new AssertionError("the call returned"));
                } catch (CallExitException e) {
                    outcome.complete(e.reason());
                }
            });
        }
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
        org.awaitility.Awaitility.await().atMost(LONG).until(() -> process(server).callWatchCount() == callers);
        node.exit(server, ExitReason.shutdown("maintenance"));
        for (CompletableFuture<?> outcome : outcomes) {
            assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.shutdown("maintenance"));
        }
    }

    @Test
    void aDeathAfterTheCallTimedOutLeavesNothingInTheCallersMailbox() throws Exception {
        Pid server = GenServer.start(node, new EchoServer(), null);
        CompletableFuture<Object> next = new CompletableFuture<>();
        node.spawn(self -> {
            assertThatThrownBy(() -> GenServer.call(server, "never", Duration.ofMillis(50)))
                    .isInstanceOf(CallTimeoutException.class);
            // the kill runs on this thread: the server's death notices are all sent before exit returns
            self.exit(server, ExitReason.KILL);
            self.send(self.self(), "marker");
            next.complete(self.receive(Matcher.any()));
        });
        assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo("marker");
    }

    @Test
    void aCallToAServerThatHasDiedFailsWithNoproc() throws Exception {
        Pid server = GenServer.start(node, new EchoServer(), null);
        GenServer.stop(server);
        CompletableFuture<ExitReason> reason = new CompletableFuture<>();
        node.spawn(self -> {
            try {
                GenServer.call(server, "echo", LONG);
            } catch (CallExitException e) {
                reason.complete(e.reason());
            }
        });
        assertThat(reason.get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.NO_PROCESS);
    }

    @Test
    void aCallerThatReusesItsWatchAcrossServersStillLearnsOfEachDeath() throws Exception {
        Pid first = GenServer.start(node, new EchoServer(), null);
        Pid second = GenServer.start(node, new EchoServer(), null);
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        node.spawn(self -> {
            for (int i = 0; i < 1_000; i++) {
                GenServer.call(i % 2 == 0 ? first : second, "echo", LONG);
            }
            waiting.countDown();
            try {
                GenServer.call(first, "never", LONG);
                outcome.complete("returned");
            } catch (CallExitException e) {
                // the watch reused a thousand times was still listed on the first server when it died
                Object echo = GenServer.call(second, "echo", LONG);
                outcome.complete(List.of(e.reason(), echo));
            }
        });
        assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();
        org.awaitility.Awaitility.await().atMost(LONG).until(() -> process(first).callWatchCount() == 1);
        node.exit(first, ExitReason.KILL);
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo(List.of(ExitReason.KILLED, "echo"));
        assertThat(process(second).callWatchCount()).isZero();
    }

    @Test
    void aProcessThatWaitsLongStopsSpinning() throws Exception {
        CompletableFuture<Integer> budget = new CompletableFuture<>();
        node.spawn(self -> {
            ProcessImpl me = (ProcessImpl) self;
            for (int i = 0; i < 20; i++) {
                // nothing comes: each wait parks for a millisecond, far longer than any spin
                self.receive(m -> m instanceof String s && s.equals("nothing") ? s : null, Duration.ofMillis(1));
            }
            budget.complete(me.spinBudget());
        });
        assertThat(budget.get(10, TimeUnit.SECONDS)).isZero();
    }
    @Test
    void aLateReplyCannotTakeTheCellOfTheNextCall() throws Exception {
        CompletableFuture<List<Object>> seen = new CompletableFuture<>();
        node.spawn(self -> {
            ProcessImpl me = (ProcessImpl) self;
            ReplyCell first = new ReplyCell(1);
            CallerSide.awaitReply(me, first);
            CallerSide.abandonReply(me, first); // the first call was cut short
            ReplyCell second = new ReplyCell(2);
            CallerSide.awaitReply(me, second);
            boolean late = CallerSide.deliverReply(me, 1, "late");
            boolean fresh = CallerSide.deliverReply(me, 2, "fresh");
            Object taken = CallerSide.takeReply(me, second, Duration.ofSeconds(1));
            boolean afterwards = CallerSide.deliverReply(me, 2, "again"); // the call has ended: nothing awaits tag 2
            seen.complete(List.of(late, fresh, taken, afterwards));
        });
        assertThat(seen.get(10, TimeUnit.SECONDS)).containsExactly(false, true, "fresh", false);
    }
}
