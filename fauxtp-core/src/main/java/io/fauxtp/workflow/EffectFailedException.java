package io.fauxtp.workflow;

/**
 * What a workflow sees when an effect call failed for good (its {@link RetryPolicy} is used up). Live and on
 * replay alike it carries the journaled {@link Failure}; live, {@link #getCause()} is also the original
 * exception, on replay it is {@code null}, so decide on {@link #failure()}, never on the cause.
 */
public final class EffectFailedException extends RuntimeException {

    private final Request.EffectCall call;
    private final Failure failure;

    public EffectFailedException(Request.EffectCall call, Failure failure, Throwable liveCause) {
        super(call + " failed: " + failure, liveCause);
        this.call = call;
        this.failure = failure;
    }

    /** The call that failed. */
    public Request.EffectCall call() {
        return call;
    }

    /** The journaled failure. */
    public Failure failure() {
        return failure;
    }
}
