package io.fauxtp.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and key values of the observations of workflow steps. Declare a bean of this type to replace
 * {@link DefaultWorkflowStepObservationConvention}.
 */
public interface WorkflowStepObservationConvention extends ObservationConvention<WorkflowStepContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof WorkflowStepContext;
    }

}
