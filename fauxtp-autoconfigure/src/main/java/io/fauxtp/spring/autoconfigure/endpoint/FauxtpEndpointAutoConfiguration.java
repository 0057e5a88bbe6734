package io.fauxtp.spring.autoconfigure.endpoint;

import io.fauxtp.process.Node;
import io.fauxtp.spring.actuate.endpoint.SupervisionEndpoint;
import io.fauxtp.spring.actuate.endpoint.SupervisionEndpointWebExtension;
import io.fauxtp.spring.autoconfigure.FauxtpAutoConfiguration;
import io.fauxtp.spring.autoconfigure.FauxtpSupervisionAutoConfiguration;
import io.fauxtp.spring.autoconfigure.SupervisionModel;
import io.fauxtp.spring.autoconfigure.health.FauxtpHealthContributorAutoConfiguration;
import io.fauxtp.spring.autoconfigure.internal.DeclaredSupervisionTrees;
import io.fauxtp.spring.observability.SupervisionForest;
import io.fauxtp.supervisor.Supervisor;
import java.time.Clock;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.actuate.endpoint.Sanitizer;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@code supervision} actuator endpoint ({@link SupervisionEndpoint}) and its web extension, when Spring
 * Boot's actuator ({@code spring-boot-actuator-autoconfigure}) is on the class path and the endpoint is available
 * (exposed with {@code management.endpoints.web.exposure.include=supervision}, and not switched off with
 * {@code management.endpoint.supervision.access=none}). Its default access is read-only: restart and terminate
 * need {@code management.endpoint.supervision.access=unrestricted}.
 */
@AutoConfiguration(after = { FauxtpAutoConfiguration.class, FauxtpSupervisionAutoConfiguration.class,
        FauxtpHealthContributorAutoConfiguration.class })
@ConditionalOnClass({ Supervisor.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(Node.class)
@ConditionalOnAvailableEndpoint(SupervisionEndpoint.class)
@EnableConfigurationProperties(SupervisionEndpointProperties.class)
public final class FauxtpEndpointAutoConfiguration {

    FauxtpEndpointAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    SupervisionForest fauxtpSupervisionForest(Node node, ObjectProvider<SupervisionModel> model) {
        return new SupervisionForest(node, DeclaredSupervisionTrees.of(model.getIfAvailable()));
    }

    @Bean
    @ConditionalOnMissingBean
    SupervisionEndpoint supervisionEndpoint(SupervisionForest forest, ListableBeanFactory beanFactory,
            SupervisionEndpointProperties properties, ObjectProvider<SanitizingFunction> sanitizingFunctions) {
        return new SupervisionEndpoint(forest, new FormattedStateReader(beanFactory), Clock.systemUTC(),
                new Sanitizer(sanitizingFunctions.orderedStream().toList()), properties.getShowValues(),
                properties.getRoles());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(SupervisionEndpoint.class)
    @ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
    SupervisionEndpointWebExtension supervisionEndpointWebExtension(SupervisionEndpoint endpoint) {
        return new SupervisionEndpointWebExtension(endpoint);
    }

}
