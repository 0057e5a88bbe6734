package io.fauxtp.spring.observation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.spring.FauxtpTemplate;
import io.fauxtp.spring.autoconfigure.FauxtpAutoConfiguration;
import io.fauxtp.spring.autoconfigure.FauxtpSupervisionAutoConfiguration;
import io.fauxtp.spring.autoconfigure.metrics.FauxtpMetricsAutoConfiguration;
import io.fauxtp.spring.autoconfigure.observation.FauxtpObservationAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A call through the {@link FauxtpTemplate} is timed once on the caller's side: by its observation when requests
 * are observed (Boot's {@code ObservationRegistry} with its meter handler), by {@code fauxtp.calls} otherwise,
 * never by both.
 */
class OneTimerPerCallTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                    FauxtpAutoConfiguration.class, FauxtpSupervisionAutoConfiguration.class,
                    FauxtpMetricsAutoConfiguration.class, FauxtpObservationAutoConfiguration.class))
            .withBean("echo", GenServer.class, () -> new GenServer<String>() {

                @Override
                public String init(Object args) {
                    return "";
                }

                @Override
                public CallResult<String> handleCall(Object request, From from, String state) {
                    return CallResult.reply("ok", state);
                }

            })
            .withPropertyValues("fauxtp.supervisors.tree.children[0].name=echo",
                    "fauxtp.supervisors.tree.children[0].gen-server=echo");

    @Test
    void withObservationsACallIsOneSampleOfItsObservationsTimer() {
        this.runner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class)).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            long before = callerSideSamples(registry);

            context.getBean(FauxtpTemplate.class).call("echo", "hello", String.class);

            assertThat(callerSideSamples(registry)).isEqualTo(before + 1);
            assertThat(registry.find("fauxtp.calls").meters()).isEmpty();
            assertThat(registry.get("fauxtp.genserver").tags("fauxtp.side", "send", "fauxtp.kind", "call",
                    "fauxtp.server", "echo").timer().count()).isEqualTo(1);
        });
    }

    @Test
    void withoutObservationsACallIsOneSampleOfFauxtpCalls() {
        this.runner.run(context -> {
            assertThat(context).doesNotHaveBean(GenServerObservations.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);

            context.getBean(FauxtpTemplate.class).call("echo", "hello", String.class);

            assertThat(callerSideSamples(registry)).isEqualTo(1);
            assertThat(registry.get("fauxtp.calls").tags("name", "echo", "outcome", "success").timer().count())
                    .isEqualTo(1);
        });
    }

    /** Samples of every timer but the server's side of an observed request. */
    private static long callerSideSamples(MeterRegistry registry) {
        return registry.getMeters().stream()
                .filter(Timer.class::isInstance)
                .filter(m -> !"handle".equals(m.getId().getTag("fauxtp.side")))
                .mapToLong(m -> ((Timer) m).count())
                .sum();
    }

}
