package io.fauxtp.spring.observation;

import io.fauxtp.workflow.Suspension;
import io.micrometer.common.KeyValues;
import java.util.Locale;

/**
 * The default name and key values of workflow step observations, {@value #NAME}: one per step of a run, the
 * engine advancing it once (a start, a resume, a signal) from replaying its journal to the point where it waits
 * or ends. Its effect calls ({@link DefaultEffectCallObservationConvention}) are its children.
 *
 * <p>Low-cardinality key values: {@code fauxtp.workflow} (the registered workflow name),
 * {@code fauxtp.workflow.version}, {@code fauxtp.workflow.operation} ({@code resume}, {@code signal}) and
 * {@code fauxtp.workflow.outcome} (the run's status after the step: {@code waiting}, {@code completed},
 * {@code failed}, {@code ready} when its thread was interrupted, or {@code error} when the engine threw, e.g. on
 * non-determinism; Boot's meter handler then adds {@code error}). High-cardinality (spans only):
 * {@code fauxtp.workflow.run}, the run's id. Contextual name (span name): {@code resume order}.
 */
public class DefaultWorkflowStepObservationConvention implements WorkflowStepObservationConvention {

    /** The observation name. */
    public static final String NAME = "fauxtp.workflow.step";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(WorkflowStepContext context) {
        return lower(context.operation()) + " " + context.workflow();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(WorkflowStepContext context) {
        Suspension.Status status = context.status();
        return KeyValues.of("fauxtp.workflow", context.workflow(), "fauxtp.workflow.version",
                Integer.toString(context.version()), "fauxtp.workflow.operation", lower(context.operation()),
                "fauxtp.workflow.outcome", (status != null) ? lower(status) : "error");
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(WorkflowStepContext context) {
        return KeyValues.of("fauxtp.workflow.run", context.runId());
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

}
