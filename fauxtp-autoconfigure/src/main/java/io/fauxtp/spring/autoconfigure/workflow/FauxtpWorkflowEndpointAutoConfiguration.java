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
import org.springframework.boot.actuate.endpoint.Sanitizer;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
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
@EnableConfigurationProperties(WorkflowsEndpointProperties.class)
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
            @EndpointConverter Converter<String, Suspension> fromText, ObjectProvider<WorkflowDatabase> database,
            WorkflowsEndpointProperties properties, ObjectProvider<SanitizingFunction> sanitizingFunctions) {
        WorkflowDatabase db = database.getIfAvailable();
        return new WorkflowsEndpoint(runs, toText, fromText,
                db != null ? storeKind(db.description()) : "application SuspensionStore",
                new Sanitizer(sanitizingFunctions.orderedStream().toList()), properties.getShowValues(),
                properties.getRoles());
    }

    /**
     * What the store is, without where: the database product only, never its URL, file path or error message.
     * @param description a {@link WorkflowDatabase#description()}, e.g. {@code PostgreSQL jdbc:postgresql://...}
     * @return e.g. {@code PostgreSQL} or {@code embedded H2}
     */
    static String storeKind(String description) {
        int end = description.length();
        for (String marker : new String[] { " jdbc:", " (" }) {
            int at = description.indexOf(marker);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return description.substring(0, end).strip();
    }

}
