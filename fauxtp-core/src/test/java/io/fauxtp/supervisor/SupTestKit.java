package io.fauxtp.supervisor;


import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.CastResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.genserver.StartOptions;
import io.fauxtp.process.Down;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Matcher;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.awaitility.core.ConditionFactory;

/** Workers and waits shared by the supervisor tests. Every wait is on a condition, with a generous limit. */
final class SupTestKit {

    static final Duration PATIENCE = Duration.ofSeconds(10);

    private SupTestKit() {}

    static ConditionFactory eventually() {
        return org.awaitility.Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(2));
    }

    /** A shared, ordered log of what workers did ("init:a", "terminate:a"). */
    static final class Log {
        private final List<String> entries = new ArrayList<>();

        synchronized void add(String entry) {
            entries.add(entry);
        }

        synchronized List<String> entries() {
            return List.copyOf(entries);
        }

        List<String> matching(String prefix) {
            return entries().stream().filter(e -> e.startsWith(prefix)).toList();
        }
    }

    /** What a {@link Worker} instance does. */
    record WorkerArgs(String id, boolean failInit, boolean hangInTerminate) {
        static WorkerArgs of(String id) {
            return new WorkerArgs(id, false, false);
        }
    }

    record Crash() {}

    record StopWith(ExitReason reason) {}

    /**
     * A GenServer worker that logs its init and terminate, answers "ping", crashes on {@link Crash} and stops
     * with a given reason on {@link StopWith}.
     */
    static final class Worker implements GenServer<WorkerArgs> {
        final Log log;

        Worker(Log log) {
            this.log = log;
        }

        @Override
        public WorkerArgs init(Object args) {
            WorkerArgs a = (WorkerArgs) args;
            if (a.failInit()) {
                log.add("init-failed:" + a.id());
                throw new IllegalStateException("init of " + a.id() + " refused (boom)");
            }
            log.add("init:" + a.id());
            return a;
        }

        @Override
        public CallResult<WorkerArgs> handleCall(Object request, From from, WorkerArgs state) {
            return CallResult.reply("pong:" + state.id(), state);
        }

        @Override
        public CastResult<WorkerArgs> handleCast(Object request, WorkerArgs state) {
            return switch (request) {
                case Crash c -> throw new IllegalStateException("crash requested for " + state.id());
                case StopWith s -> CastResult.stop(s.reason(), state);
                default -> CastResult.noReply(state);
            };
        }

        @Override
        public void terminate(ExitReason reason, WorkerArgs state) throws Exception {
            if (reason instanceof ExitReason.Error) {
                return;   // a crash, not a stop: the tests log only orderly terminations
            }
            log.add("terminate:" + state.id());
            if (state.hangInTerminate()) {
                io.fauxtp.process.ProcessContext.current().receive(Matcher.exactly("never sent"));
            }
        }

        /** A child spec for this worker; {@code trapExit} so that a shutdown runs {@code terminate}. */
        ChildSpec spec(String id) {
            return spec(WorkerArgs.of(id));
        }

        ChildSpec spec(WorkerArgs args) {
            return ChildSpec.genServer(args.id(), this, args, StartOptions.defaults().withTrapExit(true));
        }
    }

    /** The child {@code id} of {@code sup} from its snapshot. */
    static ChildInfo child(Pid sup, String id) {
        return Supervisor.snapshot(sup).orElseThrow(() -> new AssertionError(sup + " is not a live supervisor"))
                .child(id).orElseThrow(() -> new AssertionError("no child " + id + " in " + sup));
    }

    static Pid pidOf(Pid sup, String id) {
        Pid pid = child(sup, id).pid();
        if (pid == null) {
            throw new AssertionError("child " + id + " of " + sup + " is not running");
        }
        return pid;
    }

    /** Waits until child {@code id} runs as a pid other than {@code old}, and returns it. */
    static Pid awaitReplaced(Pid sup, String id, Pid old) {
        eventually().until(() -> {
            Pid now = Supervisor.snapshot(sup).flatMap(s -> s.child(id)).map(ChildInfo::pid).orElse(null);
            return now != null && !now.equals(old);
        });
        return pidOf(sup, id);
    }

    /** The exit reason of {@code pid}, observed through a monitor held by a probe process. */
    static CompletableFuture<ExitReason> exitOf(Node node, Pid pid) {
        CompletableFuture<ExitReason> reason = new CompletableFuture<>();
        CompletableFuture<Void> monitoring = new CompletableFuture<>();
        node.spawn(self -> {
            self.monitor(pid);
            monitoring.complete(null);
            Down down = self.receive(Matcher.type(Down.class));
            reason.complete(down.reason());
        });
        monitoring.join();
        return reason;
    }

    static ExitReason await(CompletableFuture<ExitReason> f) throws Exception {
        return f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    /** Collects supervisor events; waits for the next event matching a predicate. */
    static final class Events implements AutoCloseable {
        private final BlockingQueue<SupervisorEvent> queue = new LinkedBlockingQueue<>();
        private final List<SupervisorEvent> all = new ArrayList<>();
        private final AutoCloseable subscription;

        Events(Node node) {
            this.subscription = Supervisor.subscribe(node, this::offer);
        }

        private void offer(SupervisorEvent e) {
            synchronized (all) {
                all.add(e);
            }
            queue.add(e);
        }

        List<SupervisorEvent> all() {
            synchronized (all) {
                return List.copyOf(all);
            }
        }

        @SuppressWarnings("unchecked")
        <E extends SupervisorEvent> E next(Class<E> type, Predicate<? super E> p) throws InterruptedException, TimeoutException {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (true) {
                SupervisorEvent e = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (e == null) {
                    throw new TimeoutException("no " + type.getSimpleName() + " event matching in " + PATIENCE
                            + "; seen: " + all());
                }
                if (type.isInstance(e) && p.test((E) e)) {
                    return (E) e;
                }
            }
        }

        @Override
        public void close() throws Exception {
            subscription.close();
        }
    }
}
