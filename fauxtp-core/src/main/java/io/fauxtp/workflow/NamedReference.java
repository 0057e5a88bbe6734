package io.fauxtp.workflow;

import java.util.Objects;

/**
 * A value that stands for a named entry of an {@link Environment} (a function, a workflow, a type, a
 * constant). In the text format it is written as its name only; loading resolves the name through the
 * environment, and an unknown name is an error (never a silent {@code null}).
 *
 * @param name the entry's name
 * @param target the entry's value
 */
public record NamedReference(String name, Object target) {

    public NamedReference {
        Environment.checkName(name);
        Objects.requireNonNull(target, () -> "target of named reference '" + name + "'");
    }

    /** The target as a {@code type}, or a {@link ClassCastException} naming the reference. */
    public <T> T target(Class<T> type) {
        if (!type.isInstance(target)) {
            throw new ClassCastException("named reference '" + name + "' is a " + target.getClass().getName()
                    + ", not a " + type.getName());
        }
        return type.cast(target);
    }

    @Override
    public String toString() {
        return "NamedReference[" + name + "]";
    }
}
