package io.fauxtp.supervisor.internal;

import io.fauxtp.genserver.CallExitException;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.supervisor.RestartObserver;
import io.fauxtp.supervisor.SupervisorEvent;
import io.fauxtp.supervisor.SupervisorSnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The live supervisors of every node: their published snapshots, their event subscribers and the calls
 * waiting for them. A supervisor adds itself when it starts and removes itself when it ends (in a
 * {@code finally}, so also when it is killed), before it is seen dead by anyone.
 */
public final class SupervisorDirectory {

    private static final System.Logger LOG = System.getLogger(SupervisorDirectory.class.getName());

    /** Per node id. */
    private static final ConcurrentHashMap<Integer, NodeSupervisors> NODES = new ConcurrentHashMap<>();

    private SupervisorDirectory() {}

    /** The supervisors of one node, and the listeners to all of them. */
    static final class NodeSupervisors {
        final ConcurrentHashMap<Pid, Entry> live = new ConcurrentHashMap<>();
        /** Supervisors that have left {@link #live} but may not have exited yet, with their exit reasons. */
        final ConcurrentHashMap<Pid, ExitReason> ending = new ConcurrentHashMap<>();
        final CopyOnWriteArrayList<Consumer<SupervisorEvent>> listeners = new CopyOnWriteArrayList<>();
        /** The node's restart hook, or null: read once per restart. */
        final AtomicReference<RestartObserver> restartObserver = new AtomicReference<>();
    }

    /** One live supervisor. */
    public static final class Entry {
        private final Pid pid;
        private final NodeSupervisors node;
        private volatile SupervisorSnapshot snapshot;
        private final CopyOnWriteArrayList<Consumer<SupervisorEvent>> listeners = new CopyOnWriteArrayList<>();
        private final Set<CompletableFuture<Object>> pendingCalls = new HashSet<>();
        private boolean closed;

        Entry(Pid pid, NodeSupervisors node) {
            this.pid = pid;
            this.node = node;
        }

        public Pid pid() {
            return pid;
        }

        public SupervisorSnapshot snapshot() {
            return snapshot;
        }

        /** The node's restart observer, or null. */
        RestartObserver restartObserver() {
            return node.restartObserver.get();
        }

        void publish(SupervisorSnapshot snapshot) {
            this.snapshot = snapshot;
        }

        /** Whether anybody listens, to this supervisor or to all supervisors of its node. */
        boolean hasListeners() {
            return !listeners.isEmpty() || !node.listeners.isEmpty();
        }

        void deliver(SupervisorEvent event) {
            for (Consumer<SupervisorEvent> l : listeners) {
                deliverTo(l, event);
            }
            for (Consumer<SupervisorEvent> l : node.listeners) {
                deliverTo(l, event);
            }
        }

        private static void deliverTo(Consumer<SupervisorEvent> listener, SupervisorEvent event) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "supervisor event listener " + listener + " failed on " + event, e);
            }
        }

        AutoCloseable subscribe(Consumer<SupervisorEvent> listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        /** Registers a call waiting for a reply; false if the supervisor has already ended. */
        synchronized boolean addPending(CompletableFuture<Object> reply) {
            if (closed) {
                return false;
            }
            pendingCalls.add(reply);
            return true;
        }

        synchronized void removePending(CompletableFuture<Object> reply) {
            pendingCalls.remove(reply);
        }

        /** The supervisor ends: calls still waiting fail with its exit reason. */
        void close(ExitReason reason) {
            List<CompletableFuture<Object>> waiting;
            synchronized (this) {
                closed = true;
                waiting = new ArrayList<>(pendingCalls);
                pendingCalls.clear();
            }
            for (CompletableFuture<Object> f : waiting) {
                f.completeExceptionally(new CallExitException(pid, "supervisor request", reason));
            }
        }
    }

    private static NodeSupervisors node(int nodeId) {
        return NODES.computeIfAbsent(nodeId, id -> new NodeSupervisors());
    }

    static Entry add(Pid pid) {
        NodeSupervisors node = node(pid.node());
        Entry entry = new Entry(pid, node);
        node.live.put(pid, entry);
        return entry;
    }

    /**
     * The supervisor is about to exit with {@code reason}. Until its process is dead, a call to it fails as a
     * call to a dying process does (see {@link #ending}), not as a call to a process of another kind. The
     * supervisors that have exited since are forgotten here, so the list stays as short as the dying ones.
     */
    static void remove(Entry entry, ExitReason reason) {
        NodeSupervisors node = entry.node;
        node.ending.put(entry.pid, reason);
        node.live.remove(entry.pid, entry);
        entry.close(reason);
        node.ending.keySet().removeIf(pid -> !pid.equals(entry.pid)
                && !Node.byId(pid.node()).map(n -> n.isAlive(pid)).orElse(false));
    }

    /** The exit reason of {@code pid} if it is a supervisor that has stopped serving and is exiting. */
    public static Optional<ExitReason> ending(Pid pid) {
        NodeSupervisors node = NODES.get(pid.node());
        return node == null ? Optional.empty() : Optional.ofNullable(node.ending.get(pid));
    }

    /** The live supervisor {@code pid}, if it is one. */
    public static Optional<Entry> find(Pid pid) {
        NodeSupervisors node = NODES.get(pid.node());
        return node == null ? Optional.empty() : Optional.ofNullable(node.live.get(pid));
    }

    /** The snapshots of the live supervisors of node {@code nodeId}, ordered by pid. */
    public static List<SupervisorSnapshot> snapshots(int nodeId) {
        NodeSupervisors node = NODES.get(nodeId);
        if (node == null) {
            return List.of();
        }
        List<SupervisorSnapshot> result = new ArrayList<>();
        for (Entry e : node.live.values()) {
            SupervisorSnapshot s = e.snapshot;
            if (s != null) {
                result.add(s);
            }
        }
        result.sort((a, b) -> a.pid().compareTo(b.pid()));
        return result;
    }

    /** Sets the restart observer of node {@code nodeId}; see {@link io.fauxtp.supervisor.Supervisor#observeRestarts}. */
    public static AutoCloseable observeRestarts(int nodeId, RestartObserver observer) {
        NodeSupervisors node = node(nodeId);
        if (!node.restartObserver.compareAndSet(null, observer)) {
            throw new IllegalStateException("node " + nodeId + " already has a restart observer: "
                    + node.restartObserver.get());
        }
        return () -> node.restartObserver.compareAndSet(observer, null);
    }

    /** Listens to the events of every supervisor of node {@code nodeId}, present and future. */
    public static AutoCloseable subscribeAll(int nodeId, Consumer<SupervisorEvent> listener) {
        NodeSupervisors node = node(nodeId);
        node.listeners.add(listener);
        return () -> node.listeners.remove(listener);
    }

    /** Listens to the events of the live supervisor {@code pid}. */
    public static AutoCloseable subscribe(Pid pid, Consumer<SupervisorEvent> listener) {
        Entry entry = find(pid).orElseThrow(() -> new IllegalArgumentException(
                pid + " is not a live supervisor; subscribe to a running supervisor, or to all supervisors of a node"));
        return entry.subscribe(listener);
    }
}
