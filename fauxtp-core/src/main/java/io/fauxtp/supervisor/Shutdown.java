package io.fauxtp.supervisor;

import java.time.Duration;
import java.util.Objects;

/**
 * How a supervisor stops a child. The supervisor always unlinks and monitors the child first, then:
 * <ul>
 *   <li>{@link BrutalKill}: sends the untrappable {@code kill} signal.</li>
 *   <li>{@link Timeout}: sends the exit signal {@code shutdown} (a child trapping exits runs its
 *       {@code terminate}); if the child has not exited after the duration, it is killed.</li>
 *   <li>{@link Infinity}: sends {@code shutdown} and waits as long as it takes; meant for children that are
 *       supervisors, which stop their own children first.</li>
 * </ul>
 */
public sealed interface Shutdown {

    /** Kill the child at once. */
    record BrutalKill() implements Shutdown {
        @Override
        public String toString() {
            return "brutal_kill";
        }
    }

    /** Ask with {@code shutdown}, kill after {@code duration}. */
    record Timeout(Duration duration) implements Shutdown {
        public Timeout {
            Objects.requireNonNull(duration, "duration");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("shutdown timeout must be positive, got " + duration
                        + "; use Shutdown.brutalKill() to kill at once");
            }
        }

        @Override
        public String toString() {
            return duration.toMillis() + " ms";
        }
    }

    /** Ask with {@code shutdown} and wait until the child has exited. */
    record Infinity() implements Shutdown {
        @Override
        public String toString() {
            return "infinity";
        }
    }

    /** The default for workers: 5 seconds, as in OTP. */
    Shutdown DEFAULT_WORKER = new Timeout(Duration.ofSeconds(5));

    static Shutdown brutalKill() {
        return new BrutalKill();
    }

    static Shutdown timeout(Duration duration) {
        return new Timeout(duration);
    }

    static Shutdown infinity() {
        return new Infinity();
    }
}
