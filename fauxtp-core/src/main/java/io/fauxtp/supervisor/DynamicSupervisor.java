package io.fauxtp.supervisor;

import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.supervisor.internal.SupervisorProcess;
import io.fauxtp.supervisor.internal.SupervisorProcess.Config;
import io.fauxtp.supervisor.internal.SupervisorProcess.Request;
import java.util.List;
import java.util.Objects;

/**
 * A supervisor of many children started at run time, usually of one template spec (Erlang's
 * {@code simple_one_for_one}, Elixir's {@code DynamicSupervisor}); see {@link DynamicSupervisorSpec}.
 *
 * <p>Children are restarted one for one, by their restart type and the supervisor's intensity. A child that
 * exits for good (or is terminated) is forgotten. Snapshots, events and {@link Supervisor#whichChildren} work
 * on dynamic supervisors as on static ones.
 */
public final class DynamicSupervisor {

    private DynamicSupervisor() {}

    public static Pid start(Node node, DynamicSupervisorSpec spec) {
        return start(node, spec, null);
    }

    /** Starts an unlinked dynamic supervisor registered as {@code name} (null for none). */
    public static Pid start(Node node, DynamicSupervisorSpec spec, String name) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(spec, "spec");
        return SupervisorProcess.start(node, new Config.Dynamic(spec), name);
    }

    /** From inside a process: starts a dynamic supervisor linked to the caller. */
    public static Pid startLink(DynamicSupervisorSpec spec) {
        return startLink(spec, null);
    }

    public static Pid startLink(DynamicSupervisorSpec spec, String name) {
        Objects.requireNonNull(spec, "spec");
        return SupervisorProcess.startLink(new Config.Dynamic(spec), name);
    }

    /**
     * Starts one more child of the template.
     *
     * @throws IllegalStateException no template, or {@code maxChildren} reached
     * @throws ChildStartException   it failed to start
     */
    public static Pid startChild(Pid sup) {
        return (Pid) SupervisorProcess.call(sup, new Request.StartTemplateChild());
    }

    /**
     * Starts a child of {@code spec}; its id becomes {@code spec.id() + "#" + n}, so one spec may be started
     * many times.
     *
     * @throws IllegalStateException {@code maxChildren} reached
     * @throws ChildStartException   it failed to start
     */
    public static Pid startChild(Pid sup, ChildSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return (Pid) SupervisorProcess.call(sup, new Request.StartChild(spec));
    }

    /**
     * Stops the child {@code child} by its shutdown and forgets it.
     *
     * @throws IllegalArgumentException it is not a running child of {@code sup}
     */
    public static void terminateChild(Pid sup, Pid child) {
        Objects.requireNonNull(child, "child");
        SupervisorProcess.call(sup, new Request.TerminateChildPid(child));
    }

    public static List<ChildInfo> whichChildren(Pid sup) {
        return Supervisor.whichChildren(sup);
    }

    public static ChildCounts countChildren(Pid sup) {
        return Supervisor.countChildren(sup);
    }

    /** Stops all children, then the supervisor. */
    public static void stop(Pid sup) {
        Supervisor.stop(sup);
    }
}
