package io.fauxtp.process;

/** {@link Task#await} found that the task failed; {@link #reason()} says how (its cause is the exception, if any). */
public class TaskFailedException extends RuntimeException {
    private final transient ExitReason reason;

    public TaskFailedException(Pid task, ExitReason reason) {
        super("task " + task + " failed: " + reason, reason instanceof ExitReason.Error e ? e.cause() : null);
        this.reason = reason;
    }

    public ExitReason reason() {
        return reason;
    }
}
