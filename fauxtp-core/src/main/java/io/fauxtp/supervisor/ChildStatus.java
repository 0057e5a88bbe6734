package io.fauxtp.supervisor;

/** Where a child stands in its supervisor. */
public enum ChildStatus {
    /** The child process is alive. */
    RUNNING,
    /** The child exited and its restart is pending (back-off delay, or a retry after a failed start). */
    RESTARTING,
    /** Not running and not to be restarted by itself; its spec is kept (restart or delete it explicitly). */
    TERMINATED
}
