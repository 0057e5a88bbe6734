package io.fauxtp.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and key values of the observations of GenServer requests. Declare a bean of this type to replace
 * {@link DefaultGenServerObservationConvention} (for example to extend it with a key value of your own), as with
 * Spring's {@code ServerRequestObservationConvention}.
 */
public interface GenServerObservationConvention extends ObservationConvention<GenServerRequestContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof GenServerRequestContext;
    }

}
