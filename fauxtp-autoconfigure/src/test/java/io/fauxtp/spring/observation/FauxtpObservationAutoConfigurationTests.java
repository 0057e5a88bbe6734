package io.fauxtp.spring.observation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.Node;
import io.fauxtp.spring.autoconfigure.FauxtpAutoConfiguration;
import io.fauxtp.spring.autoconfigure.FauxtpSupervisionAutoConfiguration;
import io.fauxtp.spring.autoconfigure.observation.FauxtpObservationAutoConfiguration;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Observations switch on with an {@link ObservationRegistry} bean, and take the application's convention. */
class FauxtpObservationAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FauxtpAutoConfiguration.class,
                    FauxtpSupervisionAutoConfiguration.class, FauxtpObservationAutoConfiguration.class))
            .withBean("echo", GenServer.class, () -> (GenServer<String>) args -> "")
            .withPropertyValues("fauxtp.supervisors.tree.children[0].name=echo",
                    "fauxtp.supervisors.tree.children[0].gen-server=echo");

    @Test
    void noRegistryNoObservations() {
        this.runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(GenServerObservations.class));
        this.runner.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
                .withClassLoader(new FilteredClassLoader("io.micrometer.context"))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(GenServerObservations.class));
    }

    @Test
    void theApplicationsConventionReplacesTheDefault() {
        this.runner.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
                .withBean(GenServerObservationConvention.class, () -> new DefaultGenServerObservationConvention() {

                    @Override
                    public KeyValues getLowCardinalityKeyValues(GenServerRequestContext context) {
                        return super.getLowCardinalityKeyValues(context).and("team", "payments");
                    }

                })
                .run(context -> {
                    assertThat(context).hasSingleBean(GenServerObservations.class);
                    try {
                        GenServer.call(context.getBean(Node.class), "echo", "hello");
                    }
                    catch (RuntimeException expected) {
                        // the lambda server does not answer calls: it crashes; observed all the same
                    }
                    TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
                            .hasAnObservation(o -> o.hasLowCardinalityKeyValue("team", "payments")
                                    .hasLowCardinalityKeyValue("fauxtp.server", "echo"));
                });
    }

}
