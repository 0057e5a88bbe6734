package io.fauxtp.workflow;

import java.util.Objects;

/** How a completed await ended: with a value or with a failure. */
public sealed interface Outcome {

    /** The await produced {@code value} (may be null, e.g. for a {@code void} effect method). */
    record Returned(Object value) implements Outcome {
    }

    /** The await failed with {@code failure}. */
    record Threw(Failure failure) implements Outcome {
        public Threw {
            Objects.requireNonNull(failure, "failure");
        }
    }
}
