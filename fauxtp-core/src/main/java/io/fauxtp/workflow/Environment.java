package io.fauxtp.workflow;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * An immutable set of named values and named functions that workflows may use (otf's environment, without
 * shipping code: the functions are ordinary Java). A workflow declares the names it uses
 * ({@link Workflow#uses()}, {@link WorkflowSpec#uses()}); registering it with an engine whose environment
 * lacks one of them is rejected with that name, and inside a run it can reach only the names it declared.
 */
public final class Environment {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    private static final Environment EMPTY = new Environment(Map.of());

    private final Map<String, Object> entries;

    private Environment(Map<String, Object> entries) {
        this.entries = entries;
    }

    /** The environment with no names. */
    public static Environment empty() {
        return EMPTY;
    }

    /** A builder of an environment. */
    public static Builder builder() {
        return new Builder(new LinkedHashMap<>());
    }

    /** The names held, sorted. */
    public Set<String> names() {
        return new TreeSet<>(entries.keySet());
    }

    /** Whether {@code name} is held. */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** The value of {@code name} as a {@code type}. */
    public <T> T value(String name, Class<T> type) {
        Object v = require(name);
        if (!type.isInstance(v)) {
            throw new ClassCastException("environment entry '" + name + "' is a " + v.getClass().getName()
                    + ", not a " + type.getName());
        }
        return type.cast(v);
    }

    /** Applies the function named {@code name} to {@code argument}. */
    @SuppressWarnings("unchecked")
    public <A, R> R apply(String name, A argument) {
        Object v = require(name);
        if (!(v instanceof Function<?, ?> f)) {
            throw new ClassCastException("environment entry '" + name + "' is a " + v.getClass().getName()
                    + ", not a function");
        }
        return ((Function<A, R>) f).apply(argument);
    }

    /** A reference to the entry {@code name}. */
    public NamedReference reference(String name) {
        return new NamedReference(name, require(name));
    }

    /** The names of {@code names} this environment does not hold, sorted. */
    public Set<String> missing(Collection<String> names) {
        Set<String> missing = new TreeSet<>(names);
        missing.removeAll(entries.keySet());
        return missing;
    }

    /** This environment reduced to {@code names}; asking it for another name fails with a message saying so. */
    public Environment restrictedTo(Set<String> names) {
        Map<String, Object> kept = new LinkedHashMap<>();
        entries.forEach((k, v) -> {
            if (names.contains(k)) {
                kept.put(k, v);
            }
        });
        return new Environment(Map.copyOf(kept));
    }

    /** A builder starting from this environment's entries. */
    public Builder toBuilder() {
        return new Builder(new LinkedHashMap<>(entries));
    }

    private Object require(String name) {
        Object v = entries.get(name);
        if (v == null) {
            throw new NoSuchElementException("the environment holds no '" + name + "' (it holds " + names()
                    + "); add it to the environment, and declare it in the workflow's uses");
        }
        return v;
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid environment name: use letters, digits"
                    + " and '_', in dot-separated parts not starting with a digit, e.g. pricing.vat");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Environment e && e.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "Environment" + names();
    }

    /** Collects entries; names are unique. */
    public static final class Builder {
        private final Map<String, Object> entries;

        private Builder(Map<String, Object> entries) {
            this.entries = entries;
        }

        /** Adds a named value (a constant, a type, anything a workflow may reference). */
        public Builder value(String name, Object value) {
            checkName(name);
            Objects.requireNonNull(value, () -> "value of '" + name + "'");
            if (entries.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException("the environment already holds '" + name + "'");
            }
            return this;
        }

        /** Adds a named function; it must be deterministic, since workflows call it again on replay. */
        public <A, R> Builder function(String name, Function<A, R> function) {
            return value(name, function);
        }

        public Environment build() {
            return entries.isEmpty() ? EMPTY : new Environment(Map.copyOf(entries));
        }
    }
}
