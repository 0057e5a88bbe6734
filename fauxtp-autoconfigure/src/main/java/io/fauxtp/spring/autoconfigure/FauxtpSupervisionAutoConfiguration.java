package io.fauxtp.spring.autoconfigure;

import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.Node;
import io.fauxtp.spring.autoconfigure.internal.GenServerBeans;
import io.fauxtp.spring.autoconfigure.internal.SupervisionBeanRegistrar;
import io.fauxtp.spring.autoconfigure.internal.TypedArgs;
import io.fauxtp.spring.workflow.BehaviourHandlers;
import io.fauxtp.supervisor.Supervisor;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.validation.Validator;

/**
 * The supervision trees declared under {@code fauxtp.supervisors}: the checked {@link SupervisionModel}, the
 * {@link FauxtpLifecycle} that starts and stops the root trees, and (registered early, from the environment) a
 * {@link io.fauxtp.spring.ServerRef} bean per named child and a {@link io.fauxtp.spring.SupervisorTree} bean per
 * supervisor.
 */
@AutoConfiguration(after = FauxtpAutoConfiguration.class)
@ConditionalOnClass(Supervisor.class)
@ConditionalOnBooleanProperty(name = "fauxtp.enabled", matchIfMissing = true)
@ConditionalOnBean(Node.class)
public final class FauxtpSupervisionAutoConfiguration {

    /** Spring Boot's default of {@code spring.lifecycle.timeout-per-shutdown-phase}. */
    private static final Duration DEFAULT_SHUTDOWN_PHASE_TIMEOUT = Duration.ofSeconds(30);

    FauxtpSupervisionAutoConfiguration() {
    }

    @Bean
    static SupervisionBeanRegistrar fauxtpSupervisionBeanRegistrar(Environment environment) {
        return new SupervisionBeanRegistrar(environment);
    }

    @Bean
    @ConditionalOnMissingBean
    SupervisionModel fauxtpSupervisionModel(FauxtpProperties properties) {
        return SupervisionModel.from(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    FauxtpLifecycle fauxtpLifecycle(Node node, SupervisionModel model, ListableBeanFactory beanFactory,
            Environment environment, ApplicationEventPublisher events, FauxtpProperties properties,
            ObjectProvider<BehaviourHandlers> effectHandlers, ObjectProvider<SingletonTreeHost> singletonHost,
            ObjectProvider<Validator> validators) {
        Duration budget = Binder.get(environment)
                .bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
                .orElse(DEFAULT_SHUTDOWN_PHASE_TIMEOUT);
        Map<String, GenServer<?>> behaviours = GenServerBeans.resolve(model, beanFactory);
        // Boot's JSR-303 validator when there is one (web applications also have an mvcValidator).
        Validator validator = beanFactory.containsBean("defaultValidator")
                ? beanFactory.getBean("defaultValidator", Validator.class) : validators.getIfUnique();
        Map<String, Object> typedArgs = TypedArgs.bind(model, beanFactory, environment, validator);
        BehaviourHandlers handlers = effectHandlers.getIfAvailable();
        Set<String> singletons = new TreeSet<>();
        properties.getSupervisors().forEach((name, supervisor) -> {
            if (supervisor.isSingleton()) {
                singletons.add(name);
            }
        });
        return new FauxtpLifecycle(node, model, handlers != null ? handlers.bind(behaviours) : behaviours, budget,
                events, singletons, singletonHost.getIfAvailable(), typedArgs);
    }

}
