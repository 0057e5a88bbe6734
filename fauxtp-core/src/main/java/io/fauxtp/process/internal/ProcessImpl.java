package io.fauxtp.process.internal;

import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Matcher;
import io.fauxtp.process.MonitorRef;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.process.ProcessBody;
import io.fauxtp.process.ProcessContext;
import io.fauxtp.process.ProcessInfo;
import io.fauxtp.process.SpawnOptions;
import io.fauxtp.process.SpawnedMonitor;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One process: its mailbox, links, monitors and life cycle.
 *
 * <p>Death happens exactly once ({@link #die}), run by whoever ends the process first: its own thread (the body
 * returned or threw, or it called {@code exit}) or another thread delivering a fatal exit signal. The signal
 * case is immediate, as in Erlang: the process is dead, its name released and its links and monitors notified
 * before the signalling call returns; its thread is interrupted and unwinds at its next runtime call
 * (receive, send, spawn...).
 *
 * <p>Links, watchers and the registered name are guarded by this object's monitor, held only briefly and never
 * while calling out. The links and exit signals are handled by {@link Links}, the monitors by {@link Monitors}
 * and the caller's side of a call by {@link CallerSide}, on this object's fields.
 */
public final class ProcessImpl implements ProcessContext, Runnable {

    private static final System.Logger LOG = System.getLogger("io.fauxtp.process");
    private static final ThreadLocal<ProcessImpl> CURRENT = new ThreadLocal<>();
    final NodeRuntime runtime;
    final Pid pid;
    private final ProcessBody body;
    final QueueMailbox mailbox = new QueueMailbox(this);
    /** Wall-clock milliseconds (cheaper than an {@code Instant} per spawn; converted only for {@link #info}). */
    private final long startedAtMillis = System.currentTimeMillis();
    private final ExitHook exitHook;
    private final boolean logCrash;
    private volatile Thread thread;

    /** {@link #runState}: a thread runs (or is about to run) this process's code. */
    private static final int RUNNING = 0;
    /** {@link #runState}: no thread; the next message starts one that runs {@link #continuation}. */
    private static final int HIBERNATED = 1;
    private static final VarHandle RUN_STATE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            RUN_STATE = lookup.findVarHandle(ProcessImpl.class, "runState", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through RUN_STATE
    private volatile int runState = RUNNING;
    /** What a thread started by a message runs after {@link #hibernate}; owner-written before the state flips. */
    private ProcessBody continuation;
    /**
     * Unwinds a hibernating process's thread up to {@link #runOn}, which then ends the thread but not the process.
     * One shared instance without a stack trace: throwing it costs no allocation.
     */
    private static final class Hibernation extends RuntimeException {
        Hibernation() {
            super("hibernation (internal; never seen by process code)", null, false, false);
        }
    }

    private static final Hibernation HIBERNATION = new Hibernation();

    volatile boolean alive = true;
    private volatile ExitReason exitReason;
    volatile boolean trapExit;
    private volatile String registeredName;

    // The three collections below are created on first use: most processes never link or monitor, and an idle
    // process should cost as little heap as possible.
    /** Linked processes (guarded by this); null until the first link. See {@link Links}. */
    Set<ProcessImpl> links;
    /**
     * Monitors on this process: ref to watcher (a {@link ProcessImpl} or a {@code Consumer<Down>}); guarded by
     * this; null until the first one. See {@link Monitors}.
     */
    Map<MonitorRef, Object> watchers;
    /** Monitors this process holds, ref to target; null until the first one. See {@link Monitors}. */
    volatile ConcurrentHashMap<MonitorRef, ProcessImpl> monitorsHeld;

    ProcessImpl(NodeRuntime runtime, Pid pid, ProcessBody body, boolean trapExit, ExitHook exitHook,
                boolean logCrash) {
        this.runtime = runtime;
        this.pid = pid;
        this.body = body;
        this.trapExit = trapExit;
        this.exitHook = exitHook;
        this.logCrash = logCrash;
    }

    // ----- thread -----

    /** The process running on the calling thread, or null. */
    public static ProcessImpl current() {
        return CURRENT.get();
    }

    /** The process running on the calling thread; {@code what} names the operation for the error. */
    public static ProcessImpl requireCurrent(String what) {
        ProcessImpl p = CURRENT.get();
        if (p == null) {
            throw new IllegalStateException(what + " must be called from inside a fauxtp process, not from "
                    + Thread.currentThread());
        }
        return p;
    }

    /** The spawner of this process monitors it; used before the thread starts. */
    MonitorRef monitoredBy(ProcessImpl watcher) {
        return Monitors.monitorTarget(runtime, this, pid, watcher);
    }

    void start(Thread t) {
        this.thread = t;
        mailbox.owner(t);
        t.start();
    }

    /**
     * The code of this process's first thread (see {@code NodeRuntime.launch}): the process is that thread's
     * {@code Runnable}, so a spawn allocates no lambda for it. Runs on that thread only.
     */
    @Override
    public void run() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("process " + pid + " runs on its own thread only");
        }
        try {
            runOn(body);
        } finally {
            runtime.threadEnded();
        }
    }

    /** Runs {@code code} on the current thread as this process; ends the process when it ends, unless it hibernated. */
    private void runOn(ProcessBody code) {
        CURRENT.set(this);
        ExitReason reason;
        Throwable crash = null;
        try {
            if (alive) {
                code.run(this);
            }
            reason = ExitReason.NORMAL;
        } catch (Hibernation h) {
            // the process lives on without a thread; this thread must not touch it any more
            CURRENT.remove();
            return;
        } catch (ProcessExitSignal s) {
            reason = s.reason();
        } catch (Throwable t) {
            reason = ExitReason.error(t);
            crash = t;
        }
        String name = registeredName;
        if (die(reason) && crash != null && logCrash) {
            Throwable cause = crash;
            LOG.log(Level.ERROR, () -> "process " + pid + (name == null ? "" : " (" + name + ")")
                    + " crashed: " + cause, cause);
        }
        CURRENT.remove();
    }

    // ----- hibernation -----

    /**
     * Lets the calling process give up its thread while its mailbox is empty (Erlang's {@code hibernate}): the
     * thread unwinds (this method does not return) and the next message starts a new virtual thread that runs
     * {@code continuation} as this process. Returns at once, doing nothing, if a message is already waiting. An
     * idle process then costs its objects only, not a parked thread. Call it only where nothing on the stack
     * needs to run afterwards (the top of a receive loop), and only from the process's own code path that lets
     * exceptions through. A caller that expects more work soon waits for it first (a receive spins briefly
     * before it would park; see {@link #takeBeforeHibernating}), so a busy process does not pay for a new thread
     * per message.
     */
    public void hibernate(ProcessBody continuation) {
        checkOwner("hibernate");
        if (mailbox.hasMessages() || !alive) {
            return;
        }
        this.continuation = continuation;
        mailbox.releaseLastMessage();
        if (mailbox.callsTaken != 0) {
            // an idle server keeps no watches of ended calls; a process that never took a call does not read the
            // list (a line of its mailbox it has not touched yet: a new server's spawn paid a miss for it)
            mailbox.pruneCallWatches();
        }
        mailbox.lastTarget = null; // an idle process keeps no other process alive
        // The ending thread is not kept: a hibernating process holds no thread object at all. A death racing
        // with this finds no thread to interrupt, which is fine: the process checks it is alive at its next
        // runtime call, and it is either about to make one or gone.
        Thread me = thread;
        thread = null;
        mailbox.owner(null);
        mailbox.idleSince = System.nanoTime();
        runState = HIBERNATED;
        // A sender that linked its message before seeing HIBERNATED did not start a thread: look again.
        if ((mailbox.hasMessages() || !alive) && RUN_STATE.compareAndSet(this, HIBERNATED, RUNNING)) {
            continuation = null;
            thread = me;
            mailbox.owner(me);
            return;
        }
        // hibernating, or a sender won the race and starts the thread that continues this process
        throw HIBERNATION;
    }

    /** Called by a sender after it linked a message: starts a thread if the process hibernates; true if it did. */
    boolean wakeIfHibernated() {
        // a dead process stays without a thread: the message is dropped with the rest of its mailbox
        if (runState == HIBERNATED && alive && RUN_STATE.compareAndSet(this, HIBERNATED, RUNNING)) {
            ProcessBody next = continuation;
            continuation = null;
            runtime.startThread(this, () -> {
                mailbox.wokeFromHibernation(runtime.hibernateAfterNanos());
                runOn(next);
            });
            return true;
        }
        return false;
    }

    /** The calling thread, if it is a process, has just made another process runnable (see QueueMailbox#take). */
    static void wokeAnother() {
        ProcessImpl current = CURRENT.get();
        if (current != null) {
            current.mailbox.wokeAnother = true;
        }
    }

    // ----- state -----

    public NodeRuntime runtime() {
        return runtime;
    }

    public boolean isAlive() {
        return alive;
    }

    /** The reason this process ended with, or null while it lives. */
    public ExitReason exitReason() {
        return exitReason;
    }

    Thread thread() {
        return thread;
    }

    /** The code this process was spawned with (its exit hook may keep its state there, not in a capture). */
    public ProcessBody body() {
        return body;
    }

    String registeredName() {
        return registeredName;
    }

    /** Throws the unwinding signal if this process has been ended by an exit signal. */
    public void checkAlive() {
        if (!alive) {
            throw new ProcessExitSignal(exitReason);
        }
    }

    void checkOwner(String what) {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException(what + " on " + pid + " may only be called by that process's own thread");
        }
    }

    // ----- ProcessContext -----

    @Override
    public Pid self() {
        return pid;
    }

    @Override
    public Node node() {
        return runtime.node();
    }

    @Override
    public Object receive() throws InterruptedException {
        return take(ANY, Long.MAX_VALUE);
    }

    private static final Matcher<Object> ANY = Matcher.any();

    @Override
    public <T> T receive(Matcher<T> matcher) throws InterruptedException {
        Objects.requireNonNull(matcher, "matcher");
        return take(matcher, Long.MAX_VALUE);
    }

    @Override
    public <T> Optional<T> receive(Matcher<T> matcher, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(matcher, "matcher");
        Objects.requireNonNull(timeout, "timeout");
        return Optional.ofNullable(take(matcher, deadline(timeout)));
    }

    /** The {@link System#nanoTime()} deadline {@code timeout} from now; {@code Long.MAX_VALUE} for "never". */
    public static long deadline(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        long now = System.nanoTime();
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
        long d = now + nanos;
        return d < now || d == Long.MAX_VALUE ? Long.MAX_VALUE - 1 : d;
    }

    /**
     * Takes the first message {@code matcher} accepts before {@code deadline}; null at the deadline.
     */
    public <T> T take(Matcher<T> matcher, long deadline) throws InterruptedException {
        return take(matcher, deadline, true);
    }

    /**
     * What a receive loop that hibernates when idle waits with (owner only): the first message {@code matcher}
     * accepts, or null once this process is idle and may hibernate. Usually that is when the receive's short spin
     * found nothing (it does not park). A process whose last hibernation a message cut short, within the node's
     * hibernate-after time, parks for that long first: its next message then wakes its parked thread on the
     * sender's carrier, where a new thread would be queued behind every thread started before it (a receiver
     * fed by a burst of new senders ran only after most of them, and fan-in ran at half its speed). It spins
     * first as any idle wait does, then waits with a deadline, which spins again before it parks: a single
     * wait that parked after the learnt spin parked a receiver of one fast sender so often that the sender's
     * casts ran a third slower (32 instead of 46 M msgs/s).
     */
    public <T> T takeBeforeHibernating(Matcher<T> matcher) throws InterruptedException {
        T got = take(matcher, Long.MAX_VALUE, false);
        return got == null && mailbox.wokeSoonAfterHibernating
                ? waitBeforeHibernating(matcher, runtime.hibernateAfterNanos())
                : got;
    }

    /**
     * As {@link #takeBeforeHibernating(Matcher)}, but an idle process always parks for {@code hibernateAfterNanos}
     * before it may hibernate, woken soon or not ({@code gen_server}'s {@code hibernate_after} start option);
     * 0: it may hibernate as soon as the spin found nothing.
     */
    public <T> T takeBeforeHibernating(Matcher<T> matcher, long hibernateAfterNanos) throws InterruptedException {
        T got = take(matcher, Long.MAX_VALUE, false);
        return got == null ? waitBeforeHibernating(matcher, hibernateAfterNanos) : got;
    }

    private <T> T waitBeforeHibernating(Matcher<T> matcher, long nanos) throws InterruptedException {
        if (nanos <= 0) {
            return null;
        }
        long now = System.nanoTime();
        long deadline = now + nanos;
        // a huge time: no deadline. A coarse one: a woken server nearly always wakes long before it (see LongParks)
        return take(matcher, deadline < now ? Long.MAX_VALUE : deadline, true, true);
    }

    /** This process's mailbox (tests). */
    QueueMailbox mailboxForTests() {
        return mailbox;
    }

    /** Whether this process is hibernating: alive, without a thread until its next message (tests). */
    boolean hibernating() {
        return alive && runState == HIBERNATED;
    }

    /** Whether this process's last hibernation was cut short (see {@link #takeBeforeHibernating}); tests. */
    boolean wokeSoonAfterHibernating() {
        return mailbox.wokeSoonAfterHibernating;
    }

    private <T> T take(Matcher<T> matcher, long deadline, boolean mayPark) throws InterruptedException {
        return take(matcher, deadline, mayPark, false);
    }

    private <T> T take(Matcher<T> matcher, long deadline, boolean mayPark, boolean coarseDeadline)
            throws InterruptedException {
        checkOwner("receive");
        checkAlive();
        T got;
        try {
            got = mailbox.take(matcher, deadline, mayPark, coarseDeadline);
        } catch (InterruptedException e) {
            checkAlive();
            throw e;
        }
        checkAlive();
        return got;
    }

    /** Removes every waiting message {@code matcher} accepts (owner only). */
    public void flush(Matcher<?> matcher) {
        checkOwner("flush");
        mailbox.removeAll(matcher);
    }

    void deliver(Object message) {
        mailbox.put(message);
    }

    @Override
    public void send(Pid to, Object message) {
        checkAlive();
        runtime.send(this, to, message);
    }

    @Override
    public void send(String name, Object message) {
        checkAlive();
        runtime.send(name, message);
    }

    @Override
    public Pid spawn(ProcessBody body) {
        return spawn(SpawnOptions.defaults(), body);
    }

    @Override
    public Pid spawnLink(ProcessBody body) {
        return spawn(SpawnOptions.defaults().withLink(), body);
    }

    @Override
    public SpawnedMonitor spawnMonitor(ProcessBody body) {
        checkAlive();
        NodeRuntime.Spawned s = runtime.spawnMonitored(body, this);
        return new SpawnedMonitor(s.process().pid, s.monitor());
    }

    @Override
    public Pid spawn(SpawnOptions options, ProcessBody body) {
        checkAlive();
        Objects.requireNonNull(options, "options");
        return runtime.spawnProcess(null, options, body, this, null, true).pid;
    }

    @Override
    public void link(Pid other) {
        checkAlive();
        Links.link(this, other);
    }

    @Override
    public void unlink(Pid other) {
        checkAlive();
        Links.unlink(this, other);
    }

    @Override
    public MonitorRef monitor(Pid target) {
        checkAlive();
        return Monitors.monitor(this, target);
    }

    @Override
    public MonitorRef monitor(String name) {
        checkAlive();
        return Monitors.monitor(this, name);
    }

    @Override
    public boolean demonitor(MonitorRef ref) {
        return Monitors.demonitor(this, ref);
    }

    /**
     * The process of {@code pid} (null if none), as seen by this process (its own thread): the last one it sent or
     * called is remembered, so a conversation does not look its partner up in the node's table per message. Only
     * a live process is remembered and reused; a pid never names another process.
     */
    ProcessImpl lookupTarget(Pid pid) {
        ProcessImpl last = mailbox.lastTarget;
        if (last != null && last.alive && last.pid.equals(pid)) {
            return last;
        }
        ProcessImpl target = runtime.lookupAnyNode(pid);
        mailbox.lastTarget = target != null && target.alive ? target : null;
        return target;
    }

    /** The process remembered by {@link #lookupTarget} (tests). */
    ProcessImpl lastTarget() {
        return mailbox.lastTarget;
    }

    /**
     * Sends {@code message} to {@code target}, a process of this JVM that the caller has already looked up (the
     * request of a call, after {@link CallerSide#watchCall}).
     */
    public void sendTo(ProcessImpl target, Object message) {
        checkAlive();
        countSend();
        target.deliver(message);
    }

    @Override
    public void trapExit(boolean on) {
        checkAlive();
        trapExit = on;
    }

    @Override
    public boolean trapsExit() {
        return trapExit;
    }

    @Override
    public void exit(Pid target, ExitReason reason) {
        checkAlive();
        runtime.exitSignal(pid, target, reason);
        checkAlive();
    }

    @Override
    public void exit(ExitReason reason) {
        Objects.requireNonNull(reason, "reason");
        checkAlive();
        throw new ProcessExitSignal(reason == ExitReason.KILL || reason instanceof ExitReason.Kill
                ? ExitReason.KILLED : reason);
    }

    // ----- signals and death -----

    /**
     * Ends this process with {@code reason} if it is still alive: releases its name, leaves the process table,
     * runs the exit hook, then notifies links and monitors. Runs on any thread.
     *
     * @return true if this call ended the process (false if it was already dead)
     */
    boolean die(ExitReason reason) {
        List<ProcessImpl> linked;
        List<Map.Entry<MonitorRef, Object>> watching;
        String name;
        synchronized (this) {
            if (!alive) {
                return false;
            }
            exitReason = reason;
            alive = false;
            mailbox.lastTarget = null; // a dead process, still referenced, must not keep its last partner alive
            linked = links == null || links.isEmpty() ? List.of() : new ArrayList<>(links);
            links = null;
            watching = watchers == null || watchers.isEmpty() ? List.of() : new ArrayList<>(watchers.entrySet());
            watchers = null;
            name = registeredName;
        }
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
        }
        if (name != null) {
            runtime.registryImpl().releaseOnExit(name, this);
        }
        runtime.removed(this, name, reason);
        if (exitHook != null) {
            try {
                exitHook.exited(this, reason);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "exit hook of " + pid + " failed", e);
            }
        }
        CallWatch calling = (CallWatch) QueueMailbox.CURRENT_CALL.getAcquire(mailbox);
        if (calling != null) {
            calling.end();
        }
        Monitors.dropHeld(this);
        Links.signalDeath(pid, linked, reason); // first: a watcher that is also linked gets its Exit before its Down
        Monitors.signalDeath(pid, watching, reason);
        mailbox.callsEnded(reason);
        return true;
    }

    // ----- registry support (guarded by this) -----

    /** Sets the name if alive and unnamed; returns null on success or the reason it failed. */
    synchronized String claimName(String name) {
        if (!alive) {
            return "process " + pid + " is not alive";
        }
        if (registeredName != null) {
            return "process " + pid + " is already registered as '" + registeredName + "'";
        }
        registeredName = name;
        return null;
    }

    synchronized boolean dropName(String name) {
        if (name.equals(registeredName)) {
            registeredName = null;
            return true;
        }
        return false;
    }

    // ----- introspection -----

    /** Counts a message this process sent (its own thread only). */
    void countSend() {
        QueueMailbox.SENT.setOpaque(mailbox, mailbox.sent + 1);
    }

    /** Messages this process has sent; read by any thread (a metric: a recent value is enough). */
    long sentCount() {
        return (long) QueueMailbox.SENT.getOpaque(mailbox);
    }

    /** Call watches entered on this process's mailbox (tests: they must not pile up). */
    int callWatchCount() {
        return mailbox.callWatchCount();
    }

    /** How long this process now spins before it parks (tests). */
    int spinBudget() {
        return mailbox.spinBudget;
    }

    ProcessInfo info() {
        Set<Pid> linkPids = new HashSet<>();
        Set<Pid> watcherPids = new HashSet<>();
        String name;
        boolean live;
        synchronized (this) {
            live = alive;
            if (links != null) {
                for (ProcessImpl l : links) {
                    linkPids.add(l.pid);
                }
            }
            if (watchers != null) {
                for (Object w : watchers.values()) {
                    if (w instanceof ProcessImpl p) {
                        watcherPids.add(p.pid);
                    }
                }
            }
            name = registeredName;
        }
        ConcurrentHashMap<MonitorRef, ProcessImpl> held = monitorsHeld;
        return new ProcessInfo(pid, live, mailbox.size(), linkPids, held == null ? Set.of() : Set.copyOf(held.keySet()),
                watcherPids, Optional.ofNullable(name), trapExit, Instant.ofEpochMilli(startedAtMillis));
    }

    @Override
    public String toString() {
        return "Process" + pid;
    }
}
