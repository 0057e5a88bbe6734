package io.fauxtp.genserver;

import java.time.Duration;
import java.util.Objects;

/** What a server does after a callback, before taking its next message. */
public sealed interface Next {

    /** Take the next message (with the idle timeout of {@link StartOptions}, if any). */
    record Await() implements Next {}

    /** Call {@code handleContinue(cont, state)} before taking any message. */
    record Continue(Object cont) implements Next {
        public Continue {
            Objects.requireNonNull(cont, "continue term");
        }
    }

    /** Take the next message, but if none arrives within {@code after}, call {@code handleInfo(IdleTimeout)}. */
    record Timeout(Duration after) implements Next {
        public Timeout {
            Objects.requireNonNull(after, "timeout");
            if (after.isNegative()) {
                throw new IllegalArgumentException("timeout must not be negative: " + after);
            }
        }
    }

    Next AWAIT = new Await();
}
