package io.fauxtp.supervisor;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Restart back-off for one child (beyond OTP, which restarts at once). The n-th consecutive restart of the
 * child is delayed by {@code min(max, initial * 2^(n-1))}, spread by {@code ±jitter} of itself. The count
 * starts again at 1 once the child has stayed up for at least {@code max}.
 *
 * <p>The delay never blocks the supervisor: the restart is scheduled as a timer message, and the supervisor
 * keeps answering calls and handling other children meanwhile (the child shows as
 * {@link ChildStatus#RESTARTING}). Each delayed restart still counts towards the supervisor's restart
 * intensity, at the moment it is decided.
 *
 * @param initial the first delay, positive
 * @param max     the largest delay, at least {@code initial}
 * @param jitter  the random spread as a fraction of the delay, in {@code [0, 1]}
 */
public record Backoff(Duration initial, Duration max, double jitter) {

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("backoff initial delay must be positive, got " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff max (" + max + ") must be at least initial (" + initial + ")");
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("backoff jitter must be between 0 and 1, got " + jitter);
        }
    }

    /** Exponential back-off from {@code initial} up to {@code max}, without jitter. */
    public static Backoff exponential(Duration initial, Duration max) {
        return new Backoff(initial, max, 0.0);
    }

    /** The same back-off with {@code jitter} (a fraction in {@code [0, 1]}). */
    public Backoff withJitter(double jitter) {
        return new Backoff(initial, max, jitter);
    }

    /**
     * The delay before restart number {@code attempt} (1 for the first consecutive restart).
     *
     * @param random the source of jitter
     */
    public Duration delay(int attempt, RandomGenerator random) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, got " + attempt);
        }
        long maxNanos = max.toNanos();
        long base = initial.toNanos();
        for (int i = 1; i < attempt && base < maxNanos; i++) {
            base = base > maxNanos / 2 ? maxNanos : base * 2;
        }
        base = Math.min(base, maxNanos);
        if (jitter == 0.0) {
            return Duration.ofNanos(base);
        }
        double spread = (random.nextDouble() * 2.0 - 1.0) * jitter;
        long jittered = Math.round(base * (1.0 + spread));
        return Duration.ofNanos(Math.max(0L, jittered));
    }
}
