package io.fauxtp.process;

import java.time.Duration;

/** {@link Task#await} waited {@code timeout} without a result; the task has been killed. */
public class TaskTimeoutException extends RuntimeException {
    public TaskTimeoutException(Pid task, Duration timeout) {
        super("task " + task + " gave no result within " + timeout + "; it was killed");
    }
}
