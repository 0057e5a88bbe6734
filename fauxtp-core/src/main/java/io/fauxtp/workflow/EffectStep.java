package io.fauxtp.workflow;

import java.util.Objects;
import java.util.Optional;

/**
 * The journal step an effect handler is running for, readable by the handler while it runs
 * ({@link #current()}). Its {@link #idempotencyKey()} is the same every time the step runs: a crash between
 * the handler's return and the commit of its journal entry runs the handler again for the same step (effects
 * are at least once), and an external API that deduplicates on an idempotency key (payment providers take
 * one) then answers the second call as the first, which makes the step exactly once end to end.
 *
 * <pre>{@code
 * public Receipt capture(String order, long cents) {
 *     String key = EffectStep.current().orElseThrow().idempotencyKey();
 *     return stripe.capture(order, cents, key);      // Stripe's Idempotency-Key header
 * }
 * }</pre>
 *
 * @param runId the workflow run's id
 * @param workflow the workflow's name
 * @param step the step's index in the run's journal (0 for the run's first await)
 * @param attempt the attempt, from 1; a retry under a {@link RetryPolicy} has the same key and a higher attempt
 */
public record EffectStep(String runId, String workflow, int step, int attempt) {

    private static final ThreadLocal<EffectStep> CURRENT = new ThreadLocal<>();

    public EffectStep {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(workflow, "workflow");
    }

    /**
     * The step the calling thread's effect handler is running for; empty outside a workflow's effect call (a
     * handler called directly, by a test or by plain code).
     */
    public static Optional<EffectStep> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * {@code <runId>:<step>}: unique per step of a run and stable across its re-runs after a crash, a restart
     * or a move to another member (the step index is fixed by replay).
     */
    public String idempotencyKey() {
        return runId + ":" + step;
    }

    /** Runs {@code call} with this step as {@link #current()}. */
    <T> T around(ThrowingSupplier<T> call) throws Throwable {
        EffectStep outer = CURRENT.get();
        CURRENT.set(this);
        try {
            return call.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    interface ThrowingSupplier<T> {
        T get() throws Throwable;
    }
}
