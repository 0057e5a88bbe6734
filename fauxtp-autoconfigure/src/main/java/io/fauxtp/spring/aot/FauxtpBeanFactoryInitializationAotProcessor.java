package io.fauxtp.spring.aot;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.effect.EffectRequest;
import io.fauxtp.effect.Effects;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.text.TextCodec;
import io.fauxtp.workflow.Workflow;
import io.fauxtp.workflow.WorkflowDefinition;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * The application's part of what a native image needs, found in its bean definitions at build time:
 * <ul>
 * <li>the records and enums registered in each {@link TextCodec} bean (reflection on their constructors,
 * accessors and constants). A codec bean is a value built from literals, so it is built here, at build time, to
 * ask it for its types; one that cannot be built is reported in the log and its types need hints of their own
 * ({@code @RegisterReflectionForBinding});</li>
 * <li>the effect interfaces: those declared with {@code @UsesEffects}, those of {@link EffectHandler} beans whose
 * type names its effect, and the interface-typed fields of behaviours and workflows (where effect requests are
 * held); each gets a JDK proxy (a request, a workflow's journaled effect) and reflective calls of its methods
 * (how a proxy reaches the handler);</li>
 * <li>the declared fields of each behaviour ({@link GenServer} bean) and workflow ({@code @Workflow} bean, its
 * class and superclasses), which the startup check reads to find the effect requests they hold.</li>
 * </ul>
 */
final class FauxtpBeanFactoryInitializationAotProcessor implements BeanFactoryInitializationAotProcessor {

    private static final Log logger = LogFactory.getLog(FauxtpBeanFactoryInitializationAotProcessor.class);

    /**
     * Interfaces of these packages (and their sub-packages) are never effects: fields of these types hold
     * collaborators, such as a {@code ServerRef} or a {@code Node}.
     */
    private static final List<String> NOT_EFFECT_PACKAGES = List.of("java", "javax", "jakarta", "org.springframework",
            "io.fauxtp.effect", "io.fauxtp.genserver", "io.fauxtp.process", "io.fauxtp.supervisor", "io.fauxtp.text",
            "io.fauxtp.workflow", "io.fauxtp.cluster");

    /** The package of fauxtp's Spring API (not its sub-packages, where applications' own code may live). */
    private static final String SPRING_API_PACKAGE = "io.fauxtp.spring";

    @Override
    public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
            ConfigurableListableBeanFactory beanFactory) {
        Set<Class<?>> textTypes = new LinkedHashSet<>();
        Set<Class<?>> effects = new LinkedHashSet<>();
        Set<Class<?>> components = new LinkedHashSet<>();
        for (String name : beanFactory.getBeanDefinitionNames()) {
            Class<?> type = beanFactory.getType(name, false);
            if (type == null) {
                continue;
            }
            Class<?> userClass = ClassUtils.getUserClass(type);
            if (TextCodec.class.isAssignableFrom(userClass)) {
                textTypes.addAll(textTypes(beanFactory, name));
            }
            else if (EffectHandler.class.isAssignableFrom(userClass)) {
                Class<?> effect = beanFactory.getMergedBeanDefinition(name).getResolvableType()
                        .as(EffectHandler.class).resolveGeneric(0);
                if (effect != null && effect.isInterface()) {
                    effects.add(effect);
                }
            }
            else if (GenServer.class.isAssignableFrom(userClass) || WorkflowDefinition.class.isAssignableFrom(userClass)
                    || AnnotatedElementUtils.hasAnnotation(userClass, Workflow.class)) {
                components.add(userClass);
                Effects.declaredBy(userClass).stream().map(EffectRequest::effect).forEach(effects::add);
                effects.addAll(interfaceFields(userClass));
            }
        }
        if (textTypes.isEmpty() && effects.isEmpty() && components.isEmpty()) {
            return null;
        }
        return (generationContext, code) -> {
            RuntimeHints hints = generationContext.getRuntimeHints();
            TextTypeHints.register(hints, textTypes);
            for (Class<?> effect : effects) {
                hints.proxies().registerJdkProxy(effect);
                hints.reflection().registerType(effect, MemberCategory.INVOKE_PUBLIC_METHODS);
            }
            for (Class<?> component : components) {
                for (Class<?> c = component; c != null && c != Object.class; c = c.getSuperclass()) {
                    hints.reflection().registerType(c, MemberCategory.ACCESS_DECLARED_FIELDS);
                }
            }
        };
    }

    private static Set<Class<?>> textTypes(ConfigurableListableBeanFactory beanFactory, String name) {
        try {
            return beanFactory.getBean(name, TextCodec.class).types();
        }
        catch (BeansException ex) {
            logger.warn("fauxtp could not build the TextCodec bean '" + name + "' at build time to register "
                    + "reflection hints for its types (" + ex.getMessage() + "); in a native image, declare its "
                    + "records and enums with @RegisterReflectionForBinding.");
            return Set.of();
        }
    }

    private static Set<Class<?>> interfaceFields(Class<?> type) {
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                Class<?> fieldType = field.getType();
                if (!Modifier.isStatic(field.getModifiers()) && fieldType.isInterface() && !fieldType.isAnnotation()
                        && mayBeAnEffect(fieldType.getPackageName())) {
                    interfaces.add(fieldType);
                }
            }
        }
        return interfaces;
    }

    private static boolean mayBeAnEffect(String packageName) {
        return !packageName.equals(SPRING_API_PACKAGE) && NOT_EFFECT_PACKAGES.stream()
                .noneMatch(excluded -> packageName.equals(excluded) || packageName.startsWith(excluded + "."));
    }

}
