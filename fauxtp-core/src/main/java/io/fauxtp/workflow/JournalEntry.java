package io.fauxtp.workflow;

import java.util.List;
import java.util.Objects;

/**
 * One completed await of a workflow.
 *
 * @param request what the workflow asked for
 * @param outcome its value or failure
 * @param failedAttempts the failures of earlier attempts (effect calls under a {@link RetryPolicy}); for an
 *     outcome that is itself a failure, the last attempt is included
 */
public record JournalEntry(Request request, Outcome outcome, List<Failure> failedAttempts) {

    public JournalEntry {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(outcome, "outcome");
        failedAttempts = List.copyOf(failedAttempts == null ? List.of() : failedAttempts);
    }

    /** An entry for a first-time success or failure, without earlier failed attempts. */
    public JournalEntry(Request request, Outcome outcome) {
        this(request, outcome, List.of());
    }

    /** How many times the request was tried. */
    public int attempts() {
        return outcome instanceof Outcome.Threw ? failedAttempts.size() : failedAttempts.size() + 1;
    }
}
