package io.fauxtp.process.internal;

import io.fauxtp.process.ExitReason;

/**
 * Unwinds a process's thread when the process ends with {@code reason} (its own {@code exit(reason)}, or an
 * exit signal that already ended it). An {@link Error}, so that {@code catch (Exception e)} in user code does
 * not swallow it; no stack trace is captured.
 */
public final class ProcessExitSignal extends Error {
    private final transient ExitReason reason;

    public ProcessExitSignal(ExitReason reason) {
        super("process exit: " + reason, null, false, false);
        this.reason = reason;
    }

    public ExitReason reason() {
        return reason;
    }
}
