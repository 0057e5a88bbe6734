package io.fauxtp.supervisor;

import io.fauxtp.process.ExitReason;

/** When a child that exited is restarted, decided from its typed {@link ExitReason} (Erlang's restart types). */
public enum Restart {
    /** Always restarted, whatever the reason, even after a normal exit. */
    PERMANENT,
    /**
     * Restarted only after an abnormal exit: not after {@code normal}, {@code shutdown} or
     * {@code {shutdown, detail}} ({@link ExitReason#isNormalOrShutdown()}).
     */
    TRANSIENT,
    /** Never restarted; its spec is forgotten once it exits. */
    TEMPORARY;

    /** Whether a child of this restart type that exited with {@code reason} is to be restarted. */
    public boolean restartsAfter(ExitReason reason) {
        return switch (this) {
            case PERMANENT -> true;
            case TRANSIENT -> !reason.isNormalOrShutdown();
            case TEMPORARY -> false;
        };
    }
}
