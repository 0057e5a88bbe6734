package io.fauxtp.spring.autoconfigure.internal;

import io.fauxtp.spring.autoconfigure.SupervisionModel;
import io.fauxtp.spring.autoconfigure.SupervisionModel.GenServerChild;
import io.fauxtp.spring.autoconfigure.SupervisionModel.SupervisorDefinition;
import io.fauxtp.spring.observability.SupervisionForest.DeclaredTrees;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns the configured trees into what {@link io.fauxtp.spring.observability.SupervisionForest} shows: done here, so
 * that the observability package does not depend on the auto-configuration's model (which depends on it).
 */
public final class DeclaredSupervisionTrees {

    private DeclaredSupervisionTrees() {
    }

    /**
     * The declared roots and the bean each declared child runs.
     * @param model the configured trees, or null when none are configured
     * @return the trees for the forest
     */
    public static DeclaredTrees of(@Nullable SupervisionModel model) {
        if (model == null) {
            return DeclaredTrees.NONE;
        }
        Map<String, Map<String, String>> beans = new HashMap<>();
        for (SupervisorDefinition supervisor : model.supervisors()) {
            Map<String, String> byChild = new HashMap<>();
            supervisor.children().forEach(child -> {
                if (child instanceof GenServerChild server) {
                    byChild.put(server.id(), server.genServer());
                }
            });
            if (supervisor.template() != null) {
                // Children started at run time have the ids <template id>#1, #2...
                byChild.put(supervisor.template().id() + "#", supervisor.template().genServer());
            }
            beans.put(supervisor.name(), byChild);
        }
        return new DeclaredTrees(model.roots().stream().map(SupervisorDefinition::name).toList(), beans);
    }
}
