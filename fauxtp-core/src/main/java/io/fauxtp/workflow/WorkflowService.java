package io.fauxtp.workflow;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Durable runs: a {@link WorkflowEngine} whose suspensions live in a {@link SuspensionStore}. Every operation
 * loads the run, advances it and saves it before returning, one operation per run at a time in this JVM, so
 * a run survives a restart of the application: call {@link #resumeDue()} on startup and whenever a timer is
 * due ({@link #nextWakeUp()}).
 *
 * <p>A run that waits stays live: its code stays parked on a virtual thread of its own at the await it waits
 * for, and its next operation (a signal, a due timer or retry) goes on from there without replaying the journal,
 * as long as the store still holds the run as this service left it. A run this service has not advanced yet (after
 * a restart of the application, or a move to another member) or that another writer changed since is replayed
 * from its journal once, and is live from then on. At most {@code maxLiveRuns} runs are kept live (beyond that a
 * run is replayed on each operation); a run's thread ends when the run finishes or fails, when it is
 * {@link #release released} (its process stopped), and when the service is {@link #close closed}.
 *
 * <p>While a run advances, its progress is saved before each effect it calls live
 * ({@link WorkflowEngine.Checkpoint}): each effect's result is committed before the next effect runs, and a
 * delivered signal is committed before the effects it triggers and before {@link #signal} returns. A crash
 * therefore re-runs at most the one effect that was in flight in each run (with the same
 * {@link EffectStep#idempotencyKey()}), provided the store's saves are durable when they return.
 */
public final class WorkflowService implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WorkflowService.class.getName());
    /** How many runs are kept live unless told otherwise. */
    public static final int DEFAULT_MAX_LIVE_RUNS = 10_000;

    private final WorkflowEngine engine;
    private final SuspensionStore store;
    private final Clock clock;
    /**
     * The lock of each run an operation holds or waits for, by id (removed when none does): operations on one run
     * go one at a time, operations on different runs never wait for each other, even while an effect runs.
     */
    private final Map<String, RunLock> runLocks = new ConcurrentHashMap<>();
    private final int maxLiveRuns;
    /** The live runs, by id; read and changed under the run's lock. */
    private final Map<String, LiveRun> live = new ConcurrentHashMap<>();
    /** The places taken among the {@code maxLiveRuns}: counted before a run is kept live, so the limit holds. */
    private final AtomicInteger liveCount = new AtomicInteger();
    private volatile boolean closed;

    /** A service over {@code engine} and {@code store}, measuring due times with the system UTC clock. */
    public WorkflowService(WorkflowEngine engine, SuspensionStore store) {
        this(engine, store, Clock.systemUTC());
    }

    /** A service measuring due times with {@code clock} (give it the engine's clock). */
    public WorkflowService(WorkflowEngine engine, SuspensionStore store, Clock clock) {
        this(engine, store, clock, DEFAULT_MAX_LIVE_RUNS);
    }

    /**
     * A service keeping at most {@code maxLiveRuns} runs live (their code parked on a thread of its own where it
     * waits); 0 replays every run on each operation.
     */
    public WorkflowService(WorkflowEngine engine, SuspensionStore store, Clock clock, int maxLiveRuns) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxLiveRuns < 0) {
            throw new IllegalArgumentException("maxLiveRuns must be 0 or more, not " + maxLiveRuns);
        }
        this.maxLiveRuns = maxLiveRuns;
    }

    /** What {@link #resumeDue()} did: runs advanced and saved, and runs that could not be resumed, by id. */
    public record ResumeReport(List<Suspension> resumed, Map<String, RuntimeException> failed) {
        public ResumeReport {
            resumed = List.copyOf(resumed);
            failed = Map.copyOf(failed);
        }
    }

    /** Starts a run of {@code workflow} with a new random id. */
    public Suspension start(String workflow, Object input) {
        return start(workflow, UUID.randomUUID().toString(), input);
    }

    /**
     * Starts a run with the given id, saving it frozen first and then as far as it gets.
     *
     * @throws IllegalStateException when a run with this id is stored already
     */
    public Suspension start(String workflow, String id, Object input) {
        Suspension frozen = engine.freeze(workflow, id, input);
        return locked(id, () -> {
            if (!store.saveNew(frozen)) {
                throw new IllegalStateException("a workflow run with id '" + id + "' exists already");
            }
            return advance(frozen, frozen, WorkflowObserver.Operation.RESUME);
        });
    }

    /**
     * Delivers a signal to the stored run {@code id} and resumes it on the calling thread: the steps the signal
     * unblocks run before this returns. {@link #deliver} only stores the signal.
     */
    public Suspension signal(String id, String name, Object value) {
        Objects.requireNonNull(name, "name");
        return locked(id, () -> {
            Suspension current = load(id);
            if (current.isFinished()) {
                drop(id);
                throw new IllegalStateException("workflow " + current.workflow() + " run " + id + " has "
                        + current.status().name().toLowerCase() + "; signal '" + name + "' was not delivered");
            }
            List<SignalMessage> inbox = new ArrayList<>(current.inbox());
            inbox.add(new SignalMessage(name, value));
            return advance(current.withInbox(inbox), current, WorkflowObserver.Operation.SIGNAL);
        });
    }

    /**
     * Stores a signal for the run {@code id} without running any of its steps: the signal is committed when this
     * returns, and whoever resumes the run next (its process, {@link #resumeDue()}) consumes it. A run that was
     * waiting for exactly this signal is stored {@code READY}, so it counts as due; otherwise the signal waits in
     * the run's inbox until the workflow asks for it.
     *
     * @return the stored run, holding the signal
     * @throws java.util.NoSuchElementException when no such run is stored
     * @throws IllegalStateException when the run has finished
     */
    public Suspension deliver(String id, String name, Object value) {
        Objects.requireNonNull(name, "name");
        return locked(id, () -> {
            Suspension current = load(id);
            if (current.isFinished()) {
                throw new IllegalStateException("workflow " + current.workflow() + " run " + id + " has "
                        + current.status().name().toLowerCase() + "; signal '" + name + "' was not delivered");
            }
            List<SignalMessage> inbox = new ArrayList<>(current.inbox());
            inbox.add(new SignalMessage(name, value));
            boolean awaited = current.awaiting() instanceof Await.Signal wanted && wanted.name().equals(name);
            Suspension delivered = awaited
                    ? current.advanced(current.journal(), Await.NOTHING, inbox, Suspension.Status.READY, null, null)
                    : current.withInbox(inbox);
            store.save(delivered);
            LiveRun parked = live.get(id);
            if (parked != null) {
                if (parked.isAt(current)) {
                    parked.expect(delivered);   // its next operation consumes the signal from where it is parked
                } else {
                    drop(id);
                }
            }
            return delivered;
        });
    }

    /** Resumes the stored run {@code id} (a no-op for a run that waits for a signal or a timer not yet due). */
    public Suspension resume(String id) {
        return locked(id, () -> {
            Suspension current = load(id);
            return advance(current, current, WorkflowObserver.Operation.RESUME);
        });
    }

    /** The stored run {@code id}. */
    public Optional<Suspension> find(String id) {
        return store.find(id);
    }

    /** The stored runs, summarised. */
    public List<StoredSuspension> list() {
        return store.list();
    }

    /**
     * Resumes every unfinished run that can make progress now: never started, or waiting for a timer or retry
     * that is due. A run that fails to resume (non-determinism, an unhandled effect, an unregistered version,
     * stored text that cannot be read) is logged, left as stored, and reported; the others go on.
     */
    public ResumeReport resumeDue() {
        Instant now = clock.instant();
        List<Suspension> resumed = new ArrayList<>();
        Map<String, RuntimeException> failed = new LinkedHashMap<>();
        for (StoredSuspension pending : store.pending()) {
            Instant readyAt = pending.wakeUpAt();
            boolean due = pending.status() == Suspension.Status.READY || (readyAt != null && !readyAt.isAfter(now));
            if (!due) {
                continue;
            }
            try {
                resumed.add(resume(pending.id()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "workflow run " + pending.id() + " of '" + pending.workflow()
                        + "' could not be resumed and stays as stored: " + e.getMessage(), e);
                failed.put(pending.id(), e);
            }
        }
        return new ResumeReport(resumed, failed);
    }

    /** The earliest instant at which a stored run's timer or retry becomes due. */
    public Optional<Instant> nextWakeUp() {
        return store.list().stream()
                .filter(s -> s.wakeUpAt() != null)
                .map(StoredSuspension::wakeUpAt)
                .min(Instant::compareTo);
    }

    private Suspension load(String id) {
        return store.find(id).orElseThrow(() -> new NoSuchElementException("no workflow run with id '" + id
                + "' is stored"));
    }

    /**
     * Ends the live run of {@code id}, if it has one (its code's thread ends); the run stays stored and its next
     * operation replays it. For a run's process that stops.
     */
    public void release(String id) {
        locked(id, () -> {
            drop(id);
            return null;
        });
    }

    /** The number of runs kept live now. */
    public int liveRuns() {
        return live.size();
    }

    /**
     * Ends every live run (their code's threads end; the runs stay stored). The service goes on working, replaying
     * each run on each operation.
     */
    @Override
    public void close() {
        closed = true;
        for (String id : List.copyOf(live.keySet())) {
            release(id);
        }
    }

    private void drop(String id) {
        LiveRun gone = takeLive(id);
        if (gone != null) {
            gone.killAndJoin();
        }
    }

    /**
     * Advances {@code input} (the run as {@code saved} in the store, plus what the operation brings) with a save
     * before every live effect call and one at the end: each effect's journal entry is committed before the next
     * effect runs, so a crash re-runs at most the effect in flight. The run's live run goes on from where it is
     * parked when it is parked at {@code saved}. Otherwise the code runs on this thread (replayed up to where the
     * run is, then live), so a run that finishes without waiting never hands a step to another thread; a run
     * that must wait is then replayed once onto a thread of its own, where it parks at its await.
     */
    private Suspension advance(Suspension input, Suspension saved, WorkflowObserver.Operation operation) {
        String id = input.id();
        LiveRun parked = takeLive(id);
        if (parked != null && (closed || !parked.isAt(saved))) {
            parked.killAndJoin();   // the store changed under it (another writer, a failed save): replay
            parked = null;
        }
        Suspension[] stored = {saved};
        WorkflowEngine.Checkpoint checkpoint = progress -> {
            store.save(progress);
            stored[0] = progress;
        };
        if (parked == null) {
            Suspension next = engine.resume(input, checkpoint, saved, operation);
            if (!unchanged(next, stored[0])) {
                store.save(next);
                stored[0] = next;
            }
            if (next.status() == Suspension.Status.WAITING && !closed && reserveLive()) {
                LiveRun warm = null;
                try {
                    warm = engine.warmUp(next);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "workflow run " + id + " could not be kept live; its next operation"
                            + " replays it: " + e.getMessage(), e);
                } finally {
                    keepLive(id, warm, stored[0]);
                }
            }
            return next;
        }
        WorkflowEngine.Advanced advanced = engine.advance(input, checkpoint, saved, operation, parked);
        Suspension next = advanced.next();
        LiveRun goesOn = advanced.live();
        try {
            if (!unchanged(next, stored[0])) {
                store.save(next);
                stored[0] = next;
            }
        } catch (RuntimeException | Error e) {
            if (goesOn != null) {
                goesOn.killAndJoin();
            }
            throw e;
        }
        if (goesOn != null) {
            if (!closed && reserveLive()) {
                keepLive(id, goesOn, stored[0]);
            } else {
                goesOn.killAndJoin();
            }
        }
        return next;
    }

    /**
     * Whether {@code next}, advanced from {@code stored} in one operation, is what is stored: a run's journal only
     * grows, so journals of one length hold the same entries. Cheaper than {@code equals}, which compares every
     * entry of the journal.
     */
    private static boolean unchanged(Suspension next, Suspension stored) {
        return next == stored || (next.journal().size() == stored.journal().size()
                && next.status() == stored.status()
                && next.awaiting().equals(stored.awaiting())
                && next.inbox().equals(stored.inbox())
                && Objects.equals(next.result(), stored.result())
                && Objects.equals(next.failure(), stored.failure()));
    }

    /** Takes a place among the {@code maxLiveRuns} live runs; false when all are taken. */
    private boolean reserveLive() {
        while (true) {
            int n = liveCount.get();
            if (n >= maxLiveRuns) {
                return false;
            }
            if (liveCount.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Keeps {@code run} (parked at {@code stored}) live in the place reserved for it; gives it back when null. */
    private void keepLive(String id, LiveRun run, Suspension stored) {
        if (run == null) {
            liveCount.decrementAndGet();
            return;
        }
        run.expect(stored);
        live.put(id, run);
    }

    /** Removes and returns the live run of {@code id}, giving back its place; {@code null} when it has none. */
    private LiveRun takeLive(String id) {
        LiveRun run = live.remove(id);
        if (run != null) {
            liveCount.decrementAndGet();
        }
        return run;
    }

    private <T> T locked(String id, java.util.function.Supplier<T> body) {
        RunLock lock = runLocks.compute(id, (key, held) -> {
            RunLock l = held == null ? new RunLock() : held;
            l.users++;
            return l;
        });
        lock.lock.lock();
        try {
            return body.get();
        } finally {
            lock.lock.unlock();
            runLocks.computeIfPresent(id, (key, l) -> --l.users == 0 ? null : l);
        }
    }

    /** A run's lock and how many operations hold or wait for it (changed only inside the map's compute). */
    private static final class RunLock {
        private final ReentrantLock lock = new ReentrantLock();
        private int users;
    }
}
