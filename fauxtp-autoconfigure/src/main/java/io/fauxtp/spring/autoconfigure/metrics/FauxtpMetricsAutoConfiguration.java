package io.fauxtp.spring.autoconfigure.metrics;

import io.fauxtp.genserver.RequestObserver;
import io.fauxtp.process.Node;
import io.fauxtp.spring.FauxtpTemplate;
import io.fauxtp.spring.autoconfigure.SupervisionModel;
import io.fauxtp.spring.metrics.NameTags;
import java.util.Set;
import io.fauxtp.spring.autoconfigure.FauxtpAutoConfiguration;
import io.fauxtp.spring.autoconfigure.FauxtpSupervisionAutoConfiguration;
import io.fauxtp.spring.metrics.FauxtpMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * fauxtp's Micrometer metrics ({@link FauxtpMetrics}, a {@link MeterBinder}), when Micrometer
 * ({@code micrometer-core}) is on the class path. Spring Boot binds it to every {@link MeterRegistry}. Calls
 * through the {@link FauxtpTemplate} are timed here ({@code fauxtp.calls}) only while GenServer requests are not
 * observed (no {@link RequestObserver} bean): with observations, the call's observation ({@code fauxtp.genserver})
 * is its one timer, and a second one here would count each call twice.
 */
@AutoConfiguration(after = { FauxtpAutoConfiguration.class, FauxtpSupervisionAutoConfiguration.class },
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({ Node.class, MeterRegistry.class, MeterBinder.class })
@ConditionalOnBean(Node.class)
@EnableConfigurationProperties(FauxtpMetricsProperties.class)
public final class FauxtpMetricsAutoConfiguration {

    FauxtpMetricsAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    FauxtpMetrics fauxtpMetrics(Node node, ObjectProvider<FauxtpTemplate> template,
            ObjectProvider<SupervisionModel> model, ObjectProvider<RequestObserver> requestObservers,
            FauxtpMetricsProperties properties) {
        SupervisionModel supervision = model.getIfAvailable();
        Set<String> declared = (supervision != null) ? supervision.declaredNames() : Set.of();
        FauxtpTemplate timed = (requestObservers.stream().findAny().isPresent()) ? null : template.getIfAvailable();
        return new FauxtpMetrics(node, timed,
                new NameTags(declared, node.registry(), properties.getNameTagLimit()));
    }

}
