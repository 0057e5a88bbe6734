package io.fauxtp.spring.observability;

import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.supervisor.ChildInfo;
import io.fauxtp.supervisor.ChildType;
import io.fauxtp.supervisor.Supervisor;
import io.fauxtp.supervisor.SupervisorEvent;
import io.fauxtp.supervisor.SupervisorSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The supervision trees of a node, read from the supervisors' published {@link SupervisorSnapshot snapshots}: a
 * volatile read per supervisor, never a message, never user code, so it answers at once even when a child is
 * stuck in a long callback.
 *
 * <p>The roots are the trees declared under {@code fauxtp.supervisors} (present even when not running, so a tree
 * that gave up is seen as down) followed by any other supervisor of the node whose parent is not a supervisor
 * (a tree the application started itself). A root is known by its registered name, an unnamed one by its pid.
 */
public final class SupervisionForest implements AutoCloseable {

    private final Node node;

    private final List<String> declaredRoots;

    /** GenServer bean name by supervisor name, then child id. */
    private final Map<String, Map<String, String>> behaviourBeans;

    /** The last time each named supervisor gave up, kept so that a root that is gone can say why. */
    private final Map<String, GaveUp> gaveUp = new ConcurrentHashMap<>();

    private final AutoCloseable subscription;

    /**
     * The trees declared under {@code fauxtp.supervisors}, as this view needs them. The auto-configuration builds
     * it from its {@code SupervisionModel}; this package does not depend on the configuration model.
     * @param roots the names of the root supervisors, in declaration order
     * @param behaviourBeans the {@code @GenServer} bean name by supervisor name, then child id; a dynamic
     * supervisor's template is keyed by its id followed by {@code #} (its children are {@code <id>#1}, {@code #2}...)
     */
    public record DeclaredTrees(List<String> roots, Map<String, Map<String, String>> behaviourBeans) {

        /** No declared trees. */
        public static final DeclaredTrees NONE = new DeclaredTrees(List.of(), Map.of());

        /**
         * Copies both collections.
         * @param roots the root names
         * @param behaviourBeans the bean names
         */
        public DeclaredTrees {
            roots = List.copyOf(roots);
            Map<String, Map<String, String>> copy = new HashMap<>();
            behaviourBeans.forEach((supervisor, byChild) -> copy.put(supervisor, Map.copyOf(byChild)));
            behaviourBeans = Map.copyOf(copy);
        }
    }

    /**
     * Creates the view.
     * @param node the node whose supervisors are shown
     * @param declared the declared trees ({@link DeclaredTrees#NONE} when none are declared)
     */
    public SupervisionForest(Node node, DeclaredTrees declared) {
        this.node = Objects.requireNonNull(node, "node");
        this.declaredRoots = declared.roots();
        this.behaviourBeans = declared.behaviourBeans();
        this.subscription = Supervisor.subscribe(node, event -> {
            if (event instanceof SupervisorEvent.SupervisorGaveUp up) {
                // Still registered: a supervisor gives up before it exits.
                node.registry().nameOf(up.supervisor()).ifPresent(name -> this.gaveUp.put(name,
                        new GaveUp(up.at(), up.maxRestarts(), up.within())));
            }
        });
    }

    /**
     * When a supervisor last exceeded its restart intensity.
     * @param at when it gave up
     * @param maxRestarts its intensity limit...
     * @param within ...and period
     */
    public record GaveUp(Instant at, int maxRestarts, Duration within) {
    }

    /**
     * The last time the supervisor registered as {@code name} gave up, since this view was created.
     * @param name the supervisor's registered name
     * @return when and why, or empty
     */
    public Optional<GaveUp> lastGaveUp(String name) {
        return Optional.ofNullable(this.gaveUp.get(name));
    }

    /** Stops following the supervisors' events. */
    @Override
    public void close() throws Exception {
        this.subscription.close();
    }

    /** @return the node */
    public Node node() {
        return this.node;
    }

    /**
     * A root of the forest.
     * @param key the registered name of the root supervisor, or its pid when it has no name
     * @param snapshot its latest snapshot, empty when it is not running
     * @param declared whether it is declared under {@code fauxtp.supervisors}
     */
    public record Root(String key, Optional<SupervisorSnapshot> snapshot, boolean declared) {
    }

    /** @return the roots now: declared trees first, in declaration order, then the others by pid */
    public List<Root> roots() {
        List<SupervisorSnapshot> live = Supervisor.supervisors(this.node);
        Set<Pid> supervisorPids = new HashSet<>();
        live.forEach(s -> supervisorPids.add(s.pid()));
        Map<String, Root> roots = new LinkedHashMap<>();
        for (String name : this.declaredRoots) {
            roots.put(name, new Root(name, this.node.registry().whereis(name).flatMap(Supervisor::snapshot), true));
        }
        for (SupervisorSnapshot snapshot : live) {
            if (snapshot.parent() == null || !supervisorPids.contains(snapshot.parent())) {
                roots.putIfAbsent(keyOf(snapshot), new Root(keyOf(snapshot), Optional.of(snapshot), false));
            }
        }
        return List.copyOf(roots.values());
    }

    /**
     * The snapshot of a nested supervisor child, when it runs.
     * @param child a child of type {@link ChildType#SUPERVISOR}
     * @return its snapshot, or empty when it is not running (or not a supervisor)
     */
    public Optional<SupervisorSnapshot> nested(ChildInfo child) {
        if (child.type() != ChildType.SUPERVISOR || child.pid() == null) {
            return Optional.empty();
        }
        return Supervisor.snapshot(child.pid());
    }

    /**
     * The name of the {@code @GenServer} bean a declared child (or a child of a dynamic supervisor's template)
     * runs.
     * @param supervisor the supervisor's snapshot
     * @param childId the child id
     * @return the bean name, or empty when the child is not a declared GenServer child
     */
    public Optional<String> behaviourBean(SupervisorSnapshot supervisor, String childId) {
        if (supervisor.name() == null) {
            return Optional.empty();
        }
        Map<String, String> byChild = this.behaviourBeans.getOrDefault(supervisor.name(), Map.of());
        if (supervisor.dynamic()) {
            int hash = childId.lastIndexOf('#');
            return hash < 0 ? Optional.empty() : Optional.ofNullable(byChild.get(childId.substring(0, hash + 1)));
        }
        return Optional.ofNullable(byChild.get(childId));
    }

    /** A node of a tree, found by {@link #locate}. */
    public sealed interface Location {
    }

    /**
     * A supervisor.
     * @param key how the path named it
     * @param snapshot its snapshot
     */
    public record SupervisorLocation(String key, SupervisorSnapshot snapshot) implements Location {
    }

    /**
     * A child of a supervisor (a worker, or a supervisor child that is not running).
     * @param parent its supervisor's snapshot
     * @param child the child
     */
    public record ChildLocation(SupervisorSnapshot parent, ChildInfo child) implements Location {
    }

    /**
     * A root declared under {@code fauxtp.supervisors} that is not running.
     * @param key its name
     */
    public record StoppedRoot(String key) implements Location {
    }

    /**
     * Finds the node at {@code path}: a root key, then child ids down the tree. A running supervisor child is
     * returned as a {@link SupervisorLocation}, any other child as a {@link ChildLocation}.
     * @param path the path, root first
     * @return the node, or empty when the path names nothing
     */
    public Optional<Location> locate(List<String> path) {
        if (path.isEmpty()) {
            return Optional.empty();
        }
        Optional<Root> root = roots().stream().filter(r -> r.key().equals(path.getFirst())).findFirst();
        if (root.isEmpty()) {
            return Optional.empty();
        }
        if (root.get().snapshot().isEmpty()) {
            return (path.size() == 1) ? Optional.of(new StoppedRoot(root.get().key())) : Optional.empty();
        }
        Location current = new SupervisorLocation(root.get().key(), root.get().snapshot().get());
        for (String id : path.subList(1, path.size())) {
            if (!(current instanceof SupervisorLocation supervisor)) {
                return Optional.empty();
            }
            Optional<ChildInfo> child = supervisor.snapshot().child(id);
            if (child.isEmpty()) {
                return Optional.empty();
            }
            Optional<SupervisorSnapshot> nested = nested(child.get());
            current = nested.<Location>map(s -> new SupervisorLocation(id, s))
                    .orElseGet(() -> new ChildLocation(supervisor.snapshot(), child.get()));
        }
        return Optional.of(current);
    }

    /**
     * Finds the supervisor that owns the child at {@code path} (whatever the child's type).
     * @param path the child's path: a root key, then child ids, at least two elements
     * @return the parent's snapshot and the child, or empty when the path names no child
     */
    public Optional<ChildLocation> locateChild(List<String> path) {
        if (path.size() < 2) {
            return Optional.empty();
        }
        String id = path.getLast();
        return locate(path.subList(0, path.size() - 1)).flatMap(parent -> parent instanceof SupervisorLocation s
                ? s.snapshot().child(id).map(child -> new ChildLocation(s.snapshot(), child)) : Optional.empty());
    }

    /**
     * The key of a supervisor in health and paths.
     * @param snapshot the supervisor
     * @return its registered name, or its pid
     */
    public static String keyOf(SupervisorSnapshot snapshot) {
        return (snapshot.name() != null) ? snapshot.name() : snapshot.pid().toString();
    }

}
