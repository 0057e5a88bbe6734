package io.fauxtp.spring.autoconfigure.workflow;

import io.fauxtp.effect.Handlers;
import io.fauxtp.spring.workflow.BehaviourHandlers;
import io.fauxtp.spring.workflow.internal.ComponentBeans;
import io.fauxtp.workflow.WorkflowEngine;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * The startup check of effects: once every singleton exists, each effect that a GenServer behaviour bean or a
 * registered workflow requests must have a handler bean, or startup fails with an
 * {@link io.fauxtp.spring.workflow.UnhandledEffectsException} naming the behaviour and the effect.
 */
final class EffectHandlerCheck implements SmartInitializingSingleton {

    private final ListableBeanFactory beanFactory;

    EffectHandlerCheck(ListableBeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void afterSingletonsInstantiated() {
        WorkflowEngine engine = this.beanFactory.getBean(WorkflowEngine.class);
        Map<String, Object> behaviours = ComponentBeans.genServers(this.beanFactory);
        Handlers forBehaviours = ComponentBeans.handlers(this.beanFactory,
                ComponentBeans.requested(engine.workflows(), behaviours.values()));
        ComponentBeans.checkHandled(engine, forBehaviours.overriddenBy(engine.handlers()), behaviours);
        this.beanFactory.getBeanProvider(BehaviourHandlers.class).ifAvailable(holder -> holder.set(forBehaviours));
    }

}
