package io.fauxtp.effect;

import java.util.Objects;

/**
 * Describes one request for an effect: which effect interface it asks for and who holds it. The request
 * object itself is created by {@link Effects#request(Class, String)}; this record is what the tools
 * ({@link Effects#requestedBy(Object)}, {@link Effects#unhandled(Object, Handlers)}) report.
 *
 * @param effect the effect interface
 * @param holder where the request is held, e.g. {@code "OrderService.payments"}
 */
public record EffectRequest(Class<?> effect, String holder) {

    public EffectRequest {
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(holder, "holder");
    }

    @Override
    public String toString() {
        return effect.getSimpleName() + " requested by " + holder;
    }
}
