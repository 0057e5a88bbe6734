package io.fauxtp.test.internal;

import io.fauxtp.spring.autoconfigure.workflow.FauxtpWorkflowAutoConfiguration;
import io.fauxtp.spring.workflow.WorkflowRuns;
import io.fauxtp.test.FauxtpTest;
import io.fauxtp.test.WorkflowTester;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;

/** The {@link WorkflowTester} of {@link FauxtpTest}, once the workflow auto-configuration has made the runs. */
@AutoConfiguration(after = FauxtpWorkflowAutoConfiguration.class)
@ConditionalOnBean(WorkflowRuns.class)
public final class FauxtpTestWorkflowAutoConfiguration {

    FauxtpTestWorkflowAutoConfiguration() {
    }

    @Bean
    WorkflowTester fauxtpWorkflowTester(WorkflowRuns runs) {
        return new WorkflowTester(runs);
    }

}
