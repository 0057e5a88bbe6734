package io.fauxtp.process;

/** What {@link Registry#subscribe} listeners receive. */
public sealed interface RegistryEvent {

    String name();

    Pid pid();

    /** {@code name} now refers to {@code pid}. */
    record Registered(String name, Pid pid) implements RegistryEvent {}

    /** {@code name} no longer refers to {@code pid}; {@code becauseExit} when the process died (else unregister). */
    record Unregistered(String name, Pid pid, boolean becauseExit) implements RegistryEvent {}
}
