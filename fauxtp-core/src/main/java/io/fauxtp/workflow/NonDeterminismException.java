package io.fauxtp.workflow;

/**
 * Replay found that the workflow's code no longer does what its journal records: at step {@link #step()} the
 * journal holds {@link #recorded()} but the code asked for {@link #requested()} (or returned, when that is
 * {@code null}). The suspension is left as it was; register the old version of the workflow to finish it, or
 * give the changed workflow a new version.
 */
public final class NonDeterminismException extends RuntimeException {

    private final int step;
    private final Request recorded;
    private final Request requested;

    public NonDeterminismException(String workflow, int step, Request recorded, Request requested, String detail) {
        super("non-deterministic replay of workflow " + workflow + " at step " + step + ": the journal records "
                + recorded + " but the code " + (requested == null ? "finished without it" : "asked for " + requested)
                + (detail == null ? "" : " (" + detail + ")")
                + "; the workflow's code changed without a new version, or it depends on something other than its"
                + " input and awaits (time, randomness, I/O outside effects)");
        this.step = step;
        this.recorded = recorded;
        this.requested = requested;
    }

    /** The 0-based journal index where the code and the journal differ. */
    public int step() {
        return step;
    }

    /** What the journal (or the suspension's current await) records at that step. */
    public Request recorded() {
        return recorded;
    }

    /** What the code asked for at that step, or {@code null} when it returned or threw first. */
    public Request requested() {
        return requested;
    }
}
