package io.fauxtp.effect;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the effects a behaviour or workflow uses without holding a request field for each, e.g. a workflow
 * that reaches its effects through {@code ctx.effect(Payments.class)}. {@link Effects#requestedBy(Object)}
 * reports them, so a startup check can fail before the first call instead of at it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface UsesEffects {

    /** The effect interfaces used. */
    Class<?>[] value();
}
