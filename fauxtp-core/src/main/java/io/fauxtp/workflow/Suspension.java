package io.fauxtp.workflow;

import io.fauxtp.text.Text;
import java.util.List;
import java.util.Objects;

/**
 * A workflow checkpoint: everything needed to rebuild a workflow run by replay, as an immutable value.
 *
 * <p>Java cannot freeze a running method, so a suspension does not hold a stack: it holds the workflow's name
 * and version, the run's id and input, the journal of every completed await (request and outcome, in order),
 * signals delivered but not consumed yet, and what the run awaits now. {@link WorkflowEngine#resume} runs the
 * workflow again from its first line, answers each await from the journal, and continues live from there.
 * The values it holds (input, effect arguments and results, signal values) should be immutable: records,
 * strings, numbers and immutable collections.
 *
 * @param id the run's id
 * @param workflow the workflow's name
 * @param version the workflow's version
 * @param input the input given to {@link WorkflowEngine#freeze}
 * @param journal the completed awaits, in order
 * @param awaiting what the run waits for now ({@link Await#NOTHING} when ready or finished)
 * @param inbox signals delivered and not consumed yet, in delivery order
 * @param status where the run is
 * @param result the value the workflow returned, once {@link Status#COMPLETED}
 * @param failure why the workflow failed, once {@link Status#FAILED}
 */
public record Suspension(String id, String workflow, int version, Object input, List<JournalEntry> journal,
        Await awaiting, List<SignalMessage> inbox, Status status, Object result, Failure failure) {

    /** Where a run is. */
    public enum Status {
        /**
         * Ready to run: frozen before its first line, or checkpointed between two steps while it ran (its journal
         * holds the steps done); {@link WorkflowEngine#resume} goes on from there.
         */
        READY,
        /** Waiting for what {@link #awaiting()} says. */
        WAITING,
        /** Returned {@link #result()}. */
        COMPLETED,
        /** Threw; {@link #failure()} says what. */
        FAILED
    }

    public Suspension {
        requireText(id, "id");
        requireText(workflow, "workflow");
        if (version < 1) {
            throw new IllegalArgumentException("suspension " + id + ": version must be at least 1, not " + version);
        }
        journal = List.copyOf(Objects.requireNonNull(journal, "journal"));
        Objects.requireNonNull(awaiting, "awaiting");
        inbox = List.copyOf(Objects.requireNonNull(inbox, "inbox"));
        Objects.requireNonNull(status, "status");
        boolean waits = !(awaiting instanceof Await.Nothing);
        String problem = switch (status) {
            case READY -> waits ? "a READY suspension awaits nothing" : null;
            case WAITING -> waits ? null : "a WAITING suspension must say what it awaits";
            case COMPLETED -> waits || failure != null ? "a COMPLETED suspension awaits nothing and has no failure"
                    : null;
            case FAILED -> waits || failure == null || result != null
                    ? "a FAILED suspension awaits nothing, has a failure and no result" : null;
        };
        if (problem != null) {
            throw new IllegalArgumentException("inconsistent suspension " + id + " of workflow '" + workflow
                    + "': " + problem + " (status " + status + ", awaiting " + Text.summary(awaiting, 200) + ")");
        }
        if (status != Status.COMPLETED && result != null) {
            throw new IllegalArgumentException("suspension " + id + " has a result but its status is " + status);
        }
    }

    /** The number of completed awaits: how far replay answers from the journal. */
    public int position() {
        return journal.size();
    }

    /** Whether the run has finished (completed or failed). */
    public boolean isFinished() {
        return status == Status.COMPLETED || status == Status.FAILED;
    }

    Suspension advanced(List<JournalEntry> newJournal, Await newAwaiting, List<SignalMessage> newInbox,
            Status newStatus, Object newResult, Failure newFailure) {
        return new Suspension(id, workflow, version, input, newJournal, newAwaiting, newInbox, newStatus, newResult,
                newFailure);
    }

    Suspension withInbox(List<SignalMessage> newInbox) {
        return new Suspension(id, workflow, version, input, journal, awaiting, newInbox, status, result, failure);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a suspension's " + what + " must not be blank");
        }
    }
}
