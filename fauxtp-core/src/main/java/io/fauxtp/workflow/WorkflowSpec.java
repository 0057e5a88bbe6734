package io.fauxtp.workflow;

import io.fauxtp.effect.Effects;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A workflow as registered with an engine: name, version, the environment names it uses, and its code.
 *
 * @param name the name stored in suspensions
 * @param version the version, at least 1
 * @param uses the environment names the code uses
 * @param definition the code
 */
public record WorkflowSpec(String name, int version, Set<String> uses, WorkflowDefinition<?, ?> definition) {

    public WorkflowSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a workflow name must not be blank");
        }
        if (version < 1) {
            throw new IllegalArgumentException("workflow '" + name + "': version must be at least 1, not " + version);
        }
        uses = Set.copyOf(uses);
        uses.forEach(Environment::checkName);
        Objects.requireNonNull(definition, "definition");
    }

    /** A spec from the {@link Workflow} annotation on {@code definition}'s class. */
    public static WorkflowSpec of(WorkflowDefinition<?, ?> definition) {
        Workflow w = definition.getClass().getAnnotation(Workflow.class);
        if (w == null) {
            throw new IllegalArgumentException(definition.getClass().getName() + " has no @Workflow(name = ...,"
                    + " version = ...) annotation; annotate it or use WorkflowSpec.of(name, version, definition)");
        }
        return new WorkflowSpec(w.name(), w.version(), new LinkedHashSet<>(Arrays.asList(w.uses())), definition);
    }

    /** A spec using no environment names. */
    public static WorkflowSpec of(String name, int version, WorkflowDefinition<?, ?> definition) {
        return new WorkflowSpec(name, version, Set.of(), definition);
    }

    /** This spec with {@code names} declared as used. */
    public WorkflowSpec withUses(String... names) {
        Set<String> all = new LinkedHashSet<>(uses);
        all.addAll(Arrays.asList(names));
        return new WorkflowSpec(name, version, all, definition);
    }

    /** The effect types the code declares ({@link io.fauxtp.effect.UsesEffects}) or holds requests for. */
    public Set<Class<?>> effects() {
        return Effects.effectTypes(definition);
    }

    @Override
    public String toString() {
        return "'" + name + "' v" + version;
    }
}
