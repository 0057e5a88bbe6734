package io.fauxtp.spring.autoconfigure.internal;

import io.fauxtp.process.Node;
import io.fauxtp.spring.DynamicSupervisorRef;
import io.fauxtp.spring.FauxtpTemplate;
import io.fauxtp.spring.ServerRef;
import io.fauxtp.spring.SupervisorTree;
import io.fauxtp.spring.autoconfigure.FauxtpProperties;
import io.fauxtp.spring.autoconfigure.SupervisionModel;
import io.fauxtp.spring.autoconfigure.SupervisionModel.SupervisorDefinition;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.core.env.Environment;

/**
 * Registers, before any bean is created, one {@link ServerRef} bean per named GenServer child and one
 * {@link SupervisorTree} bean per declared supervisor, and one {@link DynamicSupervisorRef} bean per dynamic
 * supervisor. The names come straight from the environment (bound here
 * with a {@link Binder}), so the beans exist in time to be injected anywhere, {@code @GenServer} beans included.
 *
 * <p>Bean names are {@code fauxtp.server.<name>} and {@code fauxtp.supervisor.<name>}, so they never clash with
 * the behaviour beans; each carries the plain name as its qualifier, which is what {@code @Qualifier("counter-a")}
 * matches. A bean definition that already has such a name is left alone, so an application can replace one.
 */
public final class SupervisionBeanRegistrar implements BeanDefinitionRegistryPostProcessor, BeanClassLoaderAware {

    /** Prefix of the bean names of {@link ServerRef} beans. */
    public static final String SERVER_BEAN_PREFIX = "fauxtp.server.";

    /** Prefix of the bean names of {@link SupervisorTree} beans. */
    public static final String SUPERVISOR_BEAN_PREFIX = "fauxtp.supervisor.";

    /** Prefix of the bean names of {@link DynamicSupervisorRef} beans. */
    public static final String DYNAMIC_SUPERVISOR_BEAN_PREFIX = "fauxtp.dynamic-supervisor.";

    /** Bean name of the lifecycle that makes the {@link DynamicSupervisorRef} beans. */
    private static final String LIFECYCLE_BEAN = "fauxtpLifecycle";

    private final Environment environment;

    private @Nullable ClassLoader classLoader;

    public SupervisionBeanRegistrar(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        // A misspelt fauxtp.* key anywhere else (fauxtp.call-timout, fauxtp.supervisor.<tree>) would be ignored.
        FauxtpPropertyCheck.check(this.environment, this.classLoader);
        Binder binder = Binder.get(this.environment);
        FauxtpProperties properties = binder.bind("fauxtp", FauxtpProperties.class).orElseGet(FauxtpProperties::new);
        // A misspelt key (max-restart, genserver) would otherwise be dropped silently and its default used. Only
        // these two subtrees are strict: other fauxtp.* groups belong to other auto-configurations.
        binder.bind("fauxtp.supervisors", Bindable.mapOf(String.class, FauxtpProperties.Supervisor.class),
                new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
        binder.bind("fauxtp.defaults", Bindable.of(FauxtpProperties.Defaults.class),
                new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
        // Structural mistakes (cycles, duplicates, bad values) fail here, before any bean is created.
        SupervisionModel model = SupervisionModel.from(properties);
        for (SupervisionModel.GenServerChild child : model.namedGenServers()) {
            String name = child.name();
            RootBeanDefinition definition = new RootBeanDefinition(ServerRef.class);
            definition.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
            definition.getConstructorArgumentValues()
                    .addIndexedArgumentValue(1, new RuntimeBeanReference(FauxtpTemplate.class));
            register(registry, SERVER_BEAN_PREFIX + name, name, definition);
        }
        for (SupervisorDefinition supervisor : model.supervisors()) {
            RootBeanDefinition definition = new RootBeanDefinition(SupervisorTree.class);
            definition.getConstructorArgumentValues().addIndexedArgumentValue(0, supervisor.name());
            definition.getConstructorArgumentValues().addIndexedArgumentValue(1, supervisor.root());
            definition.getConstructorArgumentValues().addIndexedArgumentValue(2, new RuntimeBeanReference(Node.class));
            register(registry, SUPERVISOR_BEAN_PREFIX + supervisor.name(), supervisor.name(), definition);
            if (supervisor.dynamic()) {
                // Made by the lifecycle, which holds the template's behaviour bean (with its effect handlers).
                RootBeanDefinition dynamic = new RootBeanDefinition(DynamicSupervisorRef.class);
                dynamic.setFactoryBeanName(LIFECYCLE_BEAN);
                dynamic.setFactoryMethodName("dynamicSupervisor");
                dynamic.getConstructorArgumentValues().addIndexedArgumentValue(0, supervisor.name());
                dynamic.getConstructorArgumentValues()
                        .addIndexedArgumentValue(1, new RuntimeBeanReference(FauxtpTemplate.class));
                register(registry, DYNAMIC_SUPERVISOR_BEAN_PREFIX + supervisor.name(), supervisor.name(), dynamic);
            }
        }
    }

    private static void register(BeanDefinitionRegistry registry, String beanName, String qualifier,
            RootBeanDefinition definition) {
        if (registry.containsBeanDefinition(beanName)) {
            return;
        }
        definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, qualifier));
        registry.registerBeanDefinition(beanName, definition);
    }

}
