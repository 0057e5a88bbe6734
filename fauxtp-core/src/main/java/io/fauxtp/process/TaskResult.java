package io.fauxtp.process;

/**
 * The message a task started with {@link Task#start} or {@link Task#startLinked} sends to its owner when it
 * ends, exactly once: with its value, or with the reason it failed (an exception, or an exit signal that
 * killed it).
 *
 * @param <T> the task's value type
 */
public sealed interface TaskResult<T> {

    /** The task. */
    Task<T> task();

    /** The task returned {@code value} (null when the work returned null). */
    record Succeeded<T>(Task<T> task, T value) implements TaskResult<T> {}

    /** The task ended without a value, with {@code reason}. */
    record Failed<T>(Task<T> task, ExitReason reason) implements TaskResult<T> {}
}
