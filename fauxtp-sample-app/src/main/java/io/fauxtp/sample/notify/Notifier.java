package io.fauxtp.sample.notify;

/**
 * An effect: telling a person something. Code that notifies holds a request for it
 * ({@code Effects.request(Notifier.class, ...)}, or {@code ctx.effect(Notifier.class)} in a workflow) and the
 * handler in scope decides what happens: the {@link Outbox} in the application, a recording fake in tests.
 */
public interface Notifier {

    /** Notifies {@code recipient}; returns the delivery's id. */
    String notify(String recipient, String text);
}
