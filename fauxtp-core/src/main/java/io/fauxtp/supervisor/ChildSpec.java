package io.fauxtp.supervisor;

import io.fauxtp.genserver.GenServer;
import io.fauxtp.genserver.StartOptions;
import io.fauxtp.supervisor.internal.ChildStarts;
import java.util.Objects;

/**
 * How a supervisor starts, restarts and stops one child (Erlang's child specification).
 *
 * @param id       unique within the supervisor; names the child in errors, events and snapshots
 * @param start    starts the child linked to the supervisor (see {@link StartFunction})
 * @param restart  when the child is restarted after it exits
 * @param shutdown how the child is stopped
 * @param type     worker or supervisor
 * @param name     a name registered for every instance of the child (so the name always resolves to the live
 *                 instance), or null. GenServer and supervisor children register it before their {@code init};
 *                 for other start functions the supervisor registers the returned pid unless the child already
 *                 registered the name itself.
 * @param backoff  a restart delay, or null to restart at once (as OTP does)
 */
public record ChildSpec(String id, StartFunction start, Restart restart, Shutdown shutdown, ChildType type,
                        String name, Backoff backoff) {

    public ChildSpec {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a child spec needs a non-blank id, got " + (id == null ? "null" : "'" + id + "'"));
        }
        Objects.requireNonNull(start, () -> "child '" + id + "': start function is null");
        Objects.requireNonNull(restart, () -> "child '" + id + "': restart is null (use Restart.PERMANENT, TRANSIENT or TEMPORARY)");
        Objects.requireNonNull(shutdown, () -> "child '" + id + "': shutdown is null (use Shutdown.timeout(...), brutalKill() or infinity())");
        Objects.requireNonNull(type, () -> "child '" + id + "': type is null");
        if (name != null && name.isBlank()) {
            throw new IllegalArgumentException("child '" + id + "': the registered name must not be blank (use null for none)");
        }
    }

    /** A permanent worker started by {@code start}, shut down with a 5 s timeout. */
    public static ChildSpec worker(String id, StartFunction start) {
        return new ChildSpec(id, start, Restart.PERMANENT, Shutdown.DEFAULT_WORKER, ChildType.WORKER, null, null);
    }

    /**
     * A permanent GenServer worker: {@code behaviour.init(args)} runs on every (re)start. It does not trap
     * exits, so a shutdown ends it without {@code terminate}; use
     * {@link #genServer(String, GenServer, Object, StartOptions)} with {@code withTrapExit(true)} to have
     * {@code terminate} run on shutdown.
     */
    public static ChildSpec genServer(String id, GenServer<?> behaviour, Object args) {
        return genServer(id, behaviour, args, StartOptions.defaults());
    }

    /** A permanent GenServer worker started with {@code options}; the options' name becomes the child's name. */
    public static ChildSpec genServer(String id, GenServer<?> behaviour, Object args, StartOptions options) {
        Objects.requireNonNull(behaviour, () -> "child '" + id + "': behaviour is null");
        Objects.requireNonNull(options, () -> "child '" + id + "': start options are null");
        return new ChildSpec(id, ChildStarts.genServer(behaviour, args, options), Restart.PERMANENT,
                Shutdown.DEFAULT_WORKER, ChildType.WORKER, options.name(), null);
    }

    /** A permanent child supervisor (a subtree), shut down with {@link Shutdown#infinity()}. */
    public static ChildSpec supervisor(String id, SupervisorSpec spec) {
        Objects.requireNonNull(spec, () -> "child '" + id + "': supervisor spec is null");
        return new ChildSpec(id, ChildStarts.supervisor(spec), Restart.PERMANENT, Shutdown.infinity(),
                ChildType.SUPERVISOR, null, null);
    }

    /** A permanent child dynamic supervisor, shut down with {@link Shutdown#infinity()}. */
    public static ChildSpec dynamicSupervisor(String id, DynamicSupervisorSpec spec) {
        Objects.requireNonNull(spec, () -> "child '" + id + "': dynamic supervisor spec is null");
        return new ChildSpec(id, ChildStarts.dynamicSupervisor(spec), Restart.PERMANENT, Shutdown.infinity(),
                ChildType.SUPERVISOR, null, null);
    }

    public ChildSpec withId(String id) {
        return new ChildSpec(id, start, restart, shutdown, type, name, backoff);
    }

    public ChildSpec withRestart(Restart restart) {
        return new ChildSpec(id, start, restart, shutdown, type, name, backoff);
    }

    public ChildSpec withShutdown(Shutdown shutdown) {
        return new ChildSpec(id, start, restart, shutdown, type, name, backoff);
    }

    public ChildSpec withType(ChildType type) {
        return new ChildSpec(id, start, restart, shutdown, type, name, backoff);
    }

    /** The same spec registering {@code name} (null for none). */
    public ChildSpec withName(String name) {
        return new ChildSpec(id, start, restart, shutdown, type, name, backoff);
    }

    /** The same spec with a restart back-off (null for none). */
    public ChildSpec withBackoff(Backoff backoff) {
        return new ChildSpec(id, start, restart, shutdown, type, name, backoff);
    }
}
