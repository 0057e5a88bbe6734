package io.fauxtp.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and key values of the observations of supervisor restarts. Declare a bean of this type to replace
 * {@link DefaultSupervisorRestartObservationConvention} (for example to extend it with a key value of your own).
 */
public interface SupervisorRestartObservationConvention extends ObservationConvention<SupervisorRestartContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof SupervisorRestartContext;
    }

}
