package io.fauxtp.process;

import io.fauxtp.process.internal.NodeRuntime;
import io.fauxtp.process.spi.RemoteTransport;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A fauxtp runtime: the process table, the registry of names and the event hooks. One per Spring context;
 * tests create as many as they like and must {@link #close()} them.
 *
 * <p>All methods may be called from any thread, inside or outside a process.
 */
public final class Node implements AutoCloseable {

    private final NodeRuntime runtime;

    private Node(String name) {
        this.runtime = new NodeRuntime(this, name);
    }

    private Node(String name, int id) {
        this.runtime = new NodeRuntime(this, name, id);
    }

    /** A new node with a generated name. */
    public static Node create() {
        return new Node(null);
    }

    /** A new node named {@code name} (for logs and tools; names need not be unique). */
    public static Node create(String name) {
        Objects.requireNonNull(name, "name");
        return new Node(name);
    }

    /**
     * A new node with the explicit id {@code id}, for cluster adapters that hand each member a cluster-unique
     * node id so that pids are distinguishable across JVMs. Prefer ids far above the few a JVM allocates by
     * itself (they count up from 1).
     *
     * @throws IllegalArgumentException when {@code id} is not positive
     * @throws IllegalStateException    when an open node of this JVM already has that id
     */
    public static Node create(String name, int id) {
        Objects.requireNonNull(name, "name");
        return new Node(name, id);
    }

    /**
     * Sets the transport that carries {@link #send(Pid, Object)} to pids of other nodes (another JVM, through a
     * cluster adapter); null removes it. Without one, only nodes of this JVM are reachable.
     */
    public void remoteTransport(RemoteTransport transport) {
        runtime.remoteTransport(transport);
    }

    /** The open node with id {@code id} (as found in a {@link Pid}), if any. */
    public static Optional<Node> byId(int id) {
        return Optional.ofNullable(NodeRuntime.byId(id)).map(NodeRuntime::node);
    }

    /** This node's id, unique in the JVM; the {@code node} part of every pid it spawns. */
    public int id() {
        return runtime.id();
    }

    public String name() {
        return runtime.name();
    }

    /**
     * Spawns a process. Called from a process of this node, {@code link}/{@code monitor} options refer to that
     * caller; from ordinary code they are refused.
     */
    public Pid spawn(ProcessBody body) {
        return runtime.spawn(SpawnOptions.defaults(), body);
    }

    /** Spawns a process with options; see {@link #spawn(ProcessBody)}. */
    public Pid spawn(SpawnOptions options, ProcessBody body) {
        return runtime.spawn(options, body);
    }

    /** Sends {@code message} to {@code to}; a no-op when {@code to} is dead. */
    public void send(Pid to, Object message) {
        runtime.send(to, message);
    }

    /**
     * Sends {@code message} to the process registered as {@code name}.
     *
     * @throws IllegalArgumentException when no process has that name
     */
    public void send(String name, Object message) {
        runtime.send(name, message);
    }

    /** Sends the exit signal {@code reason} to {@code pid} (from the calling process, if any). */
    public void exit(Pid pid, ExitReason reason) {
        runtime.exitSignal(pid, reason);
    }

    /** Whether {@code pid} is a live process of this node. */
    public boolean isAlive(Pid pid) {
        return runtime.isAlive(pid);
    }

    /** A snapshot of a live process; empty when it is dead or not of this node. */
    public Optional<ProcessInfo> info(Pid pid) {
        return runtime.info(pid);
    }

    /** The live processes, in spawn order. */
    public List<Pid> processes() {
        return runtime.processes();
    }

    /** How many processes are alive. */
    public int processCount() {
        return runtime.processCount();
    }

    /** The registry of names of this node. */
    public Registry registry() {
        return runtime.registry();
    }

    /** Observer hooks for metrics and health. */
    public NodeEvents events() {
        return runtime.events();
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return runtime.isClosed();
    }

    /**
     * Kills every process and waits until all their threads have ended. Idempotent. After closing, spawning
     * fails with {@link IllegalStateException} and sends are dropped.
     */
    @Override
    public void close() {
        runtime.close();
    }

    @Override
    public String toString() {
        return "Node[" + runtime.id() + " " + runtime.name() + "]";
    }
}
