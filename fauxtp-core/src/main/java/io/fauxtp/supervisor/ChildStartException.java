package io.fauxtp.supervisor;

/**
 * A child could not be started: thrown by {@link Supervisor#start} (the supervisor did not start; the children
 * started before it were stopped), by {@link Supervisor#startChild} and {@link Supervisor#restartChild}.
 * The message names the child; {@link #getCause()} is what its start function threw.
 */
public class ChildStartException extends RuntimeException {

    private final String childId;

    public ChildStartException(String message, String childId, Throwable cause) {
        super(message, cause);
        this.childId = childId;
    }

    /** The id of the child that failed to start. */
    public String childId() {
        return childId;
    }
}
