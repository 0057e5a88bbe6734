package io.fauxtp.spring.workflow.internal;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.effect.EffectRequest;
import io.fauxtp.effect.Effects;
import io.fauxtp.effect.Handlers;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.spring.workflow.AmbiguousEffectHandlerException;
import io.fauxtp.spring.workflow.UnhandledEffectsException;
import io.fauxtp.spring.workflow.UnhandledEffectsException.Missing;
import io.fauxtp.workflow.Workflow;
import io.fauxtp.workflow.WorkflowDefinition;
import io.fauxtp.workflow.WorkflowEngine;
import io.fauxtp.workflow.WorkflowSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Finds the workflow, behaviour and effect handler beans of a context. Behaviours and workflows are looked at
 * through their AOP proxies: effect requests are fields of the target object, which a CGLIB proxy copies
 * empty, and {@code @Workflow} sits on the target class.
 */
public final class ComponentBeans {

    private ComponentBeans() {
    }

    /**
     * @param beanFactory the context's beans
     * @return the {@code @Workflow} beans (their targets) and the {@link WorkflowSpec} beans, by bean name
     * @throws IllegalStateException when a {@code @Workflow} bean is not a {@link WorkflowDefinition}
     */
    public static Map<String, WorkflowSpec> workflows(ListableBeanFactory beanFactory) {
        Map<String, WorkflowSpec> specs = new LinkedHashMap<>();
        beanFactory.getBeansOfType(WorkflowSpec.class).forEach(specs::put);
        for (String name : beanFactory.getBeanNamesForAnnotation(Workflow.class)) {
            Object target = target(beanFactory.getBean(name));
            if (!(target instanceof WorkflowDefinition<?, ?> definition)) {
                throw new IllegalStateException("Bean '%s' (%s) is annotated @Workflow but does not implement %s; "
                        .formatted(name, ClassUtils.getUserClass(target).getName(), WorkflowDefinition.class.getName())
                        + "implement it (its run method is the workflow's entry point) or remove the annotation");
            }
            specs.put(name, WorkflowSpec.of(definition));
        }
        return specs;
    }

    /**
     * @param beanFactory the context's beans
     * @return the GenServer behaviour beans (their targets), by bean name
     */
    public static Map<String, Object> genServers(ListableBeanFactory beanFactory) {
        Map<String, Object> behaviours = new LinkedHashMap<>();
        beanFactory.getBeansOfType(GenServer.class).forEach((name, bean) -> behaviours.put(name, target(bean)));
        return behaviours;
    }

    /**
     * The handlers of the context: every {@link EffectHandler} bean, and for each effect in {@code needed} that
     * those leave uncovered, the bean implementing the effect interface (its bean name is the handler id).
     * Where several beans qualify, the {@code @Primary} one wins, which is how a profile or a test replaces a
     * handler.
     * @param beanFactory the context's beans
     * @param needed the effects requested by the context's workflows and behaviours
     * @return the handlers
     * @throws AmbiguousEffectHandlerException when several beans qualify and none is primary
     */
    public static Handlers handlers(ListableBeanFactory beanFactory, Set<Class<?>> needed) {
        Map<Class<?>, List<String>> declared = new LinkedHashMap<>();
        Map<String, EffectHandler<?>> declaredBeans = beanFactory.getBeansOfType(EffectHandler.class).entrySet()
                .stream().collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll);
        declaredBeans.forEach((name, handler) -> declared.computeIfAbsent(handler.effect(), e -> new ArrayList<>())
                .add(name));
        List<EffectHandler<?>> chosen = new ArrayList<>();
        declared.forEach((effect, names) -> chosen.add(declaredBeans.get(pick(beanFactory, effect, names))));
        for (Class<?> effect : needed) {
            if (declared.containsKey(effect)) {
                continue;
            }
            List<String> names = Arrays.stream(beanFactory.getBeanNamesForType(effect))
                    .filter(name -> !Effects.isRequest(beanFactory.getBean(name)))
                    .toList();
            if (!names.isEmpty()) {
                String name = pick(beanFactory, effect, names);
                chosen.add(handler(name, effect, beanFactory.getBean(name)));
            }
        }
        return Handlers.of(chosen);
    }

    /**
     * The startup check: every effect a workflow or behaviour requests has a handler.
     * @param engine the engine with the context's workflows
     * @param handlers every handler of the context
     * @param behaviours the GenServer behaviours by bean name
     * @throws UnhandledEffectsException naming each behaviour and effect without a handler
     */
    public static void checkHandled(WorkflowEngine engine, Handlers handlers, Map<String, Object> behaviours) {
        List<Missing> missing = new ArrayList<>();
        behaviours.forEach((name, behaviour) -> {
            for (EffectRequest request : Effects.unhandled(behaviour, handlers)) {
                missing.add(new Missing("GenServer", name, request.effect(), request.holder()));
            }
        });
        for (WorkflowSpec spec : engine.workflows()) {
            for (EffectRequest request : Effects.unhandled(spec.definition(), handlers)) {
                missing.add(new Missing("workflow", spec.name(), request.effect(), request.holder()));
            }
        }
        if (!missing.isEmpty()) {
            throw new UnhandledEffectsException(missing);
        }
    }

    /**
     * @param workflows the workflows
     * @param behaviours the behaviours
     * @return every effect they request
     */
    public static Set<Class<?>> requested(Iterable<WorkflowSpec> workflows, Iterable<Object> behaviours) {
        Set<Class<?>> effects = new LinkedHashSet<>();
        workflows.forEach(spec -> effects.addAll(spec.effects()));
        behaviours.forEach(behaviour -> effects.addAll(Effects.effectTypes(behaviour)));
        return effects;
    }

    /**
     * @param bean a bean, maybe an AOP proxy (of a proxy)
     * @return the object behind every proxy layer
     */
    public static Object target(Object bean) {
        Object current = bean;
        for (Object next = AopProxyUtils.getSingletonTarget(current); next != null && next != current;
                next = AopProxyUtils.getSingletonTarget(current)) {
            current = next;
        }
        return current;
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static EffectHandler<?> handler(String id, Class<?> effect, Object implementation) {
        return EffectHandler.of(id, (Class) effect, implementation);
    }

    private static String pick(ListableBeanFactory beanFactory, Class<?> effect, List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        List<String> primary = names.stream().filter(name -> isPrimary(beanFactory, name)).toList();
        if (primary.size() != 1) {
            throw new AmbiguousEffectHandlerException(effect, names);
        }
        return primary.get(0);
    }

    private static boolean isPrimary(ListableBeanFactory beanFactory, String name) {
        return beanFactory instanceof ConfigurableListableBeanFactory configurable
                && configurable.containsBeanDefinition(name) && configurable.getBeanDefinition(name).isPrimary();
    }

}
