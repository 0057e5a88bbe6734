package io.fauxtp.supervisor.internal;

import io.fauxtp.genserver.CallExitException;
import io.fauxtp.process.Down;
import io.fauxtp.process.Exit;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Matcher;
import io.fauxtp.process.MonitorRef;
import io.fauxtp.process.Node;
import io.fauxtp.process.NodeEvents;
import io.fauxtp.process.Pid;
import io.fauxtp.process.ProcessContext;
import io.fauxtp.process.ProcessInfo;
import io.fauxtp.process.SpawnOptions;
import io.fauxtp.process.internal.ProcessExitSignal;
import io.fauxtp.process.Registry;
import io.fauxtp.supervisor.Backoff;
import io.fauxtp.supervisor.ChildCounts;
import io.fauxtp.supervisor.ChildInfo;
import io.fauxtp.supervisor.ChildSpec;
import io.fauxtp.supervisor.ChildStartException;
import io.fauxtp.supervisor.ChildStatus;
import io.fauxtp.supervisor.ChildType;
import io.fauxtp.supervisor.DynamicSupervisorSpec;
import io.fauxtp.supervisor.Restart;
import io.fauxtp.supervisor.Shutdown;
import io.fauxtp.supervisor.Strategy;
import io.fauxtp.supervisor.RestartObserver;
import io.fauxtp.supervisor.SupervisorEvent;
import io.fauxtp.supervisor.SupervisorSnapshot;
import io.fauxtp.supervisor.SupervisorSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The supervisor process: a plain fauxtp process that traps exits and runs one loop over its mailbox (child
 * exits, requests, delayed restarts). Everything here runs on the supervisor's own thread; other threads only
 * read the published {@link SupervisorSnapshot} and add requests to the mailbox.
 *
 * <p>Semantics follow Erlang's {@code supervisor}: see {@link SupervisorSpec} and {@code Supervisor}.
 */
public final class SupervisorProcess {

    private static final System.Logger LOG = System.getLogger(SupervisorProcess.class.getName());

    /**
     * The reason a supervisor exits with after exceeding its restart intensity: plain {@code shutdown}, as OTP's
     * {@code supervisor} does; why it gave up goes to the log and the {@link SupervisorEvent.SupervisorGaveUp} event.
     */
    public static final ExitReason REACHED_MAX_RESTART_INTENSITY = ExitReason.SHUTDOWN;

    /** How long a failed startLink waits for the Exit of its linked supervisor, once that has died. */
    private static final Duration LINK_EXIT_WAIT = Duration.ofSeconds(5);

    /** How long a start waits for a dying process (for example of a killed sibling tree) to release a name. */
    private static final Duration NAME_RELEASE_WAIT = Duration.ofSeconds(2);

    /** What a supervisor supervises. */
    public sealed interface Config {
        record Static(SupervisorSpec spec) implements Config {}

        record Dynamic(DynamicSupervisorSpec spec) implements Config {}
    }

    /** Why a supervisor did not start, as its exit reason detail: {@code {shutdown, failed_to_start_child(...)}}. */
    public record FailedToStartChild(String childId, Throwable cause) {
        @Override
        public String toString() {
            return "failed_to_start_child(" + childId + ", " + cause + ")";
        }
    }

    // ---------------------------------------------------------------- messages

    /** A request from a client, answered through {@code reply} (which works from processes and threads alike). */
    record Call(Request request, CompletableFuture<Object> reply) {}

    /**
     * The restart of the children marked with {@code token}: after a back-off delay, or ({@code retry}) the
     * retry of a start that failed during a restart.
     */
    record RestartDue(long token, boolean retry) {}

    /** The requests of the public API. */
    public sealed interface Request {
        record StartChild(ChildSpec spec) implements Request {}

        record StartTemplateChild() implements Request {}

        record TerminateChild(String id) implements Request {}

        record TerminateChildPid(Pid pid) implements Request {}

        record RestartChild(String id) implements Request {}

        record DeleteChild(String id) implements Request {}

        record WhichChildren() implements Request {}

        record CountChildren() implements Request {}

        record Stop() implements Request {}
    }

    // ---------------------------------------------------------------- client side

    /** Starts an unlinked supervisor on {@code node} and returns once all its children have started. */
    public static Pid start(Node node, Config config, String name) {
        CompletableFuture<Pid> ready = new CompletableFuture<>();
        SpawnOptions options = options(name);
        node.spawn(options, self -> new SupervisorProcess(self, config, null, name, ready).run());
        return awaitStart(ready);
    }

    /** From inside a process: starts a supervisor linked to the caller, which becomes its parent. */
    public static Pid startLink(Config config, String name) {
        ProcessContext caller = ProcessContext.current();
        CompletableFuture<Pid> ready = new CompletableFuture<>();
        Pid parent = caller.self();
        Pid sup = caller.spawn(options(name).withLink(),
                self -> new SupervisorProcess(self, config, parent, name, ready).run());
        try {
            return awaitStart(ready);
        } catch (RuntimeException failed) {
            awaitExited(caller, sup);
            throw failed;
        }
    }

    /**
     * Waits until the supervisor that failed to start has exited, so that its name is free and, for a caller
     * that traps exits, its exit signal is in the caller's mailbox when the error is thrown (a link's signal is
     * delivered before a monitor's Down).
     */
    private static void awaitExited(ProcessContext caller, Pid sup) {
        MonitorRef ref = caller.monitor(sup);
        try {
            caller.receive(Matcher.when(Down.class, d -> d.ref().equals(ref)));
            if (caller.trapsExit()) {
                // A monitor set while the supervisor was dying reports noproc at once, maybe before the dying
                // thread has delivered the link's Exit: wait for the Exit, and put it back in the mailbox.
                caller.receive(Matcher.when(Exit.class, e -> e.from().equals(sup)), LINK_EXIT_WAIT)
                        .ifPresent(exit -> caller.send(caller.self(), exit));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static SpawnOptions options(String name) {
        SpawnOptions options = SpawnOptions.defaults().withTrapExit();
        return name == null ? options : options.withName(name);
    }

    private static Pid awaitStart(CompletableFuture<Pid> ready) {
        try {
            return ready.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a supervisor to start", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ChildStartException c) {
                // a fresh exception, so the stack trace shows the caller; the message names the child.
                throw new ChildStartException(c.getMessage(), c.childId(), c.getCause());
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("supervisor failed to start: " + cause, cause);
        }
    }

    /**
     * Sends {@code request} to the supervisor {@code sup} and waits for the answer, however long it takes (a
     * terminate waits for the child's shutdown), but fails at once if the supervisor is or becomes dead.
     *
     * <p>Why this is not a {@code GenServer.call}: OTP's supervisor is a {@code gen_server}, and
     * {@code supervisor:start_child} and the rest are {@code gen_server:call(Sup, Request, infinity)}. This
     * supervisor is a plain process with a loop of its own ({@link #loop}), not a GenServer behaviour, so there is no
     * GenServer to call: it takes child exits, requests and restart timers from one mailbox and, within a request,
     * receives selectively (one child's {@code Down} or {@code Exit}) while the rest stay queued. A request is a
     * {@link Call} carrying a {@link CompletableFuture}, which gives what {@code gen_server:call(Sup, Request,
     * infinity)} gives: no time limit, from a process or any thread alike, and an immediate failure when the
     * supervisor is or becomes dead ({@code SupervisorDirectory.Entry#close} fails every pending request with the
     * supervisor's exit reason, as a call's monitor would). Turning the supervisor into a GenServer behaviour would
     * let its requests be GenServer calls (and be observed as such), at the price of moving this loop into
     * callbacks; it would add no guarantee that this path lacks.
     */
    public static Object call(Pid sup, Request request) {
        SupervisorDirectory.Entry entry = SupervisorDirectory.find(sup).orElseThrow(() -> notASupervisor(sup, request));
        CompletableFuture<Object> reply = new CompletableFuture<>();
        if (!entry.addPending(reply)) {
            throw new CallExitException(sup, request, ExitReason.NO_PROCESS);
        }
        try {
            Node node = Node.byId(sup.node()).orElseThrow(() -> new CallExitException(sup, request, ExitReason.NO_CONNECTION));
            node.send(sup, new Call(request, reply));
            return reply.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for supervisor " + sup + " to answer " + request, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            entry.removePending(reply);
        }
    }

    /**
     * Stops the supervisor {@code sup} (children first, in reverse order) and returns once the supervisor
     * process itself has exited (seen through the node's exit hook, so no helper process is left behind).
     */
    public static void stop(Pid sup) {
        Node node = Node.byId(sup.node()).orElseThrow(
                () -> new CallExitException(sup, new Request.Stop(), ExitReason.NO_CONNECTION));
        CompletableFuture<Void> gone = new CompletableFuture<>();
        NodeEvents.Listener watcher = new NodeEvents.Listener() {
            @Override
            public void processExited(Pid pid, String name, ExitReason reason) {
                if (pid.equals(sup)) {
                    gone.complete(null);
                }
            }
        };
        try (AutoCloseable subscription = node.events().subscribe(watcher)) {
            call(sup, new Request.Stop());
            if (node.isAlive(sup)) {
                gone.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for supervisor " + sup + " to exit", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("while stopping supervisor " + sup + ": " + e, e);
        }
    }

    private static RuntimeException notASupervisor(Pid pid, Request request) {
        boolean alive = Node.byId(pid.node()).map(n -> n.isAlive(pid)).orElse(false);
        Optional<ExitReason> ending = SupervisorDirectory.ending(pid);
        if (ending.isPresent()) {
            return new CallExitException(pid, request, alive ? ending.get() : ExitReason.NO_PROCESS);
        }
        if (alive) {
            return new IllegalArgumentException(pid + " is not a supervisor (it is a live process of another kind)");
        }
        return new CallExitException(pid, request, ExitReason.NO_PROCESS);
    }

    // ---------------------------------------------------------------- supervisor state

    private final ProcessContext ctx;
    private final Pid self;
    private final Node node;
    private final Pid parent;
    private final String name;
    private final Config config;
    private final CompletableFuture<Pid> ready;
    private final boolean dynamic;
    private final Strategy strategy;
    private final int maxRestarts;
    private final Duration within;
    private final RestartWindow window;
    private final SplittableRandom random = new SplittableRandom();

    /** Children in start order (a dynamic supervisor appends; a removed child leaves the order of the rest). */
    private final LinkedHashMap<String, Child> children = new LinkedHashMap<>();
    private final Map<Pid, Child> byPid = new HashMap<>();

    private SupervisorDirectory.Entry entry;
    private long totalRestarts;
    private boolean gaveUp;
    private long nextToken;
    private long dynamicSerial;

    /** One child, mutable, owned by the supervisor's thread. */
    private static final class Child {
        ChildSpec spec;
        Pid pid;
        ChildStatus status = ChildStatus.TERMINATED;
        int restartCount;
        Instant startedAt;
        long startedNanos;
        ExitReason lastExit;
        int consecutiveRestarts;
        long pendingToken;

        Child(ChildSpec spec) {
            this.spec = spec;
        }

        String id() {
            return spec.id();
        }

        ChildInfo info() {
            return new ChildInfo(spec.id(), pid, spec.name(), spec.type(), spec.restart(), status, restartCount,
                    startedAt, lastExit);
        }
    }

    private SupervisorProcess(ProcessContext ctx, Config config, Pid parent, String name, CompletableFuture<Pid> ready) {
        this.ctx = ctx;
        this.self = ctx.self();
        this.node = ctx.node();
        this.parent = parent;
        this.name = name;
        this.config = config;
        this.ready = ready;
        switch (config) {
            case Config.Static s -> {
                this.dynamic = false;
                this.strategy = s.spec().strategy();
                this.maxRestarts = s.spec().maxRestarts();
                this.within = s.spec().within();
            }
            case Config.Dynamic d -> {
                this.dynamic = true;
                this.strategy = Strategy.ONE_FOR_ONE;
                this.maxRestarts = d.spec().maxRestarts();
                this.within = d.spec().within();
            }
        }
        this.window = new RestartWindow(maxRestarts, within);
    }

    // ---------------------------------------------------------------- life cycle

    private void run() throws InterruptedException {
        ctx.trapExit(true);
        entry = SupervisorDirectory.add(self);
        ExitReason exitReason = ExitReason.KILLED;   // what waiting callers see if the loop is cut short (killed)
        try {
            boolean started;
            try {
                startInitialChildren();
                started = true;
            } catch (ChildStartException e) {
                // The starter learns of the failure from the exception. A starter that traps exits also gets
                // the exit signal, as in OTP; one that does not is not killed by it (a deliberate difference:
                // as with GenServer, the exception is the one report of the failure).
                if (parent != null && !node.info(parent).map(ProcessInfo::trapsExit).orElse(false)) {
                    ctx.unlink(parent);
                }
                exitReason = ExitReason.shutdown(new FailedToStartChild(e.childId(), e.getCause()));
                // OTP's start returns its error after the process is gone, name and all: the starter may
                // start another supervisor with the same name at once.
                if (name != null && node.registry().whereis(name).filter(self::equals).isPresent()) {
                    node.registry().unregister(name);
                }
                ready.completeExceptionally(e);
                started = false;
            }
            if (started) {
                publish();
                ready.complete(self);
                exitReason = loop();
            }
        } catch (ProcessExitSignal ended) {
            // killed (or ended by an exit signal): the links take the children down
            exitReason = ended.reason();
            throw ended;
        } catch (RuntimeException | Error defect) {
            // A defect in this class must not leave children behind without their supervisor.
            LOG.log(System.Logger.Level.ERROR, "supervisor " + self + " crashed; stopping its children", defect);
            exitReason = ExitReason.error(defect);
            shutdownAll();
            throw defect;
        } finally {
            if (!ready.isDone()) {
                ready.completeExceptionally(new IllegalStateException("supervisor " + self + " ended while starting"));
            }
            SupervisorDirectory.remove(entry, exitReason);
        }
        if (!exitReason.isNormal()) {
            ctx.exit(exitReason);
        }
    }

    private void startInitialChildren() throws InterruptedException {
        if (!(config instanceof Config.Static s)) {
            return;
        }
        for (ChildSpec spec : s.spec().children()) {
            Child child = new Child(spec);
            try {
                startProcess(child);
            } catch (ChildStartException e) {
                shutdownAll();
                throw new ChildStartException("supervisor " + describe() + " failed to start: " + e.getMessage(),
                        e.childId(), e.getCause());
            }
            children.put(spec.id(), child);
            byPid.put(child.pid, child);
            Pid pid = child.pid;
            emit(() -> new SupervisorEvent.ChildStarted(self, spec.id(), pid, Instant.now()));
        }
    }

    /** Runs until the supervisor is to exit, and returns the reason to exit with. */
    private ExitReason loop() throws InterruptedException {
        while (true) {
            Object message = ctx.receive();
            ExitReason stop = switch (message) {
                case Exit e -> onExit(e);
                case Call c -> onCall(c);
                case RestartDue r -> onRestartDue(r);
                default -> {
                    LOG.log(System.Logger.Level.WARNING, "supervisor {0} dropped an unexpected message: {1}", self, message);
                    yield null;
                }
            };
            if (stop != null) {
                return stop;
            }
        }
    }

    private String describe() {
        return name == null ? self.toString() : self + " (" + name + ")";
    }

    // ---------------------------------------------------------------- exits

    /** Returns the reason to exit with, or null to go on. */
    private ExitReason onExit(Exit exit) throws InterruptedException {
        if (parent != null && exit.from().equals(parent)) {
            shutdownAll();
            publish();
            return exit.reason();
        }
        Child child = byPid.get(exit.from());
        if (child == null) {
            return null;   // a stale instance, or a child that failed during its start
        }
        return onChildExit(child, exit.reason());
    }

    private ExitReason onChildExit(Child child, ExitReason reason) throws InterruptedException {
        Pid old = child.pid;
        byPid.remove(old);
        child.pid = null;
        child.lastExit = reason;
        if (!child.spec.restart().restartsAfter(reason)) {
            if (child.spec.restart() == Restart.TEMPORARY || dynamic) {
                children.remove(child.id());
            } else {
                child.status = ChildStatus.TERMINATED;
            }
            emit(() -> new SupervisorEvent.ChildExited(self, child.id(), old, reason, Instant.now()));
            publish();
            return null;
        }
        child.status = ChildStatus.RESTARTING;
        emit(() -> new SupervisorEvent.ChildExited(self, child.id(), old, reason, Instant.now()));
        ObservedRestart observed = observeRestart(child, reason);
        long now = System.nanoTime();
        if (!window.add(now)) {
            ExitReason gaveUp = giveUp();
            ended(observed, RestartObserver.Outcome.GAVE_UP, null);
            return gaveUp;
        }
        totalRestarts++;
        if (child.spec.backoff() != null) {
            boolean stable = now - child.startedNanos >= child.spec.backoff().max().toNanos();
            child.consecutiveRestarts = stable ? 1 : child.consecutiveRestarts + 1;
        }
        List<Child> group = stopGroup(child);
        Duration delay = backoffDelay(child);
        if (!delay.isZero()) {
            long token = ++nextToken;
            for (Child member : group) {
                member.status = ChildStatus.RESTARTING;
                member.pendingToken = token;
            }
            RestartTimer.sendAfter(node, self, new RestartDue(token, false), delay);
            publish();
            ended(observed, RestartObserver.Outcome.DELAYED, null);
            return null;
        }
        return startGroup(group, observed);
    }

    /** A restart decision the node's {@link RestartObserver} follows. */
    private record ObservedRestart(RestartObserver observer, Object context) {
    }

    /** Tells the node's restart observer, if any, that {@code child}'s group is to be restarted. */
    private ObservedRestart observeRestart(Child child, ExitReason reason) {
        RestartObserver observer = entry.restartObserver();
        if (observer == null) {
            return null;
        }
        try {
            Object context = observer.restarting(self, strategy, child.id(), reason);
            return context == null ? null : new ObservedRestart(observer, context);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "restart observer " + observer + " failed", e);
            return null;
        }
    }

    private void ended(ObservedRestart observed, RestartObserver.Outcome outcome, Throwable failure) {
        if (observed == null) {
            return;
        }
        try {
            observed.observer().ended(observed.context(), outcome, failure);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "restart observer " + observed.observer() + " failed", e);
        }
    }

    /**
     * OTP's group restart, first half ({@code terminate_children} in supervisor.erl): the group of {@code child}
     * by the strategy (itself; all children; itself and those started after it) is stopped in reverse start
     * order, its temporary members are forgotten, and every other member, running or not (terminated by hand,
     * a transient that exited normally, one waiting for a restart), is to be started again.
     *
     * @return the members to start, in start order
     */
    private List<Child> stopGroup(Child child) throws InterruptedException {
        List<Child> group = switch (strategy) {
            case ONE_FOR_ONE -> List.of(child);
            case ONE_FOR_ALL -> List.copyOf(children.values());
            case REST_FOR_ONE -> childrenFrom(child);
        };
        List<Child> toStart = new ArrayList<>(group.size());
        for (Child member : group.reversed()) {
            if (member.status == ChildStatus.RUNNING) {
                shutdownChild(member);
            }
            member.pendingToken = 0;
            if (member.spec.restart() == Restart.TEMPORARY) {
                children.remove(member.id());   // temporary children are not restarted with their siblings
            } else {
                member.status = ChildStatus.TERMINATED;
                toStart.add(member);
            }
        }
        return toStart.reversed();
    }

    /**
     * The second half ({@code start_children}): starts {@code group} in order. When a start fails, OTP leaves
     * the rest of the group stopped, marks the failed child as restarting and retries later, through its
     * mailbox: the retry counts as a restart and restarts the failed child's group again from the start,
     * stopping the members this attempt started (so a group never runs members of two generations).
     */
    private ExitReason startGroup(List<Child> group, ObservedRestart observed) throws InterruptedException {
        for (int i = 0; i < group.size(); i++) {
            Child child = group.get(i);
            try {
                startProcess(child);
            } catch (ChildStartException e) {
                ended(observed, RestartObserver.Outcome.START_FAILED, e.getCause());
                for (Child later : group.subList(i + 1, group.size())) {
                    later.status = ChildStatus.TERMINATED;
                    later.pendingToken = 0;
                }
                emit(() -> new SupervisorEvent.ChildStartFailed(self, child.id(), e.getCause(), Instant.now()));
                LOG.log(System.Logger.Level.WARNING, "supervisor " + describe() + ": " + e.getMessage(), e.getCause());
                long token = ++nextToken;
                child.status = ChildStatus.RESTARTING;
                child.pendingToken = token;
                Duration delay = backoffDelay(child);
                if (delay.isZero()) {
                    ctx.send(self, new RestartDue(token, true));
                } else {
                    RestartTimer.sendAfter(node, self, new RestartDue(token, true), delay);
                }
                publish();
                return null;
            }
            child.pendingToken = 0;
            child.restartCount++;
            byPid.put(child.pid, child);
            Pid pid = child.pid;
            int count = child.restartCount;
            emit(() -> new SupervisorEvent.ChildRestarted(self, child.id(), pid, count, Instant.now()));
        }
        publish();
        ended(observed, RestartObserver.Outcome.RESTARTED, null);
        return null;
    }

    /**
     * A restart that is due: after a back-off delay, the group waiting for it starts; after a failed start
     * (OTP's {@code try_again_restart}), it counts as a restart and the failed child's group restarts anew.
     * Nothing happens if the restart was cancelled meanwhile (terminated, restarted or deleted by hand, or
     * started with a group).
     */
    private ExitReason onRestartDue(RestartDue due) throws InterruptedException {
        List<Child> waiting = new ArrayList<>();
        for (Child child : children.values()) {
            if (child.status == ChildStatus.RESTARTING && child.pendingToken == due.token()) {
                waiting.add(child);
            }
        }
        if (waiting.isEmpty()) {
            return null;
        }
        if (!due.retry()) {
            return startGroup(waiting, null);   // observed as DELAYED when the restart was decided
        }
        Child failed = waiting.getFirst();
        ObservedRestart observed = observeRestart(failed, null);
        if (!window.add(System.nanoTime())) {
            ExitReason gaveUp = giveUp();
            ended(observed, RestartObserver.Outcome.GAVE_UP, null);
            return gaveUp;
        }
        totalRestarts++;
        return startGroup(stopGroup(failed), observed);
    }

    private List<Child> childrenFrom(Child first) {
        List<Child> result = new ArrayList<>();
        boolean found = false;
        for (Child c : children.values()) {
            found |= c == first;
            if (found) {
                result.add(c);
            }
        }
        return result;
    }

    private Duration backoffDelay(Child child) {
        Backoff backoff = child.spec.backoff();
        return backoff == null ? Duration.ZERO : backoff.delay(Math.max(1, child.consecutiveRestarts), random);
    }

    private ExitReason giveUp() throws InterruptedException {
        gaveUp = true;
        LOG.log(System.Logger.Level.ERROR, "supervisor {0} reached_max_restart_intensity: more than {1} restarts in {2}"
                + "; stopping all children and exiting with reason shutdown", describe(), maxRestarts, within);
        shutdownAll();
        publish();
        emit(() -> new SupervisorEvent.SupervisorGaveUp(self, maxRestarts, within, REACHED_MAX_RESTART_INTENSITY,
                Instant.now()));
        return REACHED_MAX_RESTART_INTENSITY;
    }

    // ---------------------------------------------------------------- starting and stopping children

    /** Starts {@code child}; on success it is RUNNING with its new pid (the caller indexes it). */
    private void startProcess(Child child) throws InterruptedException {
        ChildSpec spec = child.spec;
        Pid pid;
        try {
            if (spec.name() != null) {
                awaitNameReleased(spec.name());
            }
            pid = spec.start() instanceof ChildStarts.NamedStart named
                    ? named.start(ctx, spec.name())
                    : spec.start().start(ctx);
            if (pid == null) {
                throw new IllegalStateException("its start function returned null instead of the child's pid");
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new ChildStartException("child '" + spec.id() + "' failed to start: " + e.getMessage(), spec.id(), e);
        }
        try {
            if (!(spec.start() instanceof ChildStarts.NamedStart)) {   // the built-in starts link by construction
                checkLinked(pid);
                if (spec.name() != null) {
                    registerName(spec.name(), pid);
                }
            }
        } catch (RuntimeException e) {
            stopUnwanted(pid);
            throw new ChildStartException("child '" + spec.id() + "' failed to start: " + e.getMessage(), spec.id(), e);
        }
        child.pid = pid;
        child.status = ChildStatus.RUNNING;
        child.startedAt = Instant.now();
        child.startedNanos = System.nanoTime();
    }

    /**
     * When a name is still held by a process that is not one of ours (typically the child of a killed
     * supervisor, killed through its link a moment later than its supervisor), waits a moment for it to exit.
     */
    private void awaitNameReleased(String childName) throws InterruptedException {
        Optional<Pid> holder = node.registry().whereis(childName);
        if (holder.isEmpty() || byPid.containsKey(holder.get())) {
            return;
        }
        MonitorRef ref = ctx.monitor(holder.get());
        Optional<Down> down = ctx.receive(Matcher.when(Down.class, d -> d.ref().equals(ref)), NAME_RELEASE_WAIT);
        if (down.isEmpty()) {
            ctx.demonitor(ref);
        }
    }

    private void checkLinked(Pid pid) {
        Optional<ProcessInfo> info = node.info(pid);
        if (info.isPresent() && !info.get().links().contains(self)) {
            throw new IllegalStateException("its start function returned " + pid + ", which is not linked to the "
                    + "supervisor; start the child with parent.spawnLink(...) or GenServer.startLink(...)");
        }
    }

    private void registerName(String childName, Pid pid) {
        Registry registry = node.registry();
        if (!registry.nameOf(pid).filter(childName::equals).isPresent()) {
            registry.register(childName, pid);
        }
    }

    /** Kills a process we started but will not keep, without letting its exit look like a child's. */
    private void stopUnwanted(Pid pid) throws InterruptedException {
        MonitorRef ref = ctx.monitor(pid);
        ctx.unlink(pid);
        ctx.exit(pid, ExitReason.KILL);
        awaitDown(ref, null);
        ctx.receive(Matcher.when(Exit.class, e -> e.from().equals(pid)), Duration.ZERO);
    }

    /**
     * Stops a running child as its shutdown says (Erlang's {@code shutdown/2}): monitor, unlink, send
     * {@code shutdown} (or {@code kill}), wait for the monitor's {@code Down}, kill when the timeout passes.
     * The child is left without a pid; the caller decides its status.
     */
    private void shutdownChild(Child child) throws InterruptedException {
        Pid pid = child.pid;
        MonitorRef ref = ctx.monitor(pid);
        ctx.unlink(pid);
        ExitReason reason;
        switch (child.spec.shutdown()) {
            case Shutdown.BrutalKill k -> {
                ctx.exit(pid, ExitReason.KILL);
                reason = awaitDown(ref, null);
            }
            case Shutdown.Timeout t -> {
                ctx.exit(pid, ExitReason.SHUTDOWN);
                reason = awaitDown(ref, t.duration());
                if (reason == null) {
                    LOG.log(System.Logger.Level.WARNING, "supervisor {0}: child ''{1}'' {2} did not stop within {3}; killing it",
                            describe(), child.id(), pid, t);
                    ctx.exit(pid, ExitReason.KILL);
                    reason = awaitDown(ref, null);
                }
            }
            case Shutdown.Infinity i -> {
                ctx.exit(pid, ExitReason.SHUTDOWN);
                reason = awaitDown(ref, null);
            }
        }
        stopped(child, pid, reason);
    }

    /** Records that {@code child}, which ran as {@code pid}, was stopped and ended with {@code reason}. */
    private void stopped(Child child, Pid pid, ExitReason reason) throws InterruptedException {
        // If the child died before the unlink, its exit signal is already in the mailbox: take it out, and
        // prefer its reason to the monitor's noproc.
        Optional<Exit> early = ctx.receive(Matcher.when(Exit.class, e -> e.from().equals(pid)), Duration.ZERO);
        if (early.isPresent() && reason instanceof ExitReason.NoProcess) {
            reason = early.get().reason();
        }
        byPid.remove(pid);
        child.pid = null;
        child.status = ChildStatus.TERMINATED;   // the caller may mark it for restart instead
        child.lastExit = reason;
        child.pendingToken = 0;
        ExitReason why = reason;
        emit(() -> new SupervisorEvent.ChildExited(self, child.id(), pid, why, Instant.now()));
    }

    /** The Down reason, or null when {@code timeout} (null: none) passed first. */
    private ExitReason awaitDown(MonitorRef ref, Duration timeout) throws InterruptedException {
        Matcher<Down> matcher = Matcher.when(Down.class, d -> d.ref().equals(ref));
        if (timeout == null) {
            return ctx.receive(matcher).reason();
        }
        return ctx.receive(matcher, timeout).map(Down::reason).orElse(null);
    }

    /**
     * Stops every running child, in reverse start order (a dynamic supervisor: all at once); pending restarts
     * are cancelled.
     */
    private void shutdownAll() {
        try {
            if (dynamic) {
                shutdownAllAtOnce();
            }
            for (Child child : List.copyOf(children.values()).reversed()) {
                if (child.status == ChildStatus.RUNNING) {
                    shutdownChild(child);
                }
                child.status = ChildStatus.TERMINATED;
                child.pendingToken = 0;
                if (child.spec.restart() == Restart.TEMPORARY || dynamic) {
                    children.remove(child.id());
                }
            }
        } catch (InterruptedException e) {
            // Killed while stopping children: the links take the rest down.
            Thread.currentThread().interrupt();
        }
    }

    /** A child being stopped by {@link #shutdownAllAtOnce}: kill it at {@code killAt} (nanoTime; MAX_VALUE: never). */
    private record Stopping(Child child, Pid pid, long killAt) {}

    /**
     * Stops the children of a dynamic supervisor as OTP stops those of a {@code simple_one_for_one}: every
     * child is unlinked and sent its {@code shutdown} (or {@code kill}) at once, then the supervisor waits for
     * them all, killing each one whose own shutdown time has passed; stopping them takes about the longest
     * shutdown, not the sum. They are asked in reverse start order, and stop concurrently.
     */
    private void shutdownAllAtOnce() throws InterruptedException {
        Map<MonitorRef, Stopping> waiting = new HashMap<>();
        long now = System.nanoTime();
        for (Child child : List.copyOf(children.values()).reversed()) {   // asked in reverse start order
            if (child.status != ChildStatus.RUNNING) {
                continue;
            }
            Pid pid = child.pid;
            MonitorRef ref = ctx.monitor(pid);
            ctx.unlink(pid);
            long killAt = Long.MAX_VALUE;
            switch (child.spec.shutdown()) {
                case Shutdown.BrutalKill k -> ctx.exit(pid, ExitReason.KILL);
                case Shutdown.Timeout t -> {
                    ctx.exit(pid, ExitReason.SHUTDOWN);
                    killAt = now + t.duration().toNanos();
                }
                case Shutdown.Infinity i -> ctx.exit(pid, ExitReason.SHUTDOWN);
            }
            waiting.put(ref, new Stopping(child, pid, killAt));
        }
        Matcher<Down> ours = Matcher.when(Down.class, d -> waiting.containsKey(d.ref()));
        while (!waiting.isEmpty()) {
            long next = Long.MAX_VALUE;
            for (Stopping s : waiting.values()) {
                next = Math.min(next, s.killAt());
            }
            Optional<Down> down = next == Long.MAX_VALUE
                    ? Optional.of(ctx.receive(ours))
                    : ctx.receive(ours, Duration.ofNanos(Math.max(0, next - System.nanoTime())));
            if (down.isPresent()) {
                Stopping s = waiting.remove(down.get().ref());
                stopped(s.child(), s.pid(), down.get().reason());
                continue;
            }
            long at = System.nanoTime();
            for (Map.Entry<MonitorRef, Stopping> e : waiting.entrySet()) {
                Stopping s = e.getValue();
                if (s.killAt() <= at) {
                    LOG.log(System.Logger.Level.WARNING, "supervisor {0}: child ''{1}'' {2} did not stop within {3}; "
                            + "killing it", describe(), s.child().id(), s.pid(), s.child().spec.shutdown());
                    ctx.exit(s.pid(), ExitReason.KILL);
                    e.setValue(new Stopping(s.child(), s.pid(), Long.MAX_VALUE));
                }
            }
        }
    }

    // ---------------------------------------------------------------- requests

    private ExitReason onCall(Call call) throws InterruptedException {
        Object result;
        ExitReason stop = null;
        try {
            result = switch (call.request()) {
                case Request.StartChild s -> startChild(s.spec());
                case Request.StartTemplateChild t -> startChild(template());
                case Request.TerminateChild t -> {
                    terminate(find(t.id()));
                    yield null;
                }
                case Request.TerminateChildPid t -> {
                    Child child = byPid.get(t.pid());
                    if (child == null) {
                        throw new IllegalArgumentException(t.pid() + " is not a running child of supervisor " + describe());
                    }
                    terminate(child);
                    yield null;
                }
                case Request.RestartChild r -> restartChild(find(r.id()));
                case Request.DeleteChild d -> {
                    deleteChild(find(d.id()));
                    yield null;
                }
                case Request.WhichChildren w -> children.values().stream().map(Child::info).toList();
                case Request.CountChildren c -> counts();
                case Request.Stop s -> {
                    shutdownAll();
                    stop = ExitReason.NORMAL;
                    yield null;
                }
            };
        } catch (RuntimeException e) {
            call.reply().completeExceptionally(e);
            return null;
        }
        publish();
        call.reply().complete(result);
        return stop;
    }

    private ChildSpec template() {
        if (!(config instanceof Config.Dynamic d) || d.spec().template() == null) {
            throw new IllegalStateException("supervisor " + describe() + " has no child template; give the child "
                    + "spec explicitly: DynamicSupervisor.startChild(sup, spec)");
        }
        return d.spec().template();
    }

    private Pid startChild(ChildSpec spec) throws InterruptedException {
        if (dynamic) {
            int max = ((Config.Dynamic) config).spec().maxChildren();
            if (max > 0 && children.size() >= max) {
                throw new IllegalStateException("dynamic supervisor " + describe() + " already has its maximum of "
                        + max + " children");
            }
            spec = spec.withId(spec.id() + "#" + (++dynamicSerial));
        } else {
            Child existing = children.get(spec.id());
            if (existing != null) {
                throw new IllegalStateException("supervisor " + describe() + " already has a child '" + spec.id()
                        + "' (" + existing.status.name().toLowerCase() + "); use restartChild, or deleteChild first");
            }
        }
        Child child = new Child(spec);
        startProcess(child);
        children.put(spec.id(), child);
        byPid.put(child.pid, child);
        Pid pid = child.pid;
        String id = spec.id();
        emit(() -> new SupervisorEvent.ChildStarted(self, id, pid, Instant.now()));
        return pid;
    }

    private Child find(String id) {
        Child child = children.get(id);
        if (child == null) {
            throw new IllegalArgumentException("supervisor " + describe() + " has no child '" + id + "'; its children are "
                    + children.keySet());
        }
        return child;
    }

    private void terminate(Child child) throws InterruptedException {
        if (child.status == ChildStatus.RUNNING) {
            shutdownChild(child);
        }
        child.status = ChildStatus.TERMINATED;
        child.pendingToken = 0;
        if (child.spec.restart() == Restart.TEMPORARY || dynamic) {
            children.remove(child.id());
        }
    }

    private Pid restartChild(Child child) throws InterruptedException {
        if (child.status == ChildStatus.RUNNING) {
            throw new IllegalStateException("child '" + child.id() + "' of supervisor " + describe()
                    + " is running as " + child.pid + "; terminate it first");
        }
        if (child.status == ChildStatus.RESTARTING) {
            // OTP answers {error, restarting}: the supervisor's own restart is under way.
            throw new IllegalStateException("child '" + child.id() + "' of supervisor " + describe()
                    + " is restarting (a restart is pending after a failed start or a back-off delay); to start it "
                    + "now, terminateChild then restartChild");
        }
        startProcess(child);
        child.pendingToken = 0;
        byPid.put(child.pid, child);
        Pid pid = child.pid;
        emit(() -> new SupervisorEvent.ChildStarted(self, child.id(), pid, Instant.now()));
        return pid;
    }

    private void deleteChild(Child child) {
        if (child.status != ChildStatus.TERMINATED) {
            throw new IllegalStateException("child '" + child.id() + "' of supervisor " + describe() + " is "
                    + child.status.name().toLowerCase() + "; terminate it before deleting it");
        }
        children.remove(child.id());
    }

    private ChildCounts counts() {
        int active = 0;
        int supervisors = 0;
        for (Child c : children.values()) {
            if (c.status == ChildStatus.RUNNING) {
                active++;
            }
            if (c.spec.type() == ChildType.SUPERVISOR) {
                supervisors++;
            }
        }
        return new ChildCounts(children.size(), active, supervisors, children.size() - supervisors);
    }

    // ---------------------------------------------------------------- snapshot and events

    private void publish() {
        List<ChildInfo> infos = new ArrayList<>(children.size());
        for (Child c : children.values()) {
            infos.add(c.info());
        }
        entry.publish(new SupervisorSnapshot(self, name, parent, dynamic, strategy, maxRestarts, within,
                window.count(System.nanoTime()), totalRestarts, gaveUp, infos, Instant.now()));
    }

    /**
     * Delivers an event, after publishing the snapshot that already shows it (so a listener that reads the
     * snapshot is never behind the event). Nothing is built when nobody listens.
     */
    private void emit(Supplier<SupervisorEvent> event) {
        if (entry.hasListeners()) {
            publish();
            entry.deliver(event.get());
        }
    }
}
