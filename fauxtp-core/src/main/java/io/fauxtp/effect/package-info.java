/**
 * Effects, after penzai's data effects: an effect is a Java interface; code holds a request for it
 * ({@link io.fauxtp.effect.Effects#request}); a {@link io.fauxtp.effect.EffectHandler} bound in a
 * {@link io.fauxtp.effect.Handlers} scope answers the calls; tools list what is requested and what is left
 * unhandled.
 */
package io.fauxtp.effect;
