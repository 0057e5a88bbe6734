package io.fauxtp.spring.observation;

import io.micrometer.common.KeyValues;

/**
 * The default name and key values of effect call observations, {@value #NAME}: one per live call of an effect
 * handler by a workflow (each attempt of a retried call), a child of the step's observation
 * ({@link DefaultWorkflowStepObservationConvention}) and current while the handler runs. A step answered from the
 * journal calls no handler and makes no observation.
 *
 * <p>Low-cardinality key values: {@code fauxtp.workflow} (the registered workflow name), {@code fauxtp.effect}
 * (the effect interface's simple name), {@code fauxtp.effect.method} and {@code fauxtp.effect.handler} (the
 * handler's id). Boot's meter handler adds {@code error} (the exception type when the handler threw).
 * High-cardinality (spans only): {@code fauxtp.workflow.run} (the run's id), {@code fauxtp.effect.step} (the
 * journal step) and {@code fauxtp.effect.attempt}. Contextual name (span name): {@code effect Payments.charge}.
 */
public class DefaultEffectCallObservationConvention implements EffectCallObservationConvention {

    /** The observation name. */
    public static final String NAME = "fauxtp.effect.call";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(EffectCallContext context) {
        return "effect " + context.effect() + "." + context.method();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(EffectCallContext context) {
        return KeyValues.of("fauxtp.workflow", context.step().workflow(), "fauxtp.effect", context.effect(),
                "fauxtp.effect.method", context.method(), "fauxtp.effect.handler", context.handler());
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(EffectCallContext context) {
        return KeyValues.of("fauxtp.workflow.run", context.step().runId(), "fauxtp.effect.step",
                Integer.toString(context.step().step()), "fauxtp.effect.attempt",
                Integer.toString(context.step().attempt()));
    }

}
