package io.fauxtp.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.spring.FauxtpTemplate;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** A misspelt {@code fauxtp.*} property fails at startup, naming it and the property it most likely means. */
class UnknownFauxtpPropertyTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FauxtpAutoConfiguration.class,
                    FauxtpSupervisionAutoConfiguration.class));

    @Test
    void aMisspeltTopLevelPropertyFailsWithTheOneItMeans() {
        this.runner.withPropertyValues("fauxtp.call-timout=1s").run(context -> {
            UnknownFauxtpPropertyException failure = failure(context);
            assertThat(failure.property()).isEqualTo("fauxtp.call-timout");
            assertThat(failure.suggestion()).isEqualTo("fauxtp.call-timeout");
            FailureAnalysis analysis = new UnknownFauxtpPropertyFailureAnalyzer().analyze(failure);
            assertThat(analysis.getDescription())
                    .startsWith("'fauxtp.call-timout' (from ")
                    .endsWith(" is not a fauxtp property, so it would be ignored");
            assertThat(analysis.getAction()).isEqualTo(
                    "Did you mean 'fauxtp.call-timeout'? Rename 'fauxtp.call-timout' to it, or remove it.");
        });
    }

    @Test
    void theSingularSupervisorThatWouldDropATreeFailsWithThePluralKeepingTheRestOfTheKey() {
        this.runner.withPropertyValues("fauxtp.supervisor.shop.children[0].gen-server=inventory").run(context -> {
            UnknownFauxtpPropertyException failure = failure(context);
            assertThat(failure.property()).isEqualTo("fauxtp.supervisor.shop.children[0].gen-server");
            assertThat(failure.suggestion()).isEqualTo("fauxtp.supervisors.shop.children[0].gen-server");
        });
    }

    @Test
    void aMisspeltNestedPropertyOfAnotherGroupIsCaughtToo() {
        this.runner.withPropertyValues("fauxtp.workflow.store.h2path=./x").run(context -> assertThat(
                failure(context).suggestion()).isEqualTo("fauxtp.workflow.store.h2-path"));
    }

    @Test
    void aPropertyCloseToNothingFailsWithoutASuggestion() {
        this.runner.withPropertyValues("fauxtp.something-else-entirely=1").run(context -> {
            UnknownFauxtpPropertyException failure = failure(context);
            assertThat(failure.suggestion()).isNull();
            assertThat(new UnknownFauxtpPropertyFailureAnalyzer().analyze(failure).getAction())
                    .startsWith("Remove 'fauxtp.something-else-entirely'");
        });
    }

    @Test
    void knownPropertiesMapKeysAndOtherGroupsPass() {
        this.runner.withPropertyValues("fauxtp.call-timeout=2s", "fauxtp.node-name=shop",
                "fauxtp.defaults.max-restarts=4", "fauxtp.workflow.enabled=false",
                "fauxtp.actuator.write-operations.enabled=true",
                "fauxtp.supervisors.shop.dynamic=true", "fauxtp.supervisors.shop.template.gen-server=inventory",
                "fauxtp.supervisors.shop.template.args.anything-at-all=1")
                .withBean("inventory", io.fauxtp.genserver.GenServer.class, () -> args -> args)
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void environmentVariablesAreNotCheckedBecauseTheirNamesMapAmbiguously() {
        this.runner.withInitializer(context -> context.getEnvironment().getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
                        Map.of("FAUXTP_CALL_TIMEOUT", "2s"))))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(FauxtpTemplate.class).callTimeout()).isEqualTo(Duration.ofSeconds(2));
                });
    }

    private static UnknownFauxtpPropertyException failure(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        Throwable failure = context.getStartupFailure();
        while (!(failure instanceof UnknownFauxtpPropertyException) && failure.getCause() != null) {
            failure = failure.getCause();
        }
        assertThat(failure).isInstanceOf(UnknownFauxtpPropertyException.class);
        return (UnknownFauxtpPropertyException) failure;
    }

}
