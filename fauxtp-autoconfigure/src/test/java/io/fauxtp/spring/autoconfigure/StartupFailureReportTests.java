package io.fauxtp.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import io.fauxtp.genserver.GenServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What a user sees when an application with bad {@code fauxtp.*} configuration starts: Spring Boot's
 * "APPLICATION FAILED TO START" report, filled in by the fauxtp failure analyzers found in spring.factories.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTests {

    @Test
    void anUnknownStrategyIsReportedWithTheValidStrategies(CapturedOutput output) {
        startFails("--fauxtp.supervisors.root.strategy=one-for-many",
                "--fauxtp.supervisors.root.children[0].gen-server=worker");
        assertThat(output).contains("APPLICATION FAILED TO START", "'fauxtp.supervisors.root.strategy'",
                "'one-for-many'", "Set 'fauxtp.supervisors.root.strategy' to one of one-for-one, one-for-all, "
                        + "rest-for-one.");
    }

    @Test
    void aMalformedWindowIsReportedWithDurationExamples(CapturedOutput output) {
        startFails("--fauxtp.supervisors.root.within=soon",
                "--fauxtp.supervisors.root.children[0].gen-server=worker");
        assertThat(output).contains("APPLICATION FAILED TO START", "'fauxtp.supervisors.root.within'",
                "a duration such as 5s");
    }

    @Test
    void aMisspeltKeyIsReportedInsteadOfSilentlyIgnored(CapturedOutput output) {
        startFails("--fauxtp.supervisors.root.max-restart=10",
                "--fauxtp.supervisors.root.children[0].gen-server=worker",
                "--fauxtp.supervisors.root.children[0].restrat=temporary");
        assertThat(output).contains("APPLICATION FAILED TO START", "Unknown fauxtp configuration keys: "
                + "'fauxtp.supervisors.root.children[0].restrat'", "'fauxtp.supervisors.root.max-restart'",
                "Check the spelling.");
    }

    @Test
    void aCycleIsReportedWithTheCycle(CapturedOutput output) {
        startFails("--fauxtp.supervisors.a.children[0].supervisor=b",
                "--fauxtp.supervisors.b.children[0].supervisor=a");
        assertThat(output).contains("APPLICATION FAILED TO START", "supervisors nest in a cycle: a -> b -> a",
                "so that every tree has a root");
    }

    @Test
    void anUnknownGenServerIsReportedWithTheGenServerBeans(CapturedOutput output) {
        startFails("--fauxtp.supervisors.root.children[0].gen-server=wroker");
        assertThat(output).contains("APPLICATION FAILED TO START",
                "fauxtp.supervisors.root.children[0].gen-server names the GenServer bean 'wroker'",
                "one of the GenServer beans [worker]");
    }

    @Test
    void theRemovedWriteOperationsSwitchIsReportedWithItsReplacement(CapturedOutput output) {
        startFails("--fauxtp.actuator.write-operations.enabled=true");
        assertThat(output).contains("APPLICATION FAILED TO START",
                "Invalid value 'true' for configuration property 'fauxtp.actuator.write-operations.enabled'",
                "it was removed", "management.endpoint.supervision.access=unrestricted");
    }

    private static void startFails(String... args) {
        SpringApplication application = new SpringApplication(App.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatException().isThrownBy(() -> application.run(args));
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ FauxtpAutoConfiguration.class, FauxtpSupervisionAutoConfiguration.class })
    static class App {

        @Bean
        GenServer<String> worker() {
            return args -> "idle";
        }

    }

}
