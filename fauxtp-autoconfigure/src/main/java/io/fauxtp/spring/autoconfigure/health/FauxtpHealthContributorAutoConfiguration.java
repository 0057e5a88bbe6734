package io.fauxtp.spring.autoconfigure.health;

import io.fauxtp.process.Node;
import io.fauxtp.spring.autoconfigure.FauxtpAutoConfiguration;
import io.fauxtp.spring.autoconfigure.FauxtpSupervisionAutoConfiguration;
import io.fauxtp.spring.autoconfigure.SupervisionModel;
import io.fauxtp.spring.autoconfigure.internal.DeclaredSupervisionTrees;
import io.fauxtp.spring.health.SupervisionHealthContributor;
import io.fauxtp.spring.observability.SupervisionForest;
import io.fauxtp.supervisor.Supervisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code fauxtp} health contributor ({@link SupervisionHealthContributor}), when Spring Boot's health module
 * ({@code spring-boot-health}) is on the class path. Off with {@code management.health.fauxtp.enabled=false}.
 */
@AutoConfiguration(after = { FauxtpAutoConfiguration.class, FauxtpSupervisionAutoConfiguration.class })
@ConditionalOnClass({ Supervisor.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(Node.class)
@ConditionalOnEnabledHealthIndicator("fauxtp")
public final class FauxtpHealthContributorAutoConfiguration {

    FauxtpHealthContributorAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    SupervisionForest fauxtpSupervisionForest(Node node, ObjectProvider<SupervisionModel> model) {
        return new SupervisionForest(node, DeclaredSupervisionTrees.of(model.getIfAvailable()));
    }

    @Bean
    @ConditionalOnMissingBean(name = { "fauxtpHealthIndicator", "fauxtpHealthContributor" })
    SupervisionHealthContributor fauxtpHealthContributor(SupervisionForest forest) {
        return new SupervisionHealthContributor(forest);
    }

}
