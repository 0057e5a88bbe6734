package io.fauxtp.spring;

import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.supervisor.Supervisor;
import io.fauxtp.supervisor.SupervisorSnapshot;
import java.util.Objects;
import java.util.Optional;

/**
 * A handle on a supervisor declared under {@code fauxtp.supervisors}: one bean per supervisor, injectable with
 * {@code @Qualifier("<supervisor name>")}. Supervisors are registered under their declared name, and the handle
 * resolves that name on every use, so it follows a nested supervisor that its parent restarted.
 */
public final class SupervisorTree {

    private final String name;

    private final boolean root;

    private final Node node;

    /**
     * Creates a handle.
     * @param name the supervisor's declared (and registered) name
     * @param root whether it is the root of a tree rather than nested in another supervisor
     * @param node the node it runs on
     */
    public SupervisorTree(String name, boolean root, Node node) {
        this.name = Objects.requireNonNull(name, "name");
        this.root = root;
        this.node = Objects.requireNonNull(node, "node");
    }

    /** @return the declared name, which is also the registered name */
    public String name() {
        return this.name;
    }

    /** @return whether this supervisor is a root, started by the application lifecycle */
    public boolean isRoot() {
        return this.root;
    }

    /** @return the supervisor's pid now, or empty when it is not running */
    public Optional<Pid> pid() {
        return this.node.registry().whereis(this.name);
    }

    /** @return the supervisor's latest published state (children, restarts), or empty when it is not running */
    public Optional<SupervisorSnapshot> snapshot() {
        return pid().flatMap(Supervisor::snapshot);
    }

    @Override
    public String toString() {
        return "SupervisorTree[" + this.name + (this.root ? ", root]" : "]");
    }

}
