package io.fauxtp.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/** {@code @GenServer} is a {@code @Component} stereotype whose value is the bean name. */
class GenServerAnnotationTests {

    @GenServer("pinger")
    static class Named implements io.fauxtp.genserver.GenServer<String> {

        @Override
        public String init(Object args) {
            return "named";
        }

    }

    @GenServer
    static class DefaultNamed implements io.fauxtp.genserver.GenServer<String> {

        @Override
        public String init(Object args) {
            return "default";
        }

    }

    @Test
    void theValueIsTheBeanNameAndWithoutOneSpringNamesTheBean() {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Named.class,
                DefaultNamed.class)) {
            assertThat(context.getBean("pinger")).isInstanceOf(Named.class);
            assertThat(context.getBeanNamesForType(DefaultNamed.class)).containsExactly(
                    "genServerAnnotationTests.DefaultNamed");
            assertThat(context.getBeanNamesForAnnotation(GenServer.class)).containsExactlyInAnyOrder("pinger",
                    "genServerAnnotationTests.DefaultNamed");
        }
    }

}
