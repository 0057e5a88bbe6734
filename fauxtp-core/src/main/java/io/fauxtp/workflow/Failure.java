package io.fauxtp.workflow;

import java.util.Objects;

/**
 * An exception as the journal keeps it: the exception's class name, its message and its cause, as data.
 * Replay never rebuilds an exception object from a class name; the workflow sees an
 * {@link EffectFailedException} carrying this record instead, live and on replay alike.
 *
 * @param type the exception's class name, e.g. {@code java.io.IOException}
 * @param message its message ({@code ""} when it had none)
 * @param cause its cause, or {@code null}
 */
public record Failure(String type, String message, Failure cause) {

    private static final int MAX_CAUSES = 8;

    public Failure {
        Objects.requireNonNull(type, "type");
        message = message == null ? "" : message;
    }

    /** A failure of the given type and message, without cause. */
    public static Failure of(String type, String message) {
        return new Failure(type, message, null);
    }

    /** The data of {@code error} and of up to eight of its causes. */
    public static Failure of(Throwable error) {
        return of(error, 0);
    }

    private static Failure of(Throwable error, int depth) {
        Throwable cause = error.getCause();
        Failure next = cause == null || cause == error || depth >= MAX_CAUSES ? null : of(cause, depth + 1);
        return new Failure(error.getClass().getName(), error.getMessage(), next);
    }

    /** Whether this failure's type is {@code type} (compared by name). */
    public boolean is(Class<? extends Throwable> type) {
        return this.type.equals(type.getName());
    }

    @Override
    public String toString() {
        return type + (message.isEmpty() ? "" : ": " + message) + (cause == null ? "" : " (caused by " + cause + ")");
    }
}
