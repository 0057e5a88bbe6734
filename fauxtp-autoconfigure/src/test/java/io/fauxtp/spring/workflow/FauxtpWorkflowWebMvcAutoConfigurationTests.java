package io.fauxtp.spring.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.spring.autoconfigure.FauxtpAutoConfiguration;
import io.fauxtp.spring.autoconfigure.FauxtpSupervisionAutoConfiguration;
import io.fauxtp.spring.autoconfigure.workflow.FauxtpWorkflowAutoConfiguration;
import io.fauxtp.spring.autoconfigure.workflow.FauxtpWorkflowWebMvcAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.ClientHttpMessageConvertersCustomizer;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverters;

/** When the suspension converter and its problem details are there, and when they back off. */
class FauxtpWorkflowWebMvcAutoConfigurationTests {

    private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(FauxtpAutoConfiguration.class,
            FauxtpSupervisionAutoConfiguration.class, FauxtpWorkflowAutoConfiguration.class,
            FauxtpWorkflowWebMvcAutoConfiguration.class);

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(CONFIGURATIONS).withPropertyValues("fauxtp.workflow.store.in-memory=true");

    @Test
    void aServletApplicationGetsTheConverterOnBothSidesAndTheProblemDetails() {
        this.web.run(context -> {
            assertThat(context).hasSingleBean(InvalidSuspensionTextExceptionHandler.class);
            HttpMessageConverters.ServerBuilder server = HttpMessageConverters.forServer();
            context.getBeansOfType(ServerHttpMessageConvertersCustomizer.class).values()
                    .forEach(customizer -> customizer.customize(server));
            assertThat(converterTypes(server.build())).contains(SuspensionHttpMessageConverter.class);
            HttpMessageConverters.ClientBuilder client = HttpMessageConverters.forClient();
            context.getBeansOfType(ClientHttpMessageConvertersCustomizer.class).values()
                    .forEach(customizer -> customizer.customize(client));
            assertThat(converterTypes(client.build())).contains(SuspensionHttpMessageConverter.class);
        });
    }

    @Test
    void anApplicationsOwnHandlerReplacesFauxtps() {
        this.web.withBean("myHandler", InvalidSuspensionTextExceptionHandler.class,
                InvalidSuspensionTextExceptionHandler::new).run(context -> assertThat(context)
                        .getBeanNames(InvalidSuspensionTextExceptionHandler.class).containsExactly("myHandler"));
    }

    @Test
    void notInAnApplicationThatIsNotAServletWebApplication() {
        new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
                .withPropertyValues("fauxtp.workflow.store.in-memory=true")
                .run(context -> assertThat(context).doesNotHaveBean(InvalidSuspensionTextExceptionHandler.class)
                        .doesNotHaveBean(ServerHttpMessageConvertersCustomizer.class));
    }

    @Test
    void notWithoutBootsConverterCustomizersOrWithoutWorkflows() {
        this.web.withClassLoader(new FilteredClassLoader(ServerHttpMessageConvertersCustomizer.class))
                .run(context -> assertThat(context).doesNotHaveBean(InvalidSuspensionTextExceptionHandler.class));
        this.web.withPropertyValues("fauxtp.workflow.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(InvalidSuspensionTextExceptionHandler.class));
    }

    private static java.util.List<Class<?>> converterTypes(HttpMessageConverters converters) {
        java.util.List<Class<?>> types = new java.util.ArrayList<>();
        for (HttpMessageConverter<?> converter : converters) {
            types.add(converter.getClass());
        }
        return types;
    }

}
