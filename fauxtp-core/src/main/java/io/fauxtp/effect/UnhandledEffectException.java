package io.fauxtp.effect;

/**
 * Thrown when a method of an effect request is called and no {@link EffectHandler} for the effect is in scope.
 * The message names the effect, the method and the holder the request was created for, and says how to
 * provide a handler.
 */
public final class UnhandledEffectException extends RuntimeException {

    private final Class<?> effect;
    private final String holder;
    private final String method;

    public UnhandledEffectException(Class<?> effect, String holder, String method) {
        super("effect " + effect.getName() + "." + method + "() was called on the request held by '" + holder
                + "', but no handler for " + effect.getSimpleName() + " is in scope; bind one with "
                + "Handlers.of(EffectHandler.of(id, " + effect.getSimpleName() + ".class, impl)).bind() "
                + "(or register it with the workflow engine / the Spring context)");
        this.effect = effect;
        this.holder = holder;
        this.method = method;
    }

    /** The effect interface whose method was called. */
    public Class<?> effect() {
        return effect;
    }

    /** Where the request was created (the holder given to {@link Effects#request(Class, String)}). */
    public String holder() {
        return holder;
    }

    /** The name of the method that was called. */
    public String method() {
        return method;
    }
}
