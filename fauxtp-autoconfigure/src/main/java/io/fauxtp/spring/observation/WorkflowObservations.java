package io.fauxtp.spring.observation;

import io.fauxtp.workflow.EffectStep;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.WorkflowObserver;
import io.fauxtp.workflow.WorkflowSpec;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Observes the steps of workflow runs and their effect calls with Micrometer {@link Observation}s, set on the
 * engine with {@link io.fauxtp.workflow.WorkflowEngine.Builder#observer}. A step's observation is a child of
 * whatever observation is current where the run advances (the server's handling of a GenServer call, an HTTP
 * request) and is current while the workflow code runs; an effect call's is a child of the step's and current
 * while the handler runs. The engine calls handlers on the thread that advances the run, so the thread-locals
 * that follow the current observation (the trace context, and with Boot's tracing the MDC's {@code traceId} and
 * {@code spanId}) are the effect call's inside the handler, and the caller's MDC entries are there too.
 *
 * <p>While the registry has no handlers ({@link ObservationRegistry#isNoop()}), nothing is created.
 */
public final class WorkflowObservations implements WorkflowObserver {

    private static final WorkflowStepObservationConvention DEFAULT_STEP =
            new DefaultWorkflowStepObservationConvention();

    private static final EffectCallObservationConvention DEFAULT_EFFECT = new DefaultEffectCallObservationConvention();

    private final ObservationRegistry registry;

    private final @Nullable WorkflowStepObservationConvention stepConvention;

    private final @Nullable EffectCallObservationConvention effectConvention;

    /**
     * Creates the observer.
     * @param registry where observations go
     * @param stepConvention the application's step convention, or null for
     * {@link DefaultWorkflowStepObservationConvention}
     * @param effectConvention the application's effect call convention, or null for
     * {@link DefaultEffectCallObservationConvention}
     */
    public WorkflowObservations(ObservationRegistry registry,
            @Nullable WorkflowStepObservationConvention stepConvention,
            @Nullable EffectCallObservationConvention effectConvention) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.stepConvention = stepConvention;
        this.effectConvention = effectConvention;
    }

    @Override
    public @Nullable Step advancing(WorkflowSpec spec, String runId, Operation operation) {
        if (this.registry.isNoop()) {
            return null;
        }
        WorkflowStepContext context = new WorkflowStepContext(spec.name(), spec.version(), runId, operation);
        Observation observation = Observation.createNotStarted(this.stepConvention, DEFAULT_STEP, () -> context,
                this.registry).start();
        Observation.Scope scope = observation.openScope();
        return new Step() {

            @Override
            public EffectCall callingEffect(EffectStep step, String effect, String method, String handler) {
                return observeEffect(step, effect, method, handler);
            }

            @Override
            public void ended(Suspension.@Nullable Status status, @Nullable Throwable failure) {
                context.status(status);
                if (failure != null) {
                    observation.error(failure);
                }
                scope.close();
                observation.stop();
            }

        };
    }

    private EffectCall observeEffect(EffectStep step, String effect, String method, String handler) {
        EffectCallContext context = new EffectCallContext(step, effect, method, handler);
        Observation observation = Observation.createNotStarted(this.effectConvention, DEFAULT_EFFECT,
                () -> context, this.registry).start();
        Observation.Scope scope = observation.openScope();
        return failure -> {
            if (failure != null) {
                observation.error(failure);
            }
            scope.close();
            observation.stop();
        };
    }

}
