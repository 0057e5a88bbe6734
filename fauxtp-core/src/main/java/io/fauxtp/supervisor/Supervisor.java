package io.fauxtp.supervisor;

import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.supervisor.internal.SupervisorDirectory;
import io.fauxtp.supervisor.internal.SupervisorProcess;
import io.fauxtp.supervisor.internal.SupervisorProcess.Config;
import io.fauxtp.supervisor.internal.SupervisorProcess.Request;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Supervisors (Erlang's {@code supervisor}): processes that start children, watch them through links and
 * restart them by a {@link Strategy}, within a restart intensity, and stop them in reverse order.
 *
 * <p>The rules, as in OTP:
 * <ul>
 *   <li><b>Start</b>: children start in spec order, each one ready (its {@code init} done) before the next. If
 *       one fails, the ones already started are stopped in reverse order and the start fails with a
 *       {@link ChildStartException} naming the child and its cause.</li>
 *   <li><b>Restart</b>: by the child's {@link Restart} type, decided from its typed exit reason, then by the
 *       supervisor's {@link Strategy}.</li>
 *   <li><b>Intensity</b>: more than {@code maxRestarts} restarts within {@code within} (sliding window) and the
 *       supervisor gives up: it stops all children in reverse start order and exits with
 *       {@code shutdown} (why goes to the log and the {@link SupervisorEvent.SupervisorGaveUp} event), so its
 *       own supervisor restarts it if it is permanent (escalation), as OTP does.</li>
 *   <li><b>Shutdown</b>: reverse start order, each child by its {@link Shutdown}. A supervisor traps exits;
 *       when its parent (the process that started it linked) sends it an exit signal, it stops its children and
 *       exits with the same reason. A supervisor killed outright takes its children down through their links.
 *       No child outlives its supervisor.</li>
 * </ul>
 *
 * <p>The run-time operations message the supervisor and wait for its answer; they fail with
 * {@link io.fauxtp.genserver.CallExitException} when the supervisor is not alive, and with
 * {@link IllegalArgumentException} or {@link IllegalStateException} for an unknown child id or a child in the
 * wrong state. {@link #snapshot} and {@link #supervisors} never message anyone.
 */
public final class Supervisor {

    private Supervisor() {}

    /** Starts an unlinked supervisor on {@code node}; returns once all its children have started. */
    public static Pid start(Node node, SupervisorSpec spec) {
        return start(node, spec, null);
    }

    /**
     * Starts an unlinked supervisor registered as {@code name} (null for none).
     *
     * @throws ChildStartException                       a child failed to start (the others were stopped)
     * @throws io.fauxtp.process.NameTakenException      the name is taken
     */
    public static Pid start(Node node, SupervisorSpec spec, String name) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(spec, "spec");
        return SupervisorProcess.start(node, new Config.Static(spec), name);
    }

    /** From inside a process: starts a supervisor linked to the caller, which becomes its parent. */
    public static Pid startLink(SupervisorSpec spec) {
        return startLink(spec, null);
    }

    /** From inside a process: starts a linked supervisor registered as {@code name} (null for none). */
    public static Pid startLink(SupervisorSpec spec, String name) {
        Objects.requireNonNull(spec, "spec");
        return SupervisorProcess.startLink(new Config.Static(spec), name);
    }

    /**
     * Adds a child at the end of the start order and starts it.
     *
     * @throws ChildStartException   it failed to start (the spec is not kept)
     * @throws IllegalStateException a child with that id exists
     */
    public static Pid startChild(Pid sup, ChildSpec child) {
        Objects.requireNonNull(child, "child");
        return (Pid) SupervisorProcess.call(sup, new Request.StartChild(child));
    }

    /**
     * Stops the child {@code id} by its shutdown; the spec is kept (except a temporary child's), so it can be
     * restarted with {@link #restartChild} or removed with {@link #deleteChild}. A no-op if it is not running.
     */
    public static void terminateChild(Pid sup, String id) {
        SupervisorProcess.call(sup, new Request.TerminateChild(id));
    }

    /**
     * Starts again a terminated child. A child that is restarting (its restart failed and is retried, or it
     * waits for its back-off delay) is refused as OTP refuses it ({@code {error, restarting}}): to start it at
     * once, {@link #terminateChild} it first, which cancels the pending restart.
     *
     * @throws IllegalStateException it is running or restarting
     */
    public static Pid restartChild(Pid sup, String id) {
        return (Pid) SupervisorProcess.call(sup, new Request.RestartChild(id));
    }

    /**
     * Forgets the spec of a terminated child.
     *
     * @throws IllegalStateException it is running or restarting
     */
    public static void deleteChild(Pid sup, String id) {
        SupervisorProcess.call(sup, new Request.DeleteChild(id));
    }

    /** The children, in start order, as the supervisor sees them now. */
    @SuppressWarnings("unchecked")
    public static List<ChildInfo> whichChildren(Pid sup) {
        return (List<ChildInfo>) SupervisorProcess.call(sup, new Request.WhichChildren());
    }

    public static ChildCounts countChildren(Pid sup) {
        return (ChildCounts) SupervisorProcess.call(sup, new Request.CountChildren());
    }

    /** Stops the children in reverse start order, then the supervisor (reason normal); returns when all are gone. */
    public static void stop(Pid sup) {
        SupervisorProcess.stop(sup);
    }

    /**
     * The last snapshot the live supervisor {@code sup} published; empty when {@code sup} is not a live
     * supervisor. A volatile read: never messages the supervisor, safe from any thread.
     */
    public static Optional<SupervisorSnapshot> snapshot(Pid sup) {
        return SupervisorDirectory.find(sup).map(SupervisorDirectory.Entry::snapshot);
    }

    /** The snapshots of all live supervisors (static and dynamic) of {@code node}, ordered by pid. */
    public static List<SupervisorSnapshot> supervisors(Node node) {
        return SupervisorDirectory.snapshots(node.id());
    }

    /**
     * Listens to the events of the live supervisor {@code sup} until the handle is closed or the supervisor
     * exits. See {@link SupervisorEvent} for how listeners are called.
     *
     * @throws IllegalArgumentException {@code sup} is not a live supervisor
     */
    public static AutoCloseable subscribe(Pid sup, Consumer<SupervisorEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        return SupervisorDirectory.subscribe(sup, listener);
    }

    /** Listens to the events of every supervisor of {@code node}, including those started (or restarted) later. */
    public static AutoCloseable subscribe(Node node, Consumer<SupervisorEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        return SupervisorDirectory.subscribeAll(node.id(), listener);
    }

    /**
     * Sets the hook that sees every restart decision of the supervisors of {@code node} (see
     * {@link RestartObserver}); one per node.
     *
     * @return a handle that removes the observer when closed
     * @throws IllegalStateException the node has an observer already
     */
    public static AutoCloseable observeRestarts(Node node, RestartObserver observer) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(observer, "observer");
        return SupervisorDirectory.observeRestarts(node.id(), observer);
    }
}
