package io.fauxtp.effect;

/**
 * A binding of {@link Handlers} to the current thread, made by {@link Handlers#bind()} and undone by
 * {@link #close()}. Scopes nest: an inner scope sees the outer scope's handlers and replaces those for the
 * same effects. Close scopes in the reverse order they were opened (try-with-resources does this).
 */
public interface EffectScope extends AutoCloseable {

    /** The handlers visible inside this scope (the outer ones overridden by this scope's own). */
    Handlers handlers();

    /**
     * Restores the handlers that were visible before this scope was opened.
     *
     * @throws IllegalStateException when called on another thread, or while a scope opened inside this one is
     *     still open
     */
    @Override
    void close();
}
