package io.fauxtp.process;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * Selects messages for {@link ProcessContext#receive(Matcher, java.time.Duration)}: returns the value to hand
 * to the receiver, or {@code null} when the message does not match (it then stays in the mailbox, in order).
 * Messages are never null, so null is free to mean "no match".
 *
 * <pre>{@code
 * Matcher<Integer> bigNumbers = m -> m instanceof Integer i && i > 100 ? i : null;
 * }</pre>
 *
 * @param <T> what a match yields
 */
@FunctionalInterface
public interface Matcher<T> {

    /** The value to receive, or null when {@code message} does not match. */
    T match(Object message);

    /** Matches every message. */
    static Matcher<Object> any() {
        return message -> message;
    }

    /** Matches instances of {@code type}. */
    static <T> Matcher<T> type(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return message -> type.isInstance(message) ? type.cast(message) : null;
    }

    /** Matches instances of {@code type} that satisfy {@code condition}. */
    static <T> Matcher<T> when(Class<T> type, Predicate<? super T> condition) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(condition, "condition");
        return message -> type.isInstance(message) && condition.test(type.cast(message)) ? type.cast(message) : null;
    }

    /** Matches messages equal to {@code value}. */
    static Matcher<Object> exactly(Object value) {
        Objects.requireNonNull(value, "value");
        return message -> value.equals(message) ? message : null;
    }
}
