package io.fauxtp.spring;

import io.fauxtp.genserver.CallExitException;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.supervisor.ChildInfo;
import io.fauxtp.supervisor.ChildSpec;
import io.fauxtp.supervisor.ChildStartException;
import io.fauxtp.supervisor.DynamicSupervisor;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Starts, finds and stops the children of a dynamic supervisor ({@code fauxtp.supervisors.<name>.dynamic: true})
 * at run time: one bean per dynamic supervisor, injectable with {@code @Qualifier("<supervisor name>")}. Each child
 * runs the supervisor's {@code template} GenServer, with the template's {@code args} or with the arguments given
 * here; the supervisor restarts it by the template's {@code restart}, like any child, and it shows in health, the
 * {@code supervision} endpoint and the metrics like any child.
 *
 * <p>The supervisor is resolved by its registered name on every use, so the handle follows a nested dynamic
 * supervisor that its parent restarted (the restarted supervisor starts empty, as in Erlang/OTP).
 */
public final class DynamicSupervisorRef {

    private final String name;

    private final Node node;

    private final FauxtpTemplate template;

    private final Function<@Nullable Object, ChildSpec> childSpec;

    /**
     * Creates a handle; the auto-configuration creates one per dynamic supervisor.
     * @param name the supervisor's declared (and registered) name
     * @param node the node it runs on
     * @param template the template that carries calls to named children
     * @param childSpec the spec of one child from its init arguments (null for the template's own)
     */
    public DynamicSupervisorRef(String name, Node node, FauxtpTemplate template,
            Function<@Nullable Object, ChildSpec> childSpec) {
        this.name = Objects.requireNonNull(name, "name");
        this.node = Objects.requireNonNull(node, "node");
        this.template = Objects.requireNonNull(template, "template");
        this.childSpec = Objects.requireNonNull(childSpec, "childSpec");
    }

    /** @return the supervisor's declared name, which is also its registered name */
    public String name() {
        return this.name;
    }

    /** @return the supervisor's pid now, or empty when it is not running */
    public Optional<Pid> pid() {
        return this.node.registry().whereis(this.name);
    }

    /**
     * Starts an unnamed child with the template's {@code args}.
     * @return the child's pid
     * @throws IllegalStateException when the supervisor is not running or already has {@code max-children}
     * @throws ChildStartException when the child's {@code init} failed
     */
    public Pid startChild() {
        return DynamicSupervisor.startChild(running(), this.childSpec.apply(null));
    }

    /**
     * Starts an unnamed child with these init arguments instead of the template's.
     * @param args the arguments passed to the GenServer's {@code init}
     * @return the child's pid
     * @throws IllegalStateException when the supervisor is not running or already has {@code max-children}
     * @throws ChildStartException when the child's {@code init} failed
     */
    public Pid startChild(Object args) {
        return DynamicSupervisor.startChild(running(), this.childSpec.apply(Objects.requireNonNull(args, "args")));
    }

    /**
     * Starts a child registered as {@code childName}, with these init arguments (null for the template's). Its
     * restarts keep the name, so the returned reference reaches it after a crash.
     * @param childName the registered name, unique on the node
     * @param args the arguments passed to the GenServer's {@code init}, or null for the template's
     * @return a reference to the child by its name
     * @throws IllegalStateException when the supervisor is not running or already has {@code max-children}
     * @throws ChildStartException when the name is taken or the child's {@code init} failed
     */
    public ServerRef startChild(String childName, @Nullable Object args) {
        Objects.requireNonNull(childName, "childName");
        DynamicSupervisor.startChild(running(), this.childSpec.apply(args).withName(childName));
        return new ServerRef(childName, this.template);
    }

    /**
     * Finds a named child of this supervisor.
     * @param childName its registered name
     * @return a reference, or empty when no running child of this supervisor has that name
     */
    public Optional<ServerRef> findChild(String childName) {
        return children().stream()
                .filter(child -> childName.equals(child.name()) && child.isRunning())
                .findFirst()
                .map(child -> new ServerRef(childName, this.template));
    }

    /**
     * The children now, asked of the supervisor (so a child started just before is in the list).
     * @return its children, empty when the supervisor is not running
     */
    public List<ChildInfo> children() {
        Optional<Pid> supervisor = pid();
        if (supervisor.isEmpty()) {
            return List.of();
        }
        try {
            return DynamicSupervisor.whichChildren(supervisor.get());
        }
        catch (CallExitException | IllegalArgumentException ex) {
            // It exited between the look-up and the request.
            return List.of();
        }
    }

    /**
     * Stops a child by the template's {@code shutdown}; the supervisor forgets it (it is not restarted).
     * @param child the child's pid
     * @throws IllegalArgumentException when it is not a running child of this supervisor
     */
    public void stopChild(Pid child) {
        DynamicSupervisor.terminateChild(running(), child);
    }

    /**
     * Stops the child registered as {@code childName}, if this supervisor runs it.
     * @param childName its registered name
     * @return whether a child was stopped
     */
    public boolean stopChild(String childName) {
        Optional<Pid> child = children().stream()
                .filter(info -> childName.equals(info.name()) && info.isRunning())
                .map(ChildInfo::pid)
                .findFirst();
        if (child.isEmpty()) {
            return false;
        }
        try {
            stopChild(child.get());
            return true;
        }
        catch (IllegalArgumentException ex) {
            // It exited between the read and the request: nothing left to stop.
            return false;
        }
    }

    private Pid running() {
        return pid().orElseThrow(() -> new IllegalStateException("dynamic supervisor '" + this.name
                + "' is not running (not started yet, stopped, or it gave up after too many restarts)"));
    }

    @Override
    public String toString() {
        return "DynamicSupervisorRef[" + this.name + "]";
    }

}
