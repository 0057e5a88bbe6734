package io.fauxtp.supervisor;

import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Pid;

/**
 * A hook around the restarts of the supervisors of one node: it sees each restart decision (what a supervisor's
 * intensity counts) when the supervisor takes it and hears how it ended, both on the supervisor's own process.
 * Metrics and tracing are built on it (fauxtp's Spring Boot module makes a Micrometer {@code Observation} of
 * each restart); the core knows nothing of them.
 *
 * <p>Set with {@link Supervisor#observeRestarts}. Without an observer a restart pays one volatile read. The
 * methods run inside the supervisor, between two of its steps: keep them quick; an exception they throw is
 * logged and ignored.
 */
public interface RestartObserver {

    /** How a restart decision ended. */
    enum Outcome {
        /** The children of the restart group were started again. */
        RESTARTED,
        /** A back-off delay applies: the group was stopped and starts when the delay is over. */
        DELAYED,
        /** Starting a child of the group failed; the supervisor retries, which is a restart of its own. */
        START_FAILED,
        /** The restart would exceed the supervisor's intensity: it stopped its children and exits. */
        GAVE_UP
    }

    /**
     * A supervisor is about to restart a child's group (the child alone, all children, or the child and those
     * started after it, by its strategy).
     * @param supervisor the supervisor
     * @param strategy its strategy
     * @param childId the id of the child whose exit (or failed start) caused the restart
     * @param reason why the child exited, or null when the restart retries a start that failed
     * @return what to hand back to {@link #ended}, or null to hear nothing more of this restart
     */
    Object restarting(Pid supervisor, Strategy strategy, String childId, ExitReason reason);

    /**
     * The restart decision ended.
     * @param context what {@link #restarting} returned
     * @param outcome how it ended
     * @param failure why a child failed to start ({@link Outcome#START_FAILED}), otherwise null
     */
    void ended(Object context, Outcome outcome, Throwable failure);

}
