package io.fauxtp.workflow;

import io.fauxtp.effect.EffectScope;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A run whose code runs on a virtual thread of its own and stays parked there at the await it waits for, so that
 * its next operation (a signal, a due timer or retry) goes on from that await instead of replaying the journal.
 * The thread of each operation (a run's process, or the caller of {@link WorkflowService#signal}) drives it: it
 * hands the code over, runs the effect calls and checkpoints the code asks for (so handlers and the store see the
 * operation's thread, as when the code runs on it), and takes the run back when the code parks or ends. Only one
 * of the two threads runs at a time.
 *
 * <p>{@link WorkflowService} keeps a live run per waiting run (made by {@link WorkflowEngine#warmUp} when the run
 * first waits) while it is {@link #expected} to be what the store holds; anything else (another writer, a failed
 * save, a restart) falls back to a replay on the operation's thread.
 */
final class LiveRun {

    /** What the code's thread hands the driving thread. */
    sealed interface Stop {
    }

    /** The code waits for {@link Replay#waitingFor()} and is parked. */
    record Parked() implements Stop {
    }

    /** The code returned {@code result}, or threw {@code thrown}. */
    record Ended(Object result, Throwable thrown) implements Stop {
    }

    /** The run was killed (or the driving thread interrupted) before its code parked or ended. */
    record Killed() implements Stop {
    }

    private record OnDriver(EffectStep.ThrowingSupplier<Object> call) {
    }

    private record Reply(Object value, Throwable thrown) {
    }

    private static final Object GO = new Object();
    private static final Object KILL = new Object();
    private static final Duration JOIN = Duration.ofSeconds(5);

    private final Replay replay;
    private final Thread thread;
    /** From the code's thread: stops, and effect calls or checkpoints to run. Holds at most one. */
    private final BlockingQueue<Object> toDriver = new LinkedBlockingQueue<>();
    /** To the code's thread: go, replies, kill. */
    private final BlockingQueue<Object> toCode = new LinkedBlockingQueue<>();
    private volatile boolean killed;
    private boolean started;
    /** The run as the store holds it when this live run is parked; set by {@link WorkflowService}. */
    private Suspension expected;

    private LiveRun(Replay replay, WorkflowSpec spec, Object input) {
        this.replay = replay;
        replay.hostedBy(this);
        this.thread = Thread.ofVirtual().name("fauxtp-workflow-" + replay.workflowId())
                .unstarted(() -> runCode(spec, input));
    }

    /** A live run of the code of {@code spec} from its first line, in {@code replay}; not started before {@link #drive}. */
    static LiveRun of(Replay replay, WorkflowSpec spec, Object input) {
        return new LiveRun(replay, spec, input);
    }

    Replay replay() {
        return replay;
    }

    Suspension expected() {
        return expected;
    }

    void expect(Suspension stored) {
        expected = stored;
    }

    /** Whether the run as stored is the one this live run is parked at. */
    boolean isAt(Suspension stored) {
        return expected != null && (expected == stored || expected.equals(stored));
    }

    /** The code's thread (for tests: it must end when the run ends or is killed). */
    Thread thread() {
        return thread;
    }

    private void runCode(WorkflowSpec spec, Object input) {
        Stop last = new Killed();
        try {
            replay.adoptCallingThread();
            if (take() == GO) {
                try (EffectScope ignored = replay.journaledHandlers().bind()) {
                    last = new Ended(WorkflowEngine.run(spec, replay, input), null);
                }
            }
        } catch (Replay.Suspend s) {
            last = new Killed();   // killed while parked or running: unwound without an answer
        } catch (Throwable e) {
            last = killed ? new Killed() : new Ended(null, e);
        } finally {
            replay.close();
            toDriver.add(last);
        }
    }

    /**
     * Lets the code run (from its first line, or on from where it is parked, after {@link Replay#rearm}) and serves
     * it on the calling thread until it parks or ends. When the calling thread is interrupted while it waits, the
     * run is killed and the interrupt kept.
     */
    Stop drive() {
        if (!started) {
            started = true;
            thread.start();
        }
        toCode.add(GO);
        while (true) {
            Object message;
            try {
                message = toDriver.take();
            } catch (InterruptedException e) {
                kill();
                Thread.currentThread().interrupt();
                return new Killed();
            }
            if (message instanceof OnDriver(EffectStep.ThrowingSupplier<Object> call)) {
                Reply reply;
                try {
                    reply = new Reply(call.get(), null);
                } catch (Throwable e) {
                    reply = new Reply(null, e);
                }
                toCode.add(reply);
            } else {
                return (Stop) message;
            }
        }
    }

    /** On the code's thread: runs {@code call} on the driving thread and returns what it returned or threw. */
    Object onDriver(EffectStep.ThrowingSupplier<Object> call) throws Throwable {
        checkNotKilled();
        toDriver.add(new OnDriver(call));
        Object answer = take();
        if (!(answer instanceof Reply(Object value, Throwable thrown))) {
            throw new IllegalStateException("workflow run " + replay.workflowId() + " got " + answer
                    + " while it waited for an effect's result");
        }
        if (thrown != null) {
            throw thrown;
        }
        return value;
    }

    /** On the code's thread: hands the run back as parked and waits for its next operation. */
    void park() {
        toDriver.add(new Parked());
        if (take() != GO) {
            throw new IllegalStateException("workflow run " + replay.workflowId() + " was resumed out of turn");
        }
    }

    /** On the code's thread: unwinds the code when the run was killed. */
    void checkNotKilled() {
        if (killed) {
            throw new Replay.Suspend();
        }
    }

    private Object take() {
        Object message;
        try {
            message = toCode.take();
        } catch (InterruptedException e) {
            throw new Replay.Suspend();
        }
        if (message == KILL) {
            throw new Replay.Suspend();
        }
        return message;
    }

    /** Ends the run's thread: parked code unwinds (its finally blocks run) without reaching another await. */
    void kill() {
        killed = true;
        toCode.add(KILL);
        thread.interrupt();
    }

    /** {@link #kill()}, then waits a few seconds for the thread to end; whether it did. */
    boolean killAndJoin() {
        kill();
        if (!started) {
            return true;
        }
        try {
            return thread.join(JOIN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !thread.isAlive();
        }
    }
}
