package io.fauxtp.process.internal;

import io.fauxtp.process.Pid;
import io.fauxtp.process.NameTakenException;
import io.fauxtp.process.Registry;
import io.fauxtp.process.RegistryEvent;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The names of one node. The map and each process's own name field are changed together while holding that
 * process's monitor (inside {@link ProcessImpl#claimName}/{@link ProcessImpl#dropName}), and a dying process
 * releases its name in {@link ProcessImpl#die} before its links and monitors are told.
 */
public final class LocalRegistry implements Registry {

    private static final System.Logger LOG = System.getLogger("io.fauxtp.registry");

    private final NodeRuntime runtime;
    private final ConcurrentHashMap<String, ProcessImpl> names = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<RegistryEvent>> listeners = new CopyOnWriteArrayList<>();

    LocalRegistry(NodeRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void register(String name, Pid pid) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pid, "pid");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a registered name must not be blank");
        }
        ProcessImpl process = runtime.lookup(pid);
        if (process == null || !process.isAlive()) {
            throw new IllegalArgumentException("cannot register '" + name + "': process " + pid
                    + " is not alive on " + runtime.node());
        }
        while (true) {
            ProcessImpl holder = names.putIfAbsent(name, process);
            if (holder == null) {
                break;
            }
            if (holder == process) {
                return; // registering the same name again for the same process is a no-op, as the name is its
            }
            if (holder.isAlive()) {
                throw new NameTakenException(name, holder.self());
            }
            // The holder is dying and has not released the name yet: take it over.
            if (names.replace(name, holder, process)) {
                fire(new RegistryEvent.Unregistered(name, holder.self(), true));
                break;
            }
        }
        String problem = process.claimName(name);
        if (problem != null) {
            names.remove(name, process);
            throw new IllegalArgumentException("cannot register '" + name + "': " + problem);
        }
        fire(new RegistryEvent.Registered(name, pid));
    }

    @Override
    public boolean unregister(String name) {
        Objects.requireNonNull(name, "name");
        ProcessImpl holder = names.get(name);
        if (holder == null) {
            return false;
        }
        holder.dropName(name);
        if (names.remove(name, holder)) {
            fire(new RegistryEvent.Unregistered(name, holder.self(), false));
            return true;
        }
        return false;
    }

    void releaseOnExit(String name, ProcessImpl process) {
        if (names.remove(name, process)) {
            fire(new RegistryEvent.Unregistered(name, process.self(), true));
        }
    }

    /** The live process registered as {@code name}, or null. */
    public ProcessImpl lookup(String name) {
        ProcessImpl p = names.get(name);
        return p != null && p.isAlive() ? p : null;
    }

    @Override
    public Optional<Pid> whereis(String name) {
        Objects.requireNonNull(name, "name");
        ProcessImpl p = lookup(name);
        return p == null ? Optional.empty() : Optional.of(p.self());
    }

    @Override
    public Set<String> registeredNames() {
        Set<String> result = new HashSet<>();
        for (Map.Entry<String, ProcessImpl> e : names.entrySet()) {
            if (e.getValue().isAlive()) {
                result.add(e.getKey());
            }
        }
        return Set.copyOf(result);
    }

    @Override
    public Optional<String> nameOf(Pid pid) {
        ProcessImpl p = runtime.lookup(pid);
        return p == null || !p.isAlive() ? Optional.empty() : Optional.ofNullable(p.registeredName());
    }

    @Override
    public AutoCloseable subscribe(Consumer<RegistryEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void fire(RegistryEvent event) {
        for (Consumer<RegistryEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "registry listener failed on " + event, e);
            }
        }
    }
}
