package io.fauxtp.workflow;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a failing effect call is tried, and how long to wait between tries. A wait longer than zero is
 * durable: the run suspends with {@link Await.Effect} and the next {@link WorkflowEngine#resume} at or after
 * the retry instant tries again, so a retry survives a restart.
 *
 * @param maxAttempts tries in total, at least 1
 * @param initialBackoff the wait after the first failure
 * @param multiplier the factor applied to the wait after each further failure, at least 1
 * @param maxBackoff the longest wait
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {

    /** One attempt: a failure is final at once. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, 1, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("back-off durations must not be negative");
        }
        if (!(multiplier >= 1)) {
            throw new IllegalArgumentException("multiplier must be at least 1, not " + multiplier);
        }
    }

    /** Up to {@code maxAttempts} tries, waiting {@code backoff} between them. */
    public static RetryPolicy fixed(int maxAttempts, Duration backoff) {
        return new RetryPolicy(maxAttempts, backoff, 1, backoff);
    }

    /** Up to {@code maxAttempts} tries, waiting {@code initial}, then twice as long each time, at most {@code max}. */
    public static RetryPolicy exponential(int maxAttempts, Duration initial, Duration max) {
        return new RetryPolicy(maxAttempts, initial, 2, max);
    }

    /** The wait after the {@code failures}-th failure (1-based). */
    public Duration backoffAfter(int failures) {
        if (initialBackoff.isZero()) {
            return Duration.ZERO;
        }
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, failures - 1));
        long capped = (long) Math.min(millis, (double) maxBackoff.toMillis());
        return Duration.ofMillis(Math.max(capped, 0));
    }
}
