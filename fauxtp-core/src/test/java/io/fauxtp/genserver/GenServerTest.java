package io.fauxtp.genserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fauxtp.process.Down;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Matcher;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.process.ProcessContext;
import io.fauxtp.testkit.Probe;
import io.fauxtp.testkit.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GenServerTest {

    static final Duration LONG = Duration.ofSeconds(10);

    @RegisterExtension
    final TestNode fauxtp = new TestNode("genserver");
    private final Node node = fauxtp.node();
    private final Probe out = new Probe();

    @Test
    void counter() {
        // tag::counter[]
        record Add(int n) {}
        record Get() {}
        record Reset() {}
        class Counter implements GenServer<Integer> {
            @Override
            public Integer init(Object args) {
                return (Integer) args;
            }

            @Override
            public CallResult<Integer> handleCall(Object request, From from, Integer count) {
                return switch (request) {
                    case Add(int n) -> CallResult.reply(count + n, count + n);
                    case Get() -> CallResult.reply(count, count);
                    default -> throw new IllegalArgumentException("unknown call " + request);
                };
            }

            @Override
            public CastResult<Integer> handleCast(Object request, Integer count) {
                return request instanceof Reset ? CastResult.noReply(0) : CastResult.noReply(count);
            }
        }
        try (Node node = Node.create()) {
            Pid counter = GenServer.start(node, new Counter(), 0, StartOptions.defaults().withName("counter"));
            assertThat(GenServer.<Integer>call(counter, new Add(5))).isEqualTo(5);
            GenServer.cast(counter, new Reset());
            assertThat(GenServer.<Integer>call(node, "counter", new Get())).isZero();
        }
        // end::counter[]
    }

    /** A server that records its callbacks into {@code out} and does what the test asks. */
    final class Scripted implements GenServer<List<String>> {
        @Override
        public List<String> init(Object args) throws Exception {
            if (args instanceof Exception e) {
                throw e;
            }
            if (args instanceof CountDownLatch latch) {
                latch.await();
            }
            return new ArrayList<>();
        }

        @Override
        public CallResult<List<String>> handleCall(Object request, From from, List<String> state) throws Exception {
            if (request instanceof String command) {
                return switch (command) {
                    case "echo" -> CallResult.reply("echo", state);
                    case "later" -> {
                        out.put(from);
                        yield CallResult.noReply(state);
                    }
                    case "stop-with-reply" -> CallResult.stop(ExitReason.NORMAL, "bye", state);
                    case "stop-silently" -> CallResult.stop(ExitReason.of("quit"), state);
                    case "crash" -> throw new IllegalStateException("callback crash");
                    case "block" -> {
                        out.put("blocking");
                        new CountDownLatch(1).await();
                        yield CallResult.reply("never", state);
                    }
                    case "continue" -> CallResult.reply("first", state).thenContinue("then");
                    case "idle" -> CallResult.reply("ok", state).withTimeout(Duration.ofMillis(20));
                    default -> CallResult.reply(command, state);
                };
            }
            return switch (request) {
                case CountDownLatch latch -> {
                    latch.await();
                    yield CallResult.reply("slow", state);
                }
                case Pid other -> CallResult.reply(GenServer.call(other, "echo"), state);
                default -> CallResult.reply(request, state);
            };
        }

        @Override
        public CastResult<List<String>> handleInfo(Object message, List<String> state) throws Exception {
            out.put(message);
            return CastResult.noReply(state);
        }

        @Override
        public CastResult<List<String>> handleContinue(Object cont, List<String> state) throws Exception {
            out.put("continued " + cont);
            return CastResult.noReply(state);
        }

        @Override
        public void terminate(ExitReason reason, List<String> state) throws Exception {
            out.put("terminate " + reason);
        }
    }

    @Test
    void startReturnsAfterInitAndInitFailureIsThrownToTheStarter() {
        Pid pid = GenServer.start(node, new Scripted(), null);
        assertThat(node.isAlive(pid)).isTrue();
        assertThatThrownBy(() -> GenServer.start(node, new Scripted(), new java.io.IOException("no db"),
                StartOptions.defaults().withName("broken")))
                .isInstanceOf(StartException.class)
                .hasMessageContaining("no db")
                .cause().isInstanceOf(java.io.IOException.class);
        await().atMost(LONG).until(() -> node.processCount() == 1);
        assertThat(node.registry().whereis("broken")).isEmpty();
    }

    @Test
    void initFailureOfALinkedServerDoesNotKillTheStarter() throws Exception {
        node.spawn(self -> {
            try {
                GenServer.startLink(new Scripted(), new IllegalStateException("init says no"));
            } catch (StartException e) {
                out.put(e.getCause().getMessage());
            }
            out.put(self.receive(Matcher.any(), Duration.ofMillis(100)).isEmpty());
        });
        assertThat(out.next()).isEqualTo("init says no");
        assertThat(out.next()).isEqualTo(true);
    }

    @Test
    void initThatTakesTooLongFailsTheStartAndTheServerIsKilled() {
        CountDownLatch never = new CountDownLatch(1);
        assertThatThrownBy(() -> GenServer.start(node, new Scripted(), never,
                StartOptions.defaults().withStartTimeout(Duration.ofMillis(100))))
                .isInstanceOf(StartException.class).hasMessageContaining("did not finish");
        await().atMost(LONG).until(() -> node.processCount() == 0);
    }

    @Test
    void aTakenNameFailsTheStartClearly() {
        GenServer.start(node, new Scripted(), null, StartOptions.defaults().withName("dup"));
        assertThatThrownBy(() -> GenServer.start(node, new Scripted(), null, StartOptions.defaults().withName("dup")))
                .isInstanceOf(StartException.class).hasMessageContaining("'dup' is already registered");
    }

    @Test
    void spawnReturnsBeforeInitAndMessagesSentMeanwhileWaitForIt() throws Exception {
        CountDownLatch initMayFinish = new CountDownLatch(1);
        Pid pid = GenServer.spawn(node, new Scripted(), initMayFinish);
        // init is still blocked on the latch, yet spawn has returned: a call cannot be answered yet
        assertThatThrownBy(() -> GenServer.call(pid, "echo", Duration.ofMillis(50)))
                .isInstanceOf(CallTimeoutException.class);
        node.send(pid, "sent before init finished");
        initMayFinish.countDown();
        assertThat(GenServer.<String>call(pid, "echo", LONG)).isEqualTo("echo");
        assertThat(out.next()).isEqualTo("sent before init finished");
    }

    @Test
    void spawnStartsManyServersWithoutWaitingForEachInit() {
        // tag::spawn[]
        record Session(String user) {}
        class SessionServer implements GenServer<Session> {
            @Override
            public Session init(Object user) {
                return new Session((String) user); // runs in the new process, after spawn has returned
            }

            @Override
            public CallResult<Session> handleCall(Object request, From from, Session session) {
                return CallResult.reply(session.user(), session);
            }
        }
        try (Node node = Node.create()) {
            List<Pid> sessions = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                sessions.add(GenServer.spawn(node, new SessionServer(), "user-" + i));
            }
            // a call waits in the mailbox until init has run
            assertThat(GenServer.<String>call(sessions.get(9_999), "who")).isEqualTo("user-9999");
        }
        // end::spawn[]
    }

    /** Waits for its argument (a latch) in init, then fails with an IOException. */
    static final class FailsWhenReleased implements GenServer<Object> {
        @Override
        public Object init(Object args) throws Exception {
            ((CountDownLatch) args).await();
            throw new java.io.IOException("no db");
        }
    }

    @Test
    void aSpawnedServersInitFailureIsACrashThatLinksAndMonitorsSee() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        node.spawn(self -> {
            self.trapExit(true);
            Pid linked = GenServer.spawnLink(new Scripted(), new IllegalStateException("init says no"));
            out.put(self.receive(m -> m instanceof io.fauxtp.process.Exit e && e.from().equals(linked) ? e : null));
            Pid watched = GenServer.spawn(self.node(), new FailsWhenReleased(), release,
                    StartOptions.defaults().withName("fails"));
            self.monitor(watched); // before the crash: init is still waiting for the latch
            release.countDown();
            out.put(self.receive(m -> m instanceof Down d && d.pid().equals(watched) ? d : null));
        });
        var exit = (io.fauxtp.process.Exit) out.next();
        assertThat(exit.reason()).isInstanceOfSatisfying(ExitReason.Error.class,
                e -> assertThat(e.cause()).isInstanceOf(IllegalStateException.class).hasMessage("init says no"));
        var down = (Down) out.next();
        assertThat(down.reason()).isInstanceOfSatisfying(ExitReason.Error.class,
                e -> assertThat(e.cause()).isInstanceOf(java.io.IOException.class).hasMessage("no db"));
        assertThat(node.registry().whereis("fails")).as("a crashed server's name is released").isEmpty();
        await().atMost(LONG).until(() -> node.processCount() == 0); // the failed servers, and the driver, ended
    }

    @Test
    void aStartWhoseServerIsKilledDuringInitReportsTheExitReasonNotTheInterrupt() throws Exception {
        // init blocks on a latch; the kill interrupts it, and init then throws InterruptedException: the starter
        // must be told the exit reason. Repeated: the interrupt and the exit hook race differently each time.
        for (int i = 0; i < 50; i++) {
            String name = "slow-" + i;
            CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
                try {
                    GenServer.start(node, new Scripted(), new CountDownLatch(1), StartOptions.defaults().withName(name));
                    return null;
                } catch (StartException e) {
                    return e;
                }
            });
            await().atMost(LONG).until(() -> node.registry().whereis(name).isPresent());
            node.exit(node.registry().whereis(name).orElseThrow(), ExitReason.of("boom"));
            assertThat(failure.get(10, TimeUnit.SECONDS)).as("start %d", i)
                    .isInstanceOf(StartException.class).hasMessageContaining("exited with boom before its init finished");
        }
    }

    @Test
    void anUnlinkedServerHasNoParentSoItsStartersExitSignalGoesToHandleInfo() throws Exception {
        node.spawn(self -> {
            Pid server = GenServer.start(self.node(), new Scripted(), null, StartOptions.defaults().withTrapExit(true));
            self.exit(server, ExitReason.SHUTDOWN);
            out.put(GenServer.call(server, "echo"));
        });
        Object exit = out.next();
        assertThat(exit).isInstanceOf(io.fauxtp.process.Exit.class);
        assertThat(((io.fauxtp.process.Exit) exit).reason()).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(out.next()).as("still alive: no terminate").isEqualTo("echo");
    }

    @Test
    void spawnRegistersTheNameBeforeItReturnsAndATakenNameFails() {
        Pid pid = GenServer.spawn(node, new Scripted(), null, StartOptions.defaults().withName("spawned"));
        assertThat(node.registry().whereis("spawned")).contains(pid);
        assertThat(GenServer.<String>call(node, "spawned", "echo", LONG)).isEqualTo("echo");
        assertThatThrownBy(() -> GenServer.spawn(node, new Scripted(), null, StartOptions.defaults().withName("spawned")))
                .isInstanceOf(StartException.class).hasMessageContaining("'spawned' is already registered");
        assertThatThrownBy(() -> GenServer.spawnLink(new Scripted(), null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not inside a fauxtp process");
    }

    @Test
    void callingADeadOrMissingServerFailsAtOnceWithNoproc() {
        Pid pid = GenServer.start(node, new Scripted(), null);
        GenServer.stop(pid);
        assertThatThrownBy(() -> GenServer.call(pid, "echo", Duration.ofMinutes(5)))
                .isInstanceOfSatisfying(CallExitException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExitReason.NO_PROCESS));
        assertThatThrownBy(() -> GenServer.call(node, "missing", "echo", Duration.ofMinutes(5)))
                .isInstanceOfSatisfying(CallExitException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExitReason.NO_PROCESS));
    }

    @Test
    void aServerDyingDuringTheCallFailsItAtOnceWithTheReason() throws Exception {
        Pid pid = GenServer.start(node, new Scripted(), null);
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                GenServer.call(pid, "block", Duration.ofMinutes(5));
            } catch (CallExitException e) {
                out.add(e.reason());
            }
        });
        assertThat(out.next()).isEqualTo("blocking");
        node.exit(pid, ExitReason.of("pulled plug"));
        assertThat(out.next()).isEqualTo(new ExitReason.Custom("pulled plug"));
        caller.join();
        assertThat(out.poll(100, TimeUnit.MILLISECONDS)).as("no terminate after an untrapped exit signal").isNull();
    }

    @Test
    void aCrashInACallbackEndsTheServerAndTheCallerGetsTheError() throws Exception {
        Pid pid = GenServer.start(node, new Scripted(), null);
        assertThatThrownBy(() -> GenServer.call(pid, "crash"))
                .isInstanceOfSatisfying(CallExitException.class, e -> {
                    assertThat(e.reason()).isInstanceOf(ExitReason.Error.class);
                    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("callback crash");
                });
        assertThat(out.next()).asString().startsWith("terminate error: java.lang.IllegalStateException");
        await().atMost(LONG).until(() -> !node.isAlive(pid));
    }

    @Test
    void pendingDeferredCallersFailAtOnceWhenTheServerCrashes() throws Exception {
        Pid pid = GenServer.start(node, new Scripted(), null);
        Thread waiting = Thread.ofVirtual().start(() -> {
            try {
                GenServer.call(pid, "later", Duration.ofMinutes(5));
            } catch (CallExitException e) {
                out.add("deferred caller got " + e.reason().getClass().getSimpleName());
            }
        });
        assertThat(out.next()).isInstanceOf(From.class);
        assertThatThrownBy(() -> GenServer.call(pid, "crash")).isInstanceOf(CallExitException.class);
        List<Object> seen = List.of(out.next(), out.next());
        assertThat(seen).contains("deferred caller got Error");
        waiting.join();
    }

    @Test
    void aTimedOutCallThrowsAndItsLateReplyIsNeverSeen() throws Exception {
        Pid pid = GenServer.start(node, new Scripted(), null);
        CountDownLatch release = new CountDownLatch(1);
        node.spawn(self -> {
            try {
                GenServer.call(pid, release, Duration.ofMillis(50));
            } catch (CallTimeoutException e) {
                out.put("timeout");
            }
            release.countDown();
            // the late "slow" reply arrives now; the next call must get its own reply
            out.put(GenServer.call(pid, "echo"));
            // the late reply was sent before the echo reply (one sender, in order): it never reached the mailbox
            out.put(node.info(self.self()).orElseThrow().mailboxSize());
            out.put(self.receive(Matcher.any(), Duration.ofMillis(100)).isEmpty());
        });
        assertThat(out.next()).isEqualTo("timeout");
        assertThat(out.next()).isEqualTo("echo");
        assertThat(out.next()).as("caller's mailbox size").isEqualTo(0);
        assertThat(out.next()).as("nothing left in the caller's mailbox").isEqualTo(true);
    }

    @Test
    void aTimedOutCallFromOrdinaryCodeDiscardsTheLateReply() throws Exception {
        Pid pid = GenServer.start(node, new Scripted(), null);
        CountDownLatch release = new CountDownLatch(1);
        assertThatThrownBy(() -> GenServer.call(pid, release, Duration.ofMillis(50)))
                .isInstanceOf(CallTimeoutException.class).hasMessageContaining("within");
        release.countDown();
        assertThat((String) GenServer.call(pid, "echo")).isEqualTo("echo");
        assertThat(node.processCount()).as("no process per call").isEqualTo(1);
    }

    @Test
    void deferredReplyFromAnotherProcess() throws Exception {
        Pid pid = GenServer.start(node, new Scripted(), null);
        Thread caller = Thread.ofVirtual().start(() -> out.add("caller got " + GenServer.call(pid, "later")));
        From from = (From) out.next();
        assertThat(from.callerIsProcess()).isFalse();
        node.spawn(self -> GenServer.reply(from, 42));
        assertThat(out.next()).isEqualTo("caller got 42");
        caller.join();
        GenServer.reply(from, 43); // a second reply is dropped
        assertThat((String) GenServer.call(pid, "echo")).isEqualTo("echo");
    }

    @Test
    void callsBetweenProcessesAndByName() throws Exception {
        Pid a = GenServer.start(node, new Scripted(), null, StartOptions.defaults().withName("a"));
        Pid b = GenServer.start(node, new Scripted(), null);
        assertThat((String) GenServer.call(b, a)).isEqualTo("echo");
        node.spawn(self -> out.put(GenServer.call("a", "hello")));
        assertThat(out.next()).isEqualTo("hello");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void aServerCallingItselfIsRefused() throws Exception {
        Pid pid = GenServer.start(node, new GenServer<Object>() {
            @Override
            public Object init(Object args) {
                return "";
            }

            @Override
            public CallResult<Object> handleCall(Object request, From from, Object state) {
                try {
                    GenServer.call(ProcessContext.current().self(), "again");
                    return CallResult.reply("no error", state);
                } catch (IllegalStateException e) {
                    return CallResult.reply(e.getMessage(), state);
                }
            }
        }, null);
        assertThat((String) GenServer.call(pid, "x")).contains("called itself");
    }

    @Test
    void stopWithReplyRunsTerminateAndReplies() throws Exception {
        Pid pid = GenServer.start(node, new Scripted(), null);
        assertThat((String) GenServer.call(pid, "stop-with-reply")).isEqualTo("bye");
        assertThat(out.next()).isEqualTo("terminate normal");
        await().atMost(LONG).until(() -> !node.isAlive(pid));
    }

    @Test
    void stopWithoutReplyFailsTheCallWithTheReason() throws Exception {
        Pid pid = GenServer.start(node, new Scripted(), null);
        assertThatThrownBy(() -> GenServer.call(pid, "stop-silently"))
                .isInstanceOfSatisfying(CallExitException.class,
                        e -> assertThat(e.reason()).isEqualTo(new ExitReason.Custom("quit")));
        assertThat(out.next()).isEqualTo("terminate quit");
    }

    @Test
    void stopFromOutsideRunsTerminateAndWaits() throws Exception {
        Pid pid = GenServer.start(node, new Scripted(), null);
        GenServer.stop(pid, ExitReason.shutdown("maintenance"), LONG);
        assertThat(node.isAlive(pid)).isFalse();
        assertThat(out.next()).isEqualTo("terminate {shutdown, maintenance}");
        assertThatThrownBy(() -> GenServer.stop(pid)).isInstanceOfSatisfying(CallExitException.class,
                e -> assertThat(e.reason()).isEqualTo(ExitReason.NO_PROCESS));
    }

    @Test
    void aTrappingServerRunsTerminateOnShutdownFromItsParent() throws Exception {
        LinkedBlockingQueue<Pid> server = new LinkedBlockingQueue<>();
        Pid parent = node.spawn(self -> {
            self.trapExit(true);
            Pid child = GenServer.startLink(new Scripted(), null, StartOptions.defaults().withTrapExit(true));
            server.put(child);
            self.receive(Matcher.type(String.class));
            self.exit(child, ExitReason.SHUTDOWN);
            out.put(self.receive(Matcher.type(io.fauxtp.process.Exit.class)));
        });
        Pid child = server.take();
        node.send(parent, "shut it down");
        assertThat(out.next()).isEqualTo("terminate shutdown");
        assertThat(out.next()).isEqualTo(new io.fauxtp.process.Exit(child, ExitReason.SHUTDOWN));
    }

    @Test
    void aNonTrappingServerDiesFromAnExitSignalWithoutTerminate() throws Exception {
        Pid pid = GenServer.start(node, new Scripted(), null);
        node.spawn(self -> {
            self.monitor(pid);
            self.exit(pid, ExitReason.SHUTDOWN);
            out.put(self.receive(Matcher.type(Down.class)).reason());
        });
        assertThat(out.next()).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(out.poll(100, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void otherMessagesGoToHandleInfo() throws Exception {
        Pid pid = GenServer.start(node, new Scripted(), null);
        node.send(pid, "plain message");
        assertThat(out.next()).isEqualTo("plain message");
    }

    @Test
    void handleContinueRunsBeforeTheNextMessage() throws Exception {
        Pid pid = GenServer.start(node, new Scripted(), null);
        assertThat((String) GenServer.call(pid, "continue")).isEqualTo("first");
        node.send(pid, "after");
        assertThat(out.next()).isEqualTo("continued then");
        assertThat(out.next()).isEqualTo("after");
    }

    @Test
    void idleTimeoutFromACallbackResult() throws Exception {
        Pid pid = GenServer.start(node, new Scripted(), null);
        assertThat((String) GenServer.call(pid, "idle")).isEqualTo("ok");
        assertThat(out.next()).isEqualTo(new IdleTimeout(Duration.ofMillis(20)));
        // the callback's timeout applies once; with no StartOptions idle timeout nothing more arrives
        assertThat(out.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void idleTimeoutFromStartOptionsRepeats() throws Exception {
        GenServer.start(node, new Scripted(), null, StartOptions.defaults().withIdleTimeout(Duration.ofMillis(10)));
        assertThat(out.next()).isEqualTo(new IdleTimeout(Duration.ofMillis(10)));
        assertThat(out.next()).isEqualTo(new IdleTimeout(Duration.ofMillis(10)));
    }

    @Test
    void anUnexpectedCallCrashesAServerThatDoesNotHandleCalls() {
        Pid pid = GenServer.start(node, args -> "state", null);
        assertThatThrownBy(() -> GenServer.call(pid, "hello"))
                .isInstanceOfSatisfying(CallExitException.class,
                        e -> assertThat(e.getCause()).hasMessageContaining("does not override handleCall"));
    }

    @Test
    void statusShowsWhatFormatStatusChooses() {
        Pid hidden = GenServer.start(node, new Scripted(), null);
        assertThat(GenServer.formattedStatus(hidden, LONG)).isEmpty();
        Pid shown = GenServer.start(node, new GenServer<Integer>() {
            @Override
            public Integer init(Object args) {
                return 7;
            }

            @Override
            public Object formatStatus(Integer state) {
                return "count=" + state;
            }
        }, null);
        assertThat(GenServer.formattedStatus(shown, LONG)).contains("count=7");
        GenServer.stop(shown);
        assertThatThrownBy(() -> GenServer.formattedStatus(shown, LONG)).isInstanceOf(CallExitException.class);
    }

    @Test
    void badResultsAndOptionsAreClearErrors() {
        assertThatThrownBy(() -> StartOptions.defaults().withStartTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("startTimeout");
        assertThatThrownBy(() -> CallResult.stop(ExitReason.NORMAL, "s").thenContinue("x"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> GenServer.startLink(new Scripted(), null))
                .isInstanceOf(IllegalStateException.class);
    }
}
