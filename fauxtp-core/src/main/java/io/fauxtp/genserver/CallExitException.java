package io.fauxtp.genserver;

import io.fauxtp.process.ExitReason;

/**
 * A call failed because the server is not there: it did not exist ({@link ExitReason#NO_PROCESS}), or it
 * exited before replying, with {@link #reason()}.
 */
public class CallExitException extends RuntimeException {
    private final transient ExitReason reason;

    public CallExitException(Object server, Object request, ExitReason reason) {
        super("call to " + server + " failed: the server exited with " + reason + " (request: " + request + ")",
                reason instanceof ExitReason.Error e ? e.cause() : null);
        this.reason = reason;
    }

    /** Why the server is gone. */
    public ExitReason reason() {
        return reason;
    }
}
