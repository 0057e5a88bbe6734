package io.fauxtp.supervisor;

import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Pid;
import java.time.Duration;
import java.time.Instant;

/**
 * What happens in a supervisor, delivered to {@link Supervisor#subscribe subscribers} on the supervisor's own
 * process, in order. Listeners must be quick and must not call the supervisor (it is busy delivering); an
 * exception thrown by a listener is logged and ignored. With no subscriber, no event object is created.
 */
public sealed interface SupervisorEvent {

    /** The supervisor the event happened in. */
    Pid supervisor();

    Instant at();

    /** A child started for the first time (at supervisor start, or by {@code startChild}/{@code restartChild}). */
    record ChildStarted(Pid supervisor, String childId, Pid pid, Instant at) implements SupervisorEvent {}

    /** A child exited, on its own or stopped by the supervisor (then the reason is {@code shutdown} or {@code killed}). */
    record ChildExited(Pid supervisor, String childId, Pid pid, ExitReason reason, Instant at)
            implements SupervisorEvent {}

    /** The supervisor restarted a child after it (or a sibling, by the strategy) exited. */
    record ChildRestarted(Pid supervisor, String childId, Pid pid, int restartCount, Instant at)
            implements SupervisorEvent {}

    /** Starting or restarting a child failed; a restart is retried (counting towards the intensity). */
    record ChildStartFailed(Pid supervisor, String childId, Throwable cause, Instant at) implements SupervisorEvent {}

    /**
     * The supervisor exceeded its restart intensity: it has terminated its children and now exits with
     * {@code reason}.
     */
    record SupervisorGaveUp(Pid supervisor, int maxRestarts, Duration within, ExitReason reason, Instant at)
            implements SupervisorEvent {}
}
