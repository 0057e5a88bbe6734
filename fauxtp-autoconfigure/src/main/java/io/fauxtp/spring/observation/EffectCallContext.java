package io.fauxtp.spring.observation;

import io.fauxtp.workflow.EffectStep;
import io.micrometer.observation.Observation;
import java.util.Objects;

/**
 * What an observation of an effect call knows: the journal step it runs for (run, workflow, step, attempt), the
 * effect (its interface's simple name), the method and the id of the handler that answers it.
 */
public final class EffectCallContext extends Observation.Context {

    private final EffectStep step;

    private final String effect;

    private final String method;

    private final String handler;

    /**
     * Creates a context.
     * @param step the journal step and attempt
     * @param effect the effect's name
     * @param method the method called
     * @param handler the handler's id
     */
    public EffectCallContext(EffectStep step, String effect, String method, String handler) {
        this.step = Objects.requireNonNull(step, "step");
        this.effect = Objects.requireNonNull(effect, "effect");
        this.method = Objects.requireNonNull(method, "method");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** @return the journal step and attempt the handler runs for */
    public EffectStep step() {
        return this.step;
    }

    /** @return the effect's name (its interface's simple name) */
    public String effect() {
        return this.effect;
    }

    /** @return the method called */
    public String method() {
        return this.method;
    }

    /** @return the id of the handler that answers */
    public String handler() {
        return this.handler;
    }

}
