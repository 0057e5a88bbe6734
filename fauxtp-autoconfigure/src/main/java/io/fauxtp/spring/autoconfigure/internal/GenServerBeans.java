package io.fauxtp.spring.autoconfigure.internal;

import io.fauxtp.genserver.GenServer;
import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.NotAGenServerException;
import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.UnknownGenServerException;
import io.fauxtp.spring.autoconfigure.SupervisionModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/** Finds the behaviour beans that the {@code gen-server} entries of a model name, and checks them. */
public final class GenServerBeans {

    private GenServerBeans() {
    }

    /**
     * Resolves every behaviour the model names.
     * @param model the checked model
     * @param beanFactory where the beans live
     * @return the behaviours by bean name
     * @throws UnknownGenServerException when a name has no bean
     * @throws NotAGenServerException when a bean is not a GenServer
     */
    public static Map<String, GenServer<?>> resolve(SupervisionModel model, ListableBeanFactory beanFactory) {
        Map<String, GenServer<?>> behaviours = new LinkedHashMap<>();
        for (SupervisionModel.GenServerChild child : model.genServers()) {
            String beanName = child.genServer();
            if (behaviours.containsKey(beanName)) {
                continue;
            }
            String property = child.property() + ".gen-server";
            if (!beanFactory.containsBean(beanName)) {
                TreeSet<String> available = new TreeSet<>();
                available.addAll(List.of(beanFactory.getBeanNamesForType(GenServer.class)));
                available.addAll(List.of(
                        beanFactory.getBeanNamesForAnnotation(io.fauxtp.spring.GenServer.class)));
                throw new UnknownGenServerException(property, beanName, List.copyOf(available));
            }
            Class<?> type = beanFactory.getType(beanName);
            if (type != null && !GenServer.class.isAssignableFrom(type)) {
                throw new NotAGenServerException(property, beanName, ClassUtils.getUserClass(type).getName());
            }
            Object bean = beanFactory.getBean(beanName);
            if (!(bean instanceof GenServer<?> behaviour)) {
                throw new NotAGenServerException(property, beanName, ClassUtils.getUserClass(bean).getName());
            }
            behaviours.put(beanName, behaviour);
        }
        return behaviours;
    }

}
