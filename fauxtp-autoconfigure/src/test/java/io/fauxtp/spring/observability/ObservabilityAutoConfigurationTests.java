package io.fauxtp.spring.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.process.Node;
import io.fauxtp.spring.FauxtpTemplate;
import io.fauxtp.spring.actuate.endpoint.SupervisionEndpoint;
import io.fauxtp.spring.actuate.endpoint.SupervisionEndpointWebExtension;
import io.fauxtp.spring.autoconfigure.FauxtpAutoConfiguration;
import io.fauxtp.spring.autoconfigure.FauxtpLifecycle;
import io.fauxtp.spring.autoconfigure.FauxtpSupervisionAutoConfiguration;
import io.fauxtp.spring.autoconfigure.endpoint.FauxtpEndpointAutoConfiguration;
import io.fauxtp.spring.autoconfigure.health.FauxtpHealthContributorAutoConfiguration;
import io.fauxtp.spring.autoconfigure.metrics.FauxtpMetricsAutoConfiguration;
import io.fauxtp.spring.health.SupervisionHealthContributor;
import io.fauxtp.spring.metrics.FauxtpMetrics;
import io.fauxtp.spring.observability.app.Ledger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Each observability part switches on only with its Spring Boot module, and the starter works without any of
 * them.
 */
class ObservabilityAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FauxtpAutoConfiguration.class,
                    FauxtpSupervisionAutoConfiguration.class, FauxtpHealthContributorAutoConfiguration.class,
                    FauxtpEndpointAutoConfiguration.class, FauxtpMetricsAutoConfiguration.class))
            .withBean("ledger", Ledger.class)
            .withPropertyValues("fauxtp.supervisors.tree.children[0].name=ledger",
                    "fauxtp.supervisors.tree.children[0].gen-server=ledger");

    private final ApplicationContextRunner application = new ApplicationContextRunner()
            .withUserConfiguration(AutoConfiguredApplication.class)
            .withBean("ledger", Ledger.class)
            .withPropertyValues("fauxtp.supervisors.tree.children[0].name=ledger",
                    "fauxtp.supervisors.tree.children[0].gen-server=ledger");

    @Test
    void healthAndMetricsAreOnByDefaultAndTheEndpointOnlyWhenExposed() {
        this.runner.run(context -> {
            assertThat(context).hasSingleBean(SupervisionHealthContributor.class);
            assertThat(context).hasSingleBean(FauxtpMetrics.class);
            assertThat(context).doesNotHaveBean(SupervisionEndpoint.class);
        });
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=supervision").run(context -> {
            assertThat(context).hasSingleBean(SupervisionEndpoint.class);
            assertThat(context).hasSingleBean(SupervisionEndpointWebExtension.class);
        });
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=supervision",
                "management.endpoint.supervision.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(SupervisionEndpoint.class));
    }

    @Test
    void theHealthContributorCanBeSwitchedOff() {
        this.runner.withPropertyValues("management.health.fauxtp.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(SupervisionHealthContributor.class));
    }

    @Test
    void theStarterWorksWithoutActuatorHealthOrMicrometer() {
        this.application.withPropertyValues("management.endpoints.web.exposure.include=supervision")
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.health",
                        "org.springframework.boot.actuate", "io.micrometer"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(SupervisionHealthContributor.class);
                    assertThat(context).doesNotHaveBean(SupervisionEndpoint.class);
                    assertThat(context).doesNotHaveBean(FauxtpMetrics.class);
                    assertThat(context.getBean(FauxtpLifecycle.class).runningTrees()).containsExactly("tree");
                    assertThat(context.getBean(Node.class).registry().whereis("ledger")).isPresent();
                });
    }

    @Test
    void eachPartNeedsOnlyItsOwnModule() {
        this.application.withPropertyValues("management.endpoints.web.exposure.include=supervision")
                .withClassLoader(new FilteredClassLoader("io.micrometer")).run(context -> {
                    assertThat(context).hasSingleBean(SupervisionHealthContributor.class);
                    assertThat(context).hasSingleBean(SupervisionEndpoint.class);
                    assertThat(context).doesNotHaveBean(FauxtpMetrics.class);
                });
        this.application.withPropertyValues("management.endpoints.web.exposure.include=supervision")
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.health")).run(context -> {
                    assertThat(context).doesNotHaveBean(SupervisionHealthContributor.class);
                    assertThat(context).hasSingleBean(SupervisionEndpoint.class);
                    assertThat(context).hasSingleBean(FauxtpMetrics.class);
                });
        this.application.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
                .run(context -> {
                    assertThat(context).hasSingleBean(SupervisionHealthContributor.class);
                    assertThat(context).doesNotHaveBean(SupervisionEndpoint.class);
                    assertThat(context).hasSingleBean(FauxtpMetrics.class);
                });
    }

    /**
     * Imports fauxtp's auto-configurations the way an application does: a class whose
     * {@code @ConditionalOnClass} names a missing class is filtered out (from the metadata the auto-configure
     * processor wrote) before its annotations are even read.
     */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ FauxtpAutoConfiguration.class, FauxtpSupervisionAutoConfiguration.class,
            FauxtpHealthContributorAutoConfiguration.class, FauxtpEndpointAutoConfiguration.class,
            FauxtpMetricsAutoConfiguration.class })
    static class AutoConfiguredApplication {
    }

    @Test
    void metricsBindToAnyRegistryAndTimeTemplateCalls() {
        this.runner.run(context -> {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(FauxtpMetrics.class).bindTo(registry);
            // ledger is declared under fauxtp.supervisors: its name is a tag value and has a mailbox gauge
            assertThat(registry.get("fauxtp.process.mailbox.depth").tag("name", "ledger").gauge().value()).isZero();
            assertThat(registry.get("fauxtp.processes").gauge().value()).isGreaterThanOrEqualTo(2);
            FauxtpTemplate template = context.getBean(FauxtpTemplate.class);
            try {
                template.call("nobody", "hello", Object.class);
            }
            catch (RuntimeException expected) {
                // a call to a missing name fails at once with noproc
            }
            // a name that is neither declared nor registered is no tag value of its own
            assertThat(registry.get("fauxtp.calls").tags("name", "other", "outcome", "exit").timer().count())
                    .isEqualTo(1);
        });
    }

}
