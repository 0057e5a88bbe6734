package io.fauxtp.spring.autoconfigure.workflow;

import io.fauxtp.spring.workflow.InvalidSuspensionTextExceptionHandler;
import io.fauxtp.spring.workflow.SuspensionHttpMessageConverter;
import io.fauxtp.workflow.SuspensionCodec;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.http.converter.autoconfigure.ClientHttpMessageConvertersCustomizer;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Suspensions over HTTP in a servlet web application: the {@link SuspensionHttpMessageConverter} added to Spring
 * MVC's converters and to those of the clients Boot builds (through Boot 4's converter customizers, not as a
 * converter bean, which Boot would apply to both sides alike), and the {@link InvalidSuspensionTextExceptionHandler}
 * that answers a refused suspension text with a problem detail giving line, column and reason.
 */
@AutoConfiguration(after = FauxtpWorkflowAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ DispatcherServlet.class, ServerHttpMessageConvertersCustomizer.class })
@ConditionalOnBean(SuspensionCodec.class)
public final class FauxtpWorkflowWebMvcAutoConfiguration {

    FauxtpWorkflowWebMvcAutoConfiguration() {
    }

    @Bean
    ServerHttpMessageConvertersCustomizer fauxtpSuspensionServerConverter(SuspensionCodec codec) {
        SuspensionHttpMessageConverter converter = new SuspensionHttpMessageConverter(codec);
        return builder -> builder.addCustomConverter(converter);
    }

    @Bean
    ClientHttpMessageConvertersCustomizer fauxtpSuspensionClientConverter(SuspensionCodec codec) {
        SuspensionHttpMessageConverter converter = new SuspensionHttpMessageConverter(codec);
        return builder -> builder.addCustomConverter(converter);
    }

    @Bean
    @ConditionalOnMissingBean
    InvalidSuspensionTextExceptionHandler fauxtpInvalidSuspensionTextExceptionHandler() {
        return new InvalidSuspensionTextExceptionHandler();
    }

}
