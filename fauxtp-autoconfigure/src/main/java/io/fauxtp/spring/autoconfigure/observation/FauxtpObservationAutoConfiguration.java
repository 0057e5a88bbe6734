package io.fauxtp.spring.autoconfigure.observation;

import io.fauxtp.process.Node;
import io.fauxtp.spring.autoconfigure.FauxtpAutoConfiguration;
import io.fauxtp.spring.autoconfigure.FauxtpSupervisionAutoConfiguration;
import io.fauxtp.spring.autoconfigure.SupervisionModel;
import io.fauxtp.spring.autoconfigure.metrics.FauxtpMetricsProperties;
import io.fauxtp.spring.metrics.NameTags;
import io.fauxtp.spring.observation.GenServerObservationConvention;
import io.fauxtp.spring.observation.GenServerObservations;
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

/**
 * Observations of GenServer calls and casts ({@link GenServerObservations}) with the application's
 * {@link ObservationRegistry} (Spring Boot's, from {@code spring-boot-micrometer-observation}), so that Boot's
 * handlers make timers and spans of them, and the sender's trace context and MDC reach
 * {@code handleCall}/{@code handleCast}. Needs Micrometer's observation API and context-propagation library on the
 * class path. Without an {@code ObservationRegistry} bean nothing is registered, and a request pays one volatile
 * read.
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

}
