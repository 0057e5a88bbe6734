package io.fauxtp.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and key values of the observations of effect calls. Declare a bean of this type to replace
 * {@link DefaultEffectCallObservationConvention}.
 */
public interface EffectCallObservationConvention extends ObservationConvention<EffectCallContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof EffectCallContext;
    }

}
