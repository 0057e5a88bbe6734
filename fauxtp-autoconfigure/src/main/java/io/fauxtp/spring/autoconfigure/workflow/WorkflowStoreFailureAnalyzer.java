package io.fauxtp.spring.autoconfigure.workflow;

import io.fauxtp.spring.workflow.WorkflowStoreConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link WorkflowStoreConfigurationException}. Registered in {@code META-INF/spring.factories}.
 */
class WorkflowStoreFailureAnalyzer extends AbstractFailureAnalyzer<WorkflowStoreConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, WorkflowStoreConfigurationException cause) {
        return new FailureAnalysis(cause.description(), cause.action(), cause);
    }

}
