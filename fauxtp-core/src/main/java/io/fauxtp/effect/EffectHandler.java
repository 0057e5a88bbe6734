package io.fauxtp.effect;

import java.util.Objects;

/**
 * Binds an implementation to an effect. A handler has an id (unique within a {@link Handlers} set) so that
 * logs, startup reports and tests can say which implementation answered; it takes effect when its
 * {@link Handlers} set is bound to a scope.
 *
 * @param id a non-blank id, e.g. {@code "stripe-payments"} or {@code "fake-payments"}
 * @param effect the effect interface
 * @param implementation what answers the effect's calls
 * @param <E> the effect type
 */
public record EffectHandler<E>(String id, Class<E> effect, E implementation) {

    public EffectHandler {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("an effect handler id must not be blank (effect "
                    + (effect == null ? "?" : effect.getName()) + ")");
        }
        Effects.checkEffectType(effect);
        Objects.requireNonNull(implementation, () -> "implementation of handler '" + id + "'");
        if (!effect.isInstance(implementation)) {
            throw new IllegalArgumentException("handler '" + id + "': " + implementation.getClass().getName()
                    + " does not implement " + effect.getName());
        }
        if (Effects.isRequest(implementation)) {
            throw new IllegalArgumentException("handler '" + id + "': the implementation is itself an unhandled "
                    + "request for " + effect.getSimpleName() + "; pass a real implementation");
        }
    }

    /** A handler with the given id answering {@code effect} with {@code implementation}. */
    public static <E> EffectHandler<E> of(String id, Class<E> effect, E implementation) {
        return new EffectHandler<>(id, effect, implementation);
    }

    @Override
    public String toString() {
        return "EffectHandler[" + id + " for " + effect.getSimpleName() + "]";
    }
}
