package io.fauxtp.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.process.Node;
import io.fauxtp.spring.FauxtpTemplate;
import io.fauxtp.spring.autoconfigure.FauxtpAutoConfiguration;
import io.fauxtp.spring.autoconfigure.FauxtpLifecycle;
import io.fauxtp.spring.autoconfigure.FauxtpSupervisionAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** The starter alone is enough: its dependencies bring the auto-configuration, found by Spring Boot. */
class StarterTests {

    @Test
    void theAutoConfigurationsAreRegisteredForSpringBoot() {
        assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
                .contains(FauxtpAutoConfiguration.class.getName(), FauxtpSupervisionAutoConfiguration.class.getName());
    }

    @Test
    void anApplicationWithTheStarterGetsAWorkingNode() {
        Node node;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EmptyApplication.class)
                .web(WebApplicationType.NONE)
                .run()) {
            node = context.getBean(Node.class);
            assertThat(context.getBean(FauxtpTemplate.class).node()).isSameAs(node);
            assertThat(context.getBean(FauxtpLifecycle.class).isRunning()).isTrue();
            assertThat(node.isClosed()).isFalse();
        }
        assertThat(node.isClosed()).isTrue();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class EmptyApplication {
    }

}
