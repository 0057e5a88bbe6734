package io.fauxtp.process;

import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Unique names for live processes of one node ({@code erlang:register}). A process has at most one name; a
 * name is released when its process exits, before the process's links and monitors are notified, so a
 * supervisor restarting the process can register the name again at once.
 */
public interface Registry {

    /**
     * Gives {@code pid} the name {@code name}.
     *
     * @throws NameTakenException       another live process has that name
     * @throws IllegalArgumentException {@code pid} is dead, of another node, or already has a name; or the name is blank
     */
    void register(String name, Pid pid);

    /**
     * Releases {@code name}.
     *
     * @return true if the name was registered
     */
    boolean unregister(String name);

    /** The live process registered as {@code name}. */
    Optional<Pid> whereis(String name);

    /** All registered names (a snapshot). */
    Set<String> registeredNames();

    /** The name of {@code pid}, if it has one. */
    Optional<String> nameOf(Pid pid);

    /**
     * Listens to registrations and releases; closing the returned handle removes the listener. Listeners run on
     * the thread that (un)registers, must be quick, and an exception they throw is logged and ignored.
     */
    AutoCloseable subscribe(Consumer<RegistryEvent> listener);
}
