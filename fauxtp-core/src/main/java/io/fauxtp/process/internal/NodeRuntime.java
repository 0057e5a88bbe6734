package io.fauxtp.process.internal;

import io.fauxtp.process.Down;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.MonitorRef;
import io.fauxtp.process.Node;
import io.fauxtp.process.NodeEvents;
import io.fauxtp.process.Pid;
import io.fauxtp.process.ProcessBody;
import io.fauxtp.process.ProcessInfo;
import io.fauxtp.process.SpawnOptions;
import io.fauxtp.process.spi.RemoteTransport;
import io.fauxtp.process.Registry;
import java.lang.System.Logger.Level;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** The implementation behind {@link Node}: process table, spawning, delivery, exit signals, closing. */
public final class NodeRuntime {

    private static final System.Logger LOG = System.getLogger("io.fauxtp.process");
    private static final AtomicInteger NEXT_ID = new AtomicInteger(1);
    private static final ConcurrentHashMap<Integer, NodeRuntime> NODES = new ConcurrentHashMap<>();
    /** How often {@link #close()} looks whether the killed processes' threads have ended. */
    private static final long CLOSE_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    /** How long {@link #close()} waits for process threads before it gives up and logs them. */
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** A spawned process and, if the spawner asked for one, its monitor on it. */
    public record Spawned(ProcessImpl process, MonitorRef monitor) {}

    private final Node node;
    private final int id;
    private final String name;
    private final Pid externalPid;
    private final AtomicLong serials = new AtomicLong();
    private final AtomicLong refs = new AtomicLong();
    private final AtomicLong tags = new AtomicLong();
    /** This node's processes by pid serial (the node part of their pids is {@link #id}). */
    private final SerialTable<ProcessImpl> table = new SerialTable<>();
    /**
     * Process threads started and not yet ended, for {@link #close()}. A count, not a set of threads: a process
     * wakes from hibernation on a new thread, and two map updates per wake-up made a call to an idle server and
     * a short-lived process a fifth slower.
     */
    private final LongAdder liveThreads = new LongAdder();
    private final OrdinaryCalls externalCalls = new OrdinaryCalls();
    /** Guards the request observer's swap. */
    private final Object observerLock = new Object();
    private final LocalRegistry registry = new LocalRegistry(this);
    private final NodeEventsImpl events = new NodeEventsImpl();
    private volatile boolean closed;
    private volatile RemoteTransport remoteTransport;
    /** The GenServer request hook (an io.fauxtp.genserver.RequestObserver), or null: read once per request. */
    private volatile Object requestObserver;
    /** See {@link #hibernateAfterNanos()}; plain: set before the processes it concerns run (tests). */
    private long hibernateAfterNanos = HIBERNATE_AFTER_NANOS;

    /**
     * How long a GenServer whose last hibernation was cut short within this time waits before it hibernates again
     * ({@code fauxtp.genserver.hibernateAfterMillis}, default 20; 0: always hibernate once the receive's spin
     * finds nothing). Like {@code hibernate_after} of {@code gen_server}, for servers that have shown they get
     * messages again soon.
     */
    static final long HIBERNATE_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(
            Long.getLong("fauxtp.genserver.hibernateAfterMillis", 20));

    public NodeRuntime(Node node, String name) {
        this.node = node;
        int next;
        do {
            next = NEXT_ID.getAndIncrement();
        } while (NODES.putIfAbsent(next, this) != null);
        this.id = next;
        this.name = name == null ? "node" + id : name;
        this.externalPid = new Pid(id, 0);
        events.messagesSent = this::messagesSent;
    }

    /** A runtime with the explicit id {@code id} (cluster-unique, chosen by a cluster adapter). */
    public NodeRuntime(Node node, String name, int id) {
        if (id <= 0) {
            throw new IllegalArgumentException("node id must be positive, got " + id);
        }
        if (NODES.putIfAbsent(id, this) != null) {
            throw new IllegalStateException("node id " + id + " is already used by an open node of this JVM ("
                    + NODES.get(id).node + "); choose another id or close that node first");
        }
        this.node = node;
        this.id = id;
        this.name = name == null ? "node" + id : name;
        this.externalPid = new Pid(id, 0);
        events.messagesSent = this::messagesSent;
    }

    /** See {@link #HIBERNATE_AFTER_NANOS}. */
    long hibernateAfterNanos() {
        return hibernateAfterNanos;
    }

    /** Sets this node's hibernate-after time, before it starts the servers it concerns (tests). */
    void hibernateAfter(java.time.Duration after) {
        hibernateAfterNanos = after.toNanos();
    }

    /** The open node runtime with id {@code id}, or null. */
    public static NodeRuntime byId(int id) {
        NodeRuntime last = lastLookedUp;
        if (last != null && last.id == id && last.listed) {
            return last;
        }
        NodeRuntime r = NODES.get(id);
        if (r != null) {
            lastLookedUp = r;
        }
        return r;
    }

    /** The last node {@link #byId} found: most programs have one node, and this spares a map lookup per send. */
    private static volatile NodeRuntime lastLookedUp;
    /** False from the moment this node leaves {@link #NODES}. */
    private volatile boolean listed = true;

    private void unlist() {
        listed = false;
        NODES.remove(id);
    }

    /** The runtime of {@code node}; fails when the node is closed. */
    /** The GenServer request hook, or null (typed by the GenServer runtime, which owns it). */
    public Object requestObserver() {
        return requestObserver;
    }

    /** Sets the hook when none is set ({@code expected} null), or removes {@code expected}; false when it was not. */
    public boolean swapRequestObserver(Object expected, Object observer) {
        synchronized (observerLock) {
            if (requestObserver != expected) {
                return false;
            }
            requestObserver = observer;
            return true;
        }
    }

    public static NodeRuntime of(Node node) {
        NodeRuntime r = NODES.get(node.id());
        if (r == null) {
            throw new IllegalStateException(node + " is closed");
        }
        return r;
    }

    public Node node() {
        return node;
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** The pseudo-pid standing for ordinary (non-process) code on this node: serial 0, never a process. */
    public Pid externalPid() {
        return externalPid;
    }

    public Pid newPid() {
        return new Pid(id, serials.incrementAndGet());
    }

    MonitorRef newMonitorRef() {
        return new MonitorRef(id, refs.incrementAndGet());
    }

    /** A fresh call tag, unique within this node. */
    public long newTag() {
        return tags.incrementAndGet();
    }

    /**
     * Spins until {@code done} holds or the mailbox spin time ({@code fauxtp.mailbox.spinNanos}) has passed; for
     * ordinary threads that wait for an answer from a process, and for a starter waiting for {@code init}. Where
     * spinning would keep the awaited process from running (one carrier, or one CPU: see {@link Spin}), it yields
     * instead.
     */
    public static void spinUntil(java.util.function.BooleanSupplier done) {
        long limit = QueueMailbox.SPIN_NANOS;
        if (limit <= 0) {
            return;
        }
        if (Spin.contended()) {
            return; // the awaited thread may need the core this one would hold (see Contention)
        }
        if (Spin.mustYield()) {
            Spin.yieldUntil(done, limit, Spin.POLLS_PER_YIELD);
            return;
        }
        long start = System.nanoTime();
        long last = start;
        for (int i = 1; !done.getAsBoolean(); i++) {
            Thread.onSpinWait();
            if ((i & 15) == 0) {
                long now = System.nanoTime();
                Spin.CONTENTION.looked(last, now);
                last = now;
                if (now - start >= limit) {
                    return;
                }
            }
        }
    }

    /**
     * Parks the calling thread for up to about {@code nanos}, for a starter waiting for {@code init}; like
     * {@link LockSupport#parkNanos}, it may return early, for no reason too. A virtual thread with a second or more
     * left (a start's timeout is 30 s by default) parks through {@link LongParks}: a timed park would set a JDK
     * timer and cancel it when the init ends, long before the timeout, nearly always; the time may then be up a
     * few milliseconds before it returns.
     */
    public static void parkNanos(Object blocker, long nanos) {
        if (nanos < OrdinaryCaller.COARSE_TIMEOUT_NANOS || !Thread.currentThread().isVirtual()) {
            LockSupport.parkNanos(blocker, nanos);
            return;
        }
        // a deadline within a day: a longer wait parks again, and a deadline must not overflow
        LongParks.parkUntil(blocker, System.nanoTime() + Math.min(nanos, LONGEST_PARK_NANOS));
    }

    private static final long LONGEST_PARK_NANOS = TimeUnit.DAYS.toNanos(1);

    // ----- spawning -----

    public Pid spawn(SpawnOptions options, ProcessBody body) {
        Objects.requireNonNull(options, "options");
        ProcessImpl parent = ProcessImpl.current();
        if (parent != null) {
            parent.checkAlive();
        }
        return spawnProcess(null, options, body, parent, null, true).self();
    }

    /**
     * Creates and starts a process. Name, link, monitor and trap-exit are in place before its body runs.
     *
     * @param pid      a pid from {@link #newPid()}, or null for a fresh one
     * @param parent   the spawning process (needed for link and monitor options), or null
     * @param hook     run at its death, or null
     * @param logCrash whether an uncaught exception is logged (tasks report theirs to their owner instead)
     * @throws io.fauxtp.process.NameTakenException the name is taken (nothing was started)
     */
    public ProcessImpl spawnProcess(Pid pid, SpawnOptions options, ProcessBody body, ProcessImpl parent,
                                    ExitHook hook, boolean logCrash) {
        ProcessImpl process = admit(pid, options, body, parent, hook, logCrash);
        if (options.monitor()) {
            process.monitoredBy(parent);
        }
        launch(process, options.name());
        return process;
    }

    /**
     * As {@link #spawnProcess}, monitored by {@code parent}, for a spawner that wants the monitor's reference too
     * (only this one returns a record: the other spawns allocate none).
     */
    Spawned spawnMonitored(ProcessBody body, ProcessImpl parent) {
        SpawnOptions options = SpawnOptions.defaults().withMonitor();
        ProcessImpl process = admit(null, options, body, parent, null, true);
        MonitorRef ref = process.monitoredBy(parent);
        launch(process, null);
        return new Spawned(process, ref);
    }

    /** Creates a process and enters it into the table, its name and its link (see {@link #spawnProcess}). */
    private ProcessImpl admit(Pid pid, SpawnOptions options, ProcessBody body, ProcessImpl parent, ExitHook hook,
                              boolean logCrash) {
        try {
            Objects.requireNonNull(body, "body");
            if ((options.link() || options.monitor()) && parent == null) {
                throw new IllegalStateException("spawn options link/monitor need a spawning process, but "
                        + Thread.currentThread() + " is not a fauxtp process; spawn from inside a process");
            }
            if (closed) {
                throw new IllegalStateException(node + " is closed; cannot spawn");
            }
        } catch (RuntimeException refused) {
            if (pid != null) {
                table.abandon(pid.serial()); // no process will have it: its chunk of the table must not wait for it
            }
            throw refused;
        }
        Pid p = pid == null ? newPid() : pid;
        ProcessImpl process = new ProcessImpl(this, p, body, options.trapExit(), hook, logCrash);
        table.put(p.serial(), process);
        // A full fence between the put and the read of closed, as close() writes closed and then reads the table:
        // one of the two sees the other (a release store alone lets both miss, and a process run on a closed node).
        VarHandle.fullFence();
        if (closed) {
            // close() may have checked the table before this entry existed: undo.
            table.remove(p.serial());
            throw new IllegalStateException(node + " is closed; cannot spawn");
        }
        if (options.name() != null) {
            try {
                registry.register(options.name(), p);
            } catch (RuntimeException | Error e) {
                table.remove(p.serial());
                throw e;
            }
        }
        if (options.link()) {
            if (!Links.linkBoth(parent, process)) {
                Links.exitSignal(parent.self(), process, ExitReason.NO_PROCESS, false);
            }
        }
        return process;
    }

    /** Starts the thread of a process {@link #admit} created (its monitor, if any, in place). */
    private void launch(ProcessImpl process, String name) {
        events.spawned(process.self(), name);
        liveThreads.increment();
        // the process is its own first thread's code: a spawn allocates no lambda for it
        process.start(PROCESS_THREADS.newThread(process));
        ProcessImpl.wokeAnother();
    }

    /** A process's thread has ended (see {@link #startThread} and {@link ProcessImpl#run}). */
    void threadEnded() {
        liveThreads.decrement();
    }

    /**
     * Makes the virtual threads of processes. One name for all (a thread dump tells process threads apart from
     * others): a name per process would be a string built per thread, and a process gets a new thread each time it
     * wakes from hibernation. One factory for all: no builder per thread.
     */
    private static final java.util.concurrent.ThreadFactory PROCESS_THREADS =
            Thread.ofVirtual().name("fauxtp-process").factory();

    /** Starts a virtual thread running {@code code} as {@code process} (at spawn, and after a hibernation). */
    void startThread(ProcessImpl process, Runnable code) {
        Thread thread = PROCESS_THREADS.newThread(() -> {
            try {
                code.run();
            } finally {
                liveThreads.decrement();
            }
        });
        liveThreads.increment();
        process.start(thread);
        ProcessImpl.wokeAnother();
    }

    /**
     * Spawns a task process whose body stores the value of {@code work}; at its death {@code onEnd} gets the
     * value (null unless the exit was normal) and the reason.
     */
    public <T> void spawnTask(Pid pid, ProcessImpl owner, boolean link, Callable<T> work,
                              BiConsumer<Object, ExitReason> onEnd) {
        Object[] value = new Object[1];
        SpawnOptions options = link ? SpawnOptions.defaults().withLink() : SpawnOptions.defaults();
        spawnProcess(pid, options, self -> value[0] = work.call(), owner,
                (process, reason) -> onEnd.accept(reason.isNormal() ? value[0] : null, reason), false);
    }

    /** Messages sent on this node: by ordinary code, by processes that have ended, and by the live ones. */
    long messagesSent() {
        long sum = events.sentOutsideProcesses() + sentByEnded.sum();
        long[] live = new long[1];
        table.forEach(p -> live[0] += p.sentCount());
        sum += live[0];
        // A process that is ending may be counted twice or not at all for a moment: never report less than
        // before, so the counter stays monotonic.
        return sentReported.accumulateAndGet(sum, Math::max);
    }

    /** Sends by processes that have left the table. */
    private final java.util.concurrent.atomic.LongAdder sentByEnded = new java.util.concurrent.atomic.LongAdder();
    private final AtomicLong sentReported = new AtomicLong();

    void removed(ProcessImpl process, String registeredName, ExitReason reason) {
        sentByEnded.add(process.sentCount());
        table.remove(process.self().serial(), process);
        events.exited(process.self(), registeredName, reason);
    }

    // ----- lookup -----

    /** The live-or-dying process of this node with {@code pid}, or null. */
    public ProcessImpl lookup(Pid pid) {
        return pid.node() == id ? table.get(pid.serial()) : null;
    }

    /** The process with {@code pid} on whichever open node it belongs to, or null. */
    public ProcessImpl lookupAnyNode(Pid pid) {
        if (pid.node() == id) {
            return table.get(pid.serial());
        }
        NodeRuntime other = NODES.get(pid.node());
        return other == null ? null : other.table.get(pid.serial());
    }

    /** Chunks in the process table (tests). */
    int tableChunkCount() {
        return table.chunkCount();
    }

    public LocalRegistry registryImpl() {
        return registry;
    }

    // ----- messages and signals -----

    /**
     * Counts a send. A process counts its own sends in a field only it writes (summed when the metric is read);
     * ordinary code counts in the node's adder. A shared counter per send would be an atomic update on a cache
     * line every sending core fights over.
     */
    void countSend() {
        ProcessImpl sender = ProcessImpl.current();
        if (sender != null) {
            sender.countSend();
        } else {
            events.countSend();
        }
    }

    public void send(Pid to, Object message) {
        send(ProcessImpl.current(), to, message);
    }

    /** A send by {@code sender} (null: ordinary code), which is counted as such. */
    void send(ProcessImpl sender, Pid to, Object message) {
        Objects.requireNonNull(to, "pid");
        Objects.requireNonNull(message, "message (fauxtp messages are never null)");
        if (sender != null) {
            sender.countSend();
        } else {
            events.countSend();
        }
        if (to.node() != id) {
            RemoteTransport transport = remoteTransport;
            if (transport != null && transport.send(to, message)) {
                return;
            }
        }
        ProcessImpl target = sender != null ? sender.lookupTarget(to) : lookupAnyNode(to);
        if (target != null) {
            target.deliver(message);
        }
    }

    /**
     * A GenServer reply to a process of this JVM, counted as a send: into the cell of the call the caller
     * awaits, and dropped unless that is call {@code tag}.
     */
    public void deliverReply(Pid caller, long tag, Object value) {
        countSend();
        ProcessImpl target = lookupAnyNode(caller);
        if (target != null) {
            CallerSide.deliverReply(target, tag, value);
        }
    }

    /** Sets (or, with null, removes) the transport for pids of other nodes. */
    public void remoteTransport(RemoteTransport transport) {
        this.remoteTransport = transport;
    }

    /** A monitor of {@code target}, a pid of another node, taken by this node's transport; null if none took it. */
    MonitorRef monitorRemote(Pid watcher, Pid target) {
        RemoteTransport transport = remoteTransport;
        if (transport == null) {
            return null;
        }
        MonitorRef ref = newMonitorRef();
        return transport.monitor(watcher, target, ref) ? ref : null;
    }

    /** Removes a monitor {@link #monitorRemote} made; true if it was still active. */
    boolean demonitorRemote(MonitorRef ref) {
        RemoteTransport transport = remoteTransport;
        return transport != null && transport.demonitor(ref);
    }

    /** This node's transport when it carries GenServer calls and casts to {@code server}; null otherwise. */
    public RemoteTransport callTransport(Pid server) {
        RemoteTransport transport = remoteTransport;
        return transport != null && server.node() != id && transport.carriesCalls(server) ? transport : null;
    }

    /**
     * For a caller outside any process: the transport of a node of this JVM that carries GenServer calls to
     * {@code server} (a pid of a node not in this JVM); null when none does.
     */
    public static RemoteTransport anyCallTransport(Pid server) {
        for (NodeRuntime runtime : NODES.values()) {
            RemoteTransport transport = runtime.callTransport(server);
            if (transport != null) {
                return transport;
            }
        }
        return null;
    }

    public void send(String name, Object message) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(message, "message (fauxtp messages are never null)");
        ProcessImpl target = registry.lookup(name);
        if (target == null) {
            throw new IllegalArgumentException("no process is registered as '" + name + "' on " + node);
        }
        countSend();
        target.deliver(message);
    }

    /** An exit signal from the calling process (or from ordinary code) to {@code to}. */
    public void exitSignal(Pid to, ExitReason reason) {
        ProcessImpl caller = ProcessImpl.current();
        exitSignal(caller == null ? externalPid : caller.self(), to, reason);
        if (caller != null) {
            caller.checkAlive();
        }
    }

    void exitSignal(Pid from, Pid to, ExitReason reason) {
        Objects.requireNonNull(to, "pid");
        Objects.requireNonNull(reason, "reason");
        ProcessImpl target = lookupAnyNode(to);
        if (target != null) {
            Links.exitSignal(from, target, reason, false);
        }
    }

    /** Makes {@code callback} receive a {@code Down} when {@code target} ends (at once if it is not alive). */
    public MonitorRef monitorExternal(Pid target, Consumer<Down> callback) {
        return Monitors.monitorTarget(this, lookupAnyNode(target), target, callback);
    }

    /** Removes a monitor made with {@link #monitorExternal}. */
    public void demonitorExternal(Pid target, MonitorRef ref) {
        Monitors.removeWatcher(lookupAnyNode(target), ref);
    }

    /**
     * Registers the cell of a call made from ordinary code under its tag, for a reply sent later through its
     * {@code From} (the server's own reply goes into the cell directly).
     */
    public void awaitExternalReply(ReplyCell cell) {
        externalCalls.add(cell);
    }

    /** Removes the cell {@link #awaitExternalReply} registered: its call is over. */
    public void forgetExternalReply(ReplyCell cell) {
        externalCalls.remove(cell);
    }

    /** Puts {@code value} into the cell of call {@code tag} from ordinary code, if its caller still waits. */
    public void completeExternalReply(long tag, Object value) {
        ReplyCell cell = externalCalls.get(tag);
        if (cell != null) {
            OrdinaryCaller.deliverInto(cell, value);
        }
    }

    /** The calls from ordinary code registered and not yet over (tests). */
    int externalCallCount() {
        return externalCalls.size();
    }

    // ----- introspection -----

    public boolean isAlive(Pid pid) {
        ProcessImpl p = lookup(pid);
        return p != null && p.isAlive();
    }

    public Optional<ProcessInfo> info(Pid pid) {
        ProcessImpl p = lookup(pid);
        if (p == null) {
            return Optional.empty();
        }
        ProcessInfo info = p.info();
        return info.alive() ? Optional.of(info) : Optional.empty();
    }

    public List<Pid> processes() {
        List<Pid> pids = new ArrayList<>();
        table.forEach(p -> {
            if (p.isAlive()) {
                pids.add(p.self());
            }
        });
        pids.sort(Comparator.naturalOrder());
        return pids;
    }

    public int processCount() {
        int[] n = new int[1];
        table.forEach(p -> {
            if (p.isAlive()) {
                n[0]++;
            }
        });
        return n[0];
    }

    public Registry registry() {
        return registry;
    }

    public NodeEvents events() {
        return events;
    }

    public boolean isClosed() {
        return closed;
    }

    /** How many process threads of this node are running now (tests and tools: none may be left after close). */
    public long liveThreads() {
        return liveThreads.sum();
    }

    // ----- closing -----

    public void close() {
        ProcessImpl caller = ProcessImpl.current();
        if (caller != null && caller.runtime() == this) {
            throw new IllegalStateException("a node cannot be closed from one of its own processes ("
                    + caller.self() + "); close it from ordinary code");
        }
        closed = true;
        VarHandle.fullFence(); // the other half of the fence in spawnProcess: a spawn sees closed, or this sees it
        long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
        while (!table.isEmpty() || liveThreads.sum() > 0) {
            for (ProcessImpl p : table.values()) {
                Links.exitSignal(externalPid, p, ExitReason.KILL, false);
                table.remove(p.self().serial(), p);
            }
            long running = liveThreads.sum();
            if (running == 0) {
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                LOG.log(Level.ERROR, () -> node + " closed with " + running
                        + " process threads still running; their code ignores interrupts");
                unlist();
                return;
            }
            // a thread that ends does not signal: look again shortly (closing is rare, and usually quick)
            LockSupport.parkNanos(this, Math.min(left, CLOSE_POLL_NANOS));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                unlist();
                return;
            }
        }
        externalCalls.clear();
        unlist();
    }
}
