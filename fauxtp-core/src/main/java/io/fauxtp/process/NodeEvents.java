package io.fauxtp.process;

/**
 * Observer hooks of a {@link Node}, for metrics and health. When nobody listens, a spawn or an exit costs one
 * volatile read; the message counter is a striped counter.
 *
 * <p>Listeners run synchronously: a spawn event on the spawning thread before the new process runs, an exit
 * event on the thread that ended the process, after its name is released and before its links and monitors
 * are notified. They must be quick and must not block. An exception thrown by a listener is logged and
 * otherwise ignored.
 */
public interface NodeEvents {

    /** Receives process life-cycle events. Both methods default to doing nothing. */
    interface Listener {
        /** {@code pid} was spawned; {@code name} is its registered name at spawn time, or null. */
        default void processSpawned(Pid pid, String name) {}

        /** {@code pid} exited with {@code reason}; {@code name} is the name it had, or null. */
        default void processExited(Pid pid, String name, ExitReason reason) {}
    }

    /** Adds a listener; closing the returned handle removes it. */
    AutoCloseable subscribe(Listener listener);

    /** Messages sent on this node so far (including those dropped because the receiver was dead). */
    long messagesSent();

    /** Processes spawned on this node so far. */
    long processesSpawned();

    /** Processes that have exited on this node so far. */
    long processesExited();
}
