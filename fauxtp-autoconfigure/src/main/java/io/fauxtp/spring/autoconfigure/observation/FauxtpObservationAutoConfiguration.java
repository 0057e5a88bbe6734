package io.fauxtp.spring.autoconfigure.observation;

import io.fauxtp.process.Node;
import io.fauxtp.spring.autoconfigure.FauxtpAutoConfiguration;
import io.fauxtp.spring.autoconfigure.FauxtpSupervisionAutoConfiguration;
import io.fauxtp.spring.autoconfigure.SupervisionModel;
import io.fauxtp.spring.autoconfigure.metrics.FauxtpMetricsProperties;
import io.fauxtp.spring.metrics.NameTags;
import io.fauxtp.spring.observation.GenServerObservationConvention;
import io.fauxtp.spring.observation.EffectCallObservationConvention;
import io.fauxtp.spring.observation.GenServerObservations;
import io.fauxtp.spring.observation.SupervisorRestartObservationConvention;
import io.fauxtp.spring.observation.SupervisorRestartObservations;
import io.fauxtp.spring.observation.WorkflowObservations;
import io.fauxtp.spring.observation.WorkflowStepObservationConvention;
import io.fauxtp.spring.workflow.WorkflowEngineCustomizer;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.ObservationRegistry;
import java.util.Set;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Observations of GenServer calls and casts ({@link GenServerObservations}), supervisor restarts
 * ({@link SupervisorRestartObservations}), and workflow steps and effect calls ({@link WorkflowObservations}, set
 * on the auto-configured workflow engine) with the application's {@link ObservationRegistry} (Spring Boot's, from
 * {@code spring-boot-micrometer-observation}), so that Boot's handlers make timers and spans of them, and the
 * sender's trace context and MDC reach {@code handleCall}/{@code handleCast} and the effect handlers. Each
 * observation takes the application's convention bean when there is one. Needs Micrometer's observation API and
 * context-propagation library on the class path. Without an {@code ObservationRegistry} bean nothing is
 * registered: a request and a restart pay one volatile read, a workflow step one null check.
 */
@AutoConfiguration(after = { FauxtpAutoConfiguration.class, FauxtpSupervisionAutoConfiguration.class },
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ Node.class, ObservationRegistry.class, ContextSnapshotFactory.class, MDC.class })
@ConditionalOnBean({ Node.class, ObservationRegistry.class })
@EnableConfigurationProperties(FauxtpMetricsProperties.class)
public final class FauxtpObservationAutoConfiguration {

    FauxtpObservationAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    GenServerObservations fauxtpGenServerObservations(Node node, ObservationRegistry registry,
            ObjectProvider<GenServerObservationConvention> convention, ObjectProvider<SupervisionModel> model,
            FauxtpMetricsProperties properties) {
        SupervisionModel supervision = model.getIfAvailable();
        Set<String> declared = (supervision != null) ? supervision.declaredNames() : Set.of();
        return new GenServerObservations(node, registry, convention.getIfUnique(),
                new NameTags(declared, node.registry(), properties.getNameTagLimit()));
    }

    @Bean
    @ConditionalOnMissingBean
    SupervisorRestartObservations fauxtpSupervisorRestartObservations(Node node, ObservationRegistry registry,
            ObjectProvider<SupervisorRestartObservationConvention> convention,
            ObjectProvider<SupervisionModel> model, FauxtpMetricsProperties properties) {
        SupervisionModel supervision = model.getIfAvailable();
        Set<String> declared = (supervision != null) ? supervision.declaredNames() : Set.of();
        return new SupervisorRestartObservations(node, registry, convention.getIfUnique(),
                new NameTags(declared, node.registry(), properties.getNameTagLimit()));
    }

    @Bean
    @ConditionalOnMissingBean
    WorkflowObservations fauxtpWorkflowObservations(ObservationRegistry registry,
            ObjectProvider<WorkflowStepObservationConvention> stepConvention,
            ObjectProvider<EffectCallObservationConvention> effectConvention) {
        return new WorkflowObservations(registry, stepConvention.getIfUnique(), effectConvention.getIfUnique());
    }

    /** First, so that an application's customizer may still set an observer of its own. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    WorkflowEngineCustomizer fauxtpWorkflowObservationsCustomizer(WorkflowObservations observations) {
        return (builder) -> builder.observer(observations);
    }

}
