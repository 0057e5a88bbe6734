package io.fauxtp.process;

import io.fauxtp.process.internal.NodeRuntime;
import io.fauxtp.process.internal.ProcessImpl;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A piece of work run in its own process, whose result comes back to whoever waits for it.
 *
 * <ul>
 *   <li>From a process (a GenServer, say): {@link #start} or {@link #startLinked}; when the task ends, its
 *       owner receives one {@link TaskResult} message ({@code handleInfo} in a GenServer). A linked task that
 *       fails also sends its exit signal along the link, as any linked process does.</li>
 *   <li>From ordinary code: {@link #async(Node, Callable)} and then {@link #await(Duration)}.</li>
 * </ul>
 *
 * @param <T> the value type
 */
public final class Task<T> {

    private final Pid pid;
    private final CompletableFuture<TaskResult<T>> outcome = new CompletableFuture<>();

    private Task(Pid pid) {
        this.pid = pid;
    }

    /** From inside a process: runs {@code work} in a new, unlinked process; the caller gets a {@link TaskResult}. */
    public static <T> Task<T> start(Callable<T> work) {
        return spawn(ProcessImpl.requireCurrent("Task.start"), work, false);
    }

    /**
     * From inside a process: runs {@code work} in a new process linked to the caller; the caller gets a
     * {@link TaskResult}, and if the task fails the link delivers its exit signal too (the caller dies with the
     * same reason unless it traps exits).
     */
    public static <T> Task<T> startLinked(Callable<T> work) {
        return spawn(ProcessImpl.requireCurrent("Task.startLinked"), work, true);
    }

    /** From any code: runs {@code work} in a new, unlinked process of {@code node}; see {@link #await(Duration)}. */
    public static <T> Task<T> async(Node node, Callable<T> work) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(work, "work");
        NodeRuntime runtime = NodeRuntime.of(node);
        Pid pid = runtime.newPid();
        Task<T> task = new Task<>(pid);
        runtime.spawnTask(pid, null, false, work, task::finish);
        return task;
    }

    private static <T> Task<T> spawn(ProcessImpl owner, Callable<T> work, boolean link) {
        Objects.requireNonNull(work, "work");
        NodeRuntime runtime = owner.runtime();
        Pid pid = runtime.newPid();
        Task<T> task = new Task<>(pid);
        runtime.spawnTask(pid, owner, link, work, (value, reason) -> {
            TaskResult<T> result = task.finish(value, reason);
            runtime.send(owner.self(), result);
        });
        return task;
    }

    @SuppressWarnings("unchecked")
    private TaskResult<T> finish(Object value, ExitReason reason) {
        TaskResult<T> result = reason.isNormal()
                ? new TaskResult.Succeeded<>(this, (T) value)
                : new TaskResult.Failed<>(this, reason);
        outcome.complete(result);
        return result;
    }

    /** The task's process. */
    public Pid pid() {
        return pid;
    }

    /** Whether the task has ended (successfully or not). */
    public boolean isDone() {
        return outcome.isDone();
    }

    /**
     * Waits for the task's value.
     *
     * @throws TaskFailedException  the task threw or was killed; the exception's cause is the task's exception
     * @throws TaskTimeoutException no result within {@code timeout}; the task is killed
     * @throws InterruptedException the waiting thread was interrupted
     */
    public T await(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        TaskResult<T> result;
        try {
            result = outcome.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            cancel();
            throw new TaskTimeoutException(pid, timeout);
        } catch (ExecutionException e) {
            throw new IllegalStateException("task outcome cannot fail", e);
        }
        return switch (result) {
            case TaskResult.Succeeded<T> s -> s.value();
            case TaskResult.Failed<T> f -> throw new TaskFailedException(pid, f.reason());
        };
    }

    /** Kills the task if it is still running. */
    public void cancel() {
        NodeRuntime runtime = NodeRuntime.byId(pid.node());
        if (runtime != null) {
            runtime.exitSignal(pid, ExitReason.KILL);
        }
    }

    @Override
    public String toString() {
        return "Task" + pid;
    }
}
