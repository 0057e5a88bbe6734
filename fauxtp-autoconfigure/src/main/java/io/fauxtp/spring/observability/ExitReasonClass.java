package io.fauxtp.spring.observability;

import io.fauxtp.process.ExitReason;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The class of an exit reason, as metrics tag it and health and the endpoint summarise it: few values, never a
 * pid or an exception message.
 */
public enum ExitReasonClass {

    /** {@code normal}: the process finished. */
    NORMAL,

    /** {@code shutdown}: it was stopped in an orderly way (by its supervisor, or a stop request). */
    SHUTDOWN,

    /** {@code killed}: it was killed by an untrappable signal. */
    KILLED,

    /** Anything else: an exception, a custom reason, a lost link. */
    ABNORMAL;

    /**
     * Classifies a reason.
     * @param reason the exit reason
     * @return its class
     */
    public static ExitReasonClass of(ExitReason reason) {
        return switch (reason) {
            case ExitReason.Normal normal -> NORMAL;
            case ExitReason.Shutdown shutdown -> SHUTDOWN;
            case ExitReason.Killed killed -> KILLED;
            case ExitReason.Kill kill -> KILLED;
            default -> ABNORMAL;
        };
    }

    /** @return the lower-case tag value, e.g. {@code abnormal} */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A one-line summary of a reason without any message text: the class, plus the exception type of an error
     * (e.g. {@code abnormal: java.lang.IllegalStateException}). Safe to show where messages could leak secrets.
     * @param reason the reason, or null
     * @return the summary, or null when {@code reason} is null
     */
    public static @Nullable String summary(@Nullable ExitReason reason) {
        if (reason == null) {
            return null;
        }
        return switch (reason) {
            case ExitReason.Error error -> "abnormal: " + error.cause().getClass().getName();
            case ExitReason.Custom custom -> "abnormal: custom";
            case ExitReason.NoProcess noProcess -> "abnormal: noproc";
            case ExitReason.NoConnection noConnection -> "abnormal: noconnection";
            default -> of(reason).tag();
        };
    }

}
