package io.fauxtp.spring.autoconfigure.workflow;

import io.fauxtp.spring.actuate.endpoint.WorkflowsEndpoint;
import io.fauxtp.spring.workflow.SuspensionToTextConverter;
import io.fauxtp.spring.workflow.TextToSuspensionConverter;
import io.fauxtp.spring.workflow.WorkflowDatabase;
import io.fauxtp.spring.workflow.WorkflowRuns;
import io.fauxtp.workflow.Suspension;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.EndpointConverter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.convert.converter.Converter;

/**
 * The {@code workflows} actuator endpoint ({@link WorkflowsEndpoint}) when Spring Boot's actuator is on the class
 * path and the endpoint is available (exposed with {@code management.endpoints.web.exposure.include=workflows}),
 * and the suspension converter for actuator endpoint input ({@code @EndpointConverter}), which Boot keeps apart
 * from the MVC converters.
 */
@AutoConfiguration(after = FauxtpWorkflowAutoConfiguration.class)
@ConditionalOnClass({ WorkflowRuns.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(WorkflowRuns.class)
@ConditionalOnAvailableEndpoint(WorkflowsEndpoint.class)
public final class FauxtpWorkflowEndpointAutoConfiguration {

    FauxtpWorkflowEndpointAutoConfiguration() {
    }

    @Bean
    @EndpointConverter
    @ConditionalOnMissingBean(name = "fauxtpEndpointTextToSuspensionConverter")
    Converter<String, Suspension> fauxtpEndpointTextToSuspensionConverter(TextToSuspensionConverter converter) {
        // Its own class, so that the application's TextToSuspensionConverter bean stays the only one of its type.
        return new Converter<String, Suspension>() {

            @Override
            public Suspension convert(String source) {
                return converter.convert(source);
            }

        };
    }

    @Bean
    @ConditionalOnMissingBean
    WorkflowsEndpoint workflowsEndpoint(WorkflowRuns runs, SuspensionToTextConverter toText,
            ObjectProvider<WorkflowDatabase> database) {
        WorkflowDatabase db = database.getIfAvailable();
        return new WorkflowsEndpoint(runs, toText, db != null ? db.description() : "application SuspensionStore");
    }

}
