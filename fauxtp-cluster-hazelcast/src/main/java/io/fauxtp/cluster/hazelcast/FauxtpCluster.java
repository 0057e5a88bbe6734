package io.fauxtp.cluster.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.map.IMap;
import com.hazelcast.topic.ITopic;
import io.fauxtp.cluster.hazelcast.internal.Wire;
import io.fauxtp.genserver.CallExitException;
import io.fauxtp.genserver.CallTimeoutException;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.NodeEvents;
import io.fauxtp.process.Pid;
import io.fauxtp.process.spi.RemoteTransport;
import io.fauxtp.process.NameTakenException;
import io.fauxtp.text.TextCodec;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A fauxtp {@link Node} that is a member of a Hazelcast cluster: it has a cluster-unique node id, so its pids
 * are distinguishable on every member; {@link Node#send(Pid, Object)} reaches processes of other members; and
 * it offers cluster-wide names (like Erlang's {@code global}) and remote GenServer call and cast (the static
 * {@code GenServer.call}/{@code cast} on a pid of another member do the same).
 *
 * <p>Guarantees, as in Erlang distribution: delivery is at most once; messages one member sends to another
 * arrive in the order they were sent (each member has one inbox topic, and Hazelcast delivers the messages one
 * publisher puts on a topic in publishing order); a call to a process of a member that has left fails at once
 * with {@link ExitReason#NO_CONNECTION}. Membership is Hazelcast's, which is available-but-not-consistent (AP):
 * during a network partition each side believes the other is gone. Hazelcast Community Edition has no TLS or
 * authentication, so members must run on a trusted, isolated network.
 *
 * <p>Monitors work across members ({@code monitor} on a pid of another member, or {@link #monitor(
 * io.fauxtp.process.ProcessContext, String)} on a global name): the {@code Down} carries the process's exit
 * reason, or {@code noconnection} when its member leaves or is found dead. Links across members are not
 * supported: they stay local to a node.
 */
public final class FauxtpCluster implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.fauxtp.cluster");
    /** Cluster node ids start here, far above the few ids a JVM hands out by itself. */
    public static final int FIRST_NODE_ID = 1_000_001;
    static final String NODE_IDS = "fauxtp.node-ids";
    static final String GLOBAL_NAMES = "fauxtp.global-names";
    private static final String INBOX = "fauxtp.inbox.";
    /** Stands for the member of a cluster node id that is no longer held: never a current member. */
    private static final UUID DEPARTED = new UUID(0, 0);

    private final HazelcastInstance hazelcast;
    private final Node node;
    private final UUID localMember;
    private final Wire wire;
    private final IMap<Integer, String> nodeIds;
    private final IMap<String, String> globalNames;
    private final ProcessGroups groups;
    private final RemoteMonitors remoteMonitors;
    private final ConcurrentHashMap<Integer, UUID> owners = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, ITopic<String>> inboxes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, PendingCall> pendingCalls = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Pid, Set<String>> localGlobalNames = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<UUID>> memberRemovedListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong callIds = new AtomicLong();
    private final UUID inboxRegistration;
    private final UUID membershipRegistration;
    private final AutoCloseable exitSubscription;
    private final UUID lifecycleRegistration;
    private volatile boolean closed;
    private volatile boolean splitOff;

    private record PendingCall(int targetNode, CompletableFuture<Wire.Envelope> answer) {}

    private FauxtpCluster(HazelcastInstance hazelcast, String nodeName, TextCodec appTypes) {
        this.hazelcast = hazelcast;
        this.localMember = hazelcast.getCluster().getLocalMember().getUuid();
        this.wire = new Wire(appTypes);
        this.nodeIds = hazelcast.getMap(NODE_IDS);
        this.globalNames = hazelcast.getMap(GLOBAL_NAMES);
        this.membershipRegistration = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {}

            @Override
            public void memberRemoved(MembershipEvent event) {
                onMemberRemoved(event.getMember().getUuid());
            }
        });
        this.lifecycleRegistration = hazelcast.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == com.hazelcast.core.LifecycleEvent.LifecycleState.MERGING && !splitOff) {
                splitOff = true;
                LOG.log(Level.ERROR, "this member was split off the cluster and Hazelcast is merging it back under "
                        + "a new member uuid; fauxtp does not follow the new identity: this member's singletons stay "
                        + "stopped and its pids and global names are unreachable from the others. Restart it.");
            }
        });
        this.groups = new ProcessGroups(this);
        removeEntriesOfDepartedMembers();
        this.node = Node.create(nodeName, claimNodeId());
        owners.put(node.id(), localMember);
        ITopic<String> inbox = hazelcast.getTopic(INBOX + node.id());
        this.remoteMonitors = new RemoteMonitors(this);
        this.inboxRegistration = inbox.addMessageListener(m -> receive(m.getMessageObject()));
        this.exitSubscription = node.events().subscribe(new NodeEvents.Listener() {
            @Override
            public void processExited(Pid pid, String name, ExitReason reason) {
                releaseGlobalNames(pid);
                groups.processExited(pid);
                remoteMonitors.watcherExited(pid);
            }
        });
        node.remoteTransport(new Transport());
    }

    /**
     * Joins the cluster of {@code hazelcast} with a new node named {@code nodeName}; messages to other
     * members are written with the types registered in {@code appTypes}.
     */
    public static FauxtpCluster join(HazelcastInstance hazelcast, String nodeName, TextCodec appTypes) {
        Objects.requireNonNull(hazelcast, "hazelcast");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(appTypes, "appTypes (use TextCodec.standard() when messages are plain values)");
        requireSafeVersion(com.hazelcast.instance.BuildInfoProvider.getBuildInfo().getVersion());
        return new FauxtpCluster(hazelcast, nodeName, appTypes);
    }

    /** Refuses Hazelcast releases before 5.7.0 (Community releases before it carry a remote-code-execution flaw). */
    static void requireSafeVersion(String version) {
        String[] parts = version.split("[.-]");
        boolean safe;
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            safe = major > 5 || (major == 5 && minor >= 7);
        } catch (NumberFormatException e) {
            safe = false;
        }
        if (!safe) {
            throw new IllegalStateException("Hazelcast " + version + " is on the class path, but fauxtp needs 5.7.0 "
                    + "or later (earlier Community releases carry a known remote-code-execution flaw). Spring Boot's "
                    + "dependency management picks 5.5.0. If your Maven build inherits spring-boot-starter-parent, set "
                    + "the property <hazelcast.version>5.7.0</hazelcast.version> (Gradle with the dependency-management "
                    + "plugin: ext['hazelcast.version'] = '5.7.0'). If it imports spring-boot-dependencies as a BOM "
                    + "instead, that property does not reach the BOM: add com.hazelcast:hazelcast:5.7.0 to "
                    + "<dependencyManagement> before the spring-boot-dependencies import (Gradle platform: a "
                    + "constraint on com.hazelcast:hazelcast:5.7.0)");
        }
    }

    /** The node of this member; close the cluster, not the node. */
    public Node node() {
        return node;
    }

    /** The Hazelcast instance this member runs on. */
    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    /** This member's Hazelcast uuid. */
    public UUID localMember() {
        return localMember;
    }

    /** The current members, oldest first (Hazelcast's order). */
    public List<ClusterMember> members() {
        Map<UUID, List<Integer>> ids = new LinkedHashMap<>();
        for (Map.Entry<Integer, String> e : nodeIds.entrySet()) {
            ids.computeIfAbsent(UUID.fromString(e.getValue()), u -> new ArrayList<>()).add(e.getKey());
        }
        List<ClusterMember> members = new ArrayList<>();
        for (Member m : hazelcast.getCluster().getMembers()) {
            List<Integer> own = new ArrayList<>(ids.getOrDefault(m.getUuid(), List.of()));
            own.sort(null);
            members.add(new ClusterMember(m.getUuid(), m.getAddress().getHost() + ":" + m.getAddress().getPort(),
                    List.copyOf(own), m.localMember()));
        }
        return members;
    }

    /**
     * Whether this member was split off the cluster (paused or cut off until the others dropped it) and Hazelcast
     * then merged it back: Hazelcast gives a merged member a new uuid, which fauxtp does not follow, so such a
     * member takes no singleton again and should be restarted.
     */
    public boolean splitOff() {
        return splitOff;
    }

    /** Whether {@code member} is in the current member list. */
    public boolean isMember(UUID member) {
        for (Member m : hazelcast.getCluster().getMembers()) {
            if (m.getUuid().equals(member)) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code listener} with the uuid of every member that leaves or is found dead; closing stops it. */
    public AutoCloseable onMemberRemoved(Consumer<UUID> listener) {
        memberRemovedListeners.add(listener);
        return () -> memberRemovedListeners.remove(listener);
    }

    // ----- global names -----

    /**
     * Registers {@code pid}, a live process of this member, as {@code name} in the whole cluster. The name is
     * removed when the process exits or its member leaves.
     *
     * @throws NameTakenException       when a live process of any member holds the name
     * @throws IllegalArgumentException when {@code pid} is not a live process of this member
     */
    public void register(String name, Pid pid) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pid, "pid");
        if (pid.node() != node.id() || !node.isAlive(pid)) {
            throw new IllegalArgumentException(pid + " is not a live process of this member (node " + node.id()
                    + "); register a global name from the member that runs the process");
        }
        claim(name, pid, GlobalName.of(localMember, pid), holder -> false);
    }

    /**
     * Registers {@code pid} as {@code name} for the copy of singleton {@code singleton} holding {@code token}
     * (checked by the caller): replaces an entry of a departed member, or of a copy of the same singleton with a
     * lower token, whose member may still be listed (paused, partitioned, or not yet found dead).
     */
    void registerFenced(String name, Pid pid, String singleton, long token) {
        if (pid.node() != node.id() || !node.isAlive(pid)) {
            throw new IllegalArgumentException(pid + " is not a live process of this member (node " + node.id() + ")");
        }
        claim(name, pid, new GlobalName(localMember, pid, singleton, token),
                holder -> singleton.equals(holder.singleton()) && holder.token() < token);
    }

    /**
     * Puts {@code entry} under {@code name}, replacing an entry left over from a departed member or one that
     * {@code replaceable} accepts.
     *
     * @throws NameTakenException when another entry holds the name, its member is listed, and it is not replaceable
     */
    private void claim(String name, Pid pid, GlobalName entry, Predicate<GlobalName> replaceable) {
        String value = entry.encode();
        localGlobalNames.computeIfAbsent(pid, p -> ConcurrentHashMap.newKeySet()).add(name);
        while (true) {
            String previous = globalNames.putIfAbsent(name, value);
            if (previous == null || previous.equals(value)) {
                break;
            }
            GlobalName holder = GlobalName.decode(previous);
            if (!replaceable.test(holder) && isMember(holder.member())) {
                forgetLocalName(pid, name);
                throw new NameTakenException(name, holder.pid());
            }
            if (globalNames.replace(name, previous, value)) {
                break;
            }
        }
        if (!node.isAlive(pid)) {   // it died while we registered: its exit event may have run before
            releaseGlobalNames(pid);
        }
    }

    /** Removes the cluster-wide name {@code name}; false when no process had it. */
    public boolean unregister(String name) {
        String previous = globalNames.remove(name);
        if (previous != null) {
            GlobalName holder = GlobalName.decode(previous);
            if (holder.member().equals(localMember)) {
                forgetLocalName(holder.pid(), name);
            }
        }
        return previous != null;
    }

    /** The process registered cluster-wide as {@code name}, if any and if its member is still in the cluster. */
    public Optional<Pid> whereis(String name) {
        String value = globalNames.get(name);
        if (value == null) {
            return Optional.empty();
        }
        GlobalName holder = GlobalName.decode(value);
        return isMember(holder.member()) ? Optional.of(holder.pid()) : Optional.empty();
    }

    /** Every cluster-wide name and its process. */
    public Map<String, Pid> globalNames() {
        Map<String, Pid> names = new java.util.TreeMap<>();
        globalNames.forEach((name, value) -> names.put(name, GlobalName.decode(value).pid()));
        return names;
    }

    /** Cluster-wide process groups, like Erlang's {@code pg}. */
    public ProcessGroups groups() {
        return groups;
    }

    /**
     * Makes the calling process {@code self} monitor the process registered cluster-wide as {@code name}, on
     * whichever member it runs: one {@link io.fauxtp.process.Down} arrives with its exit reason, or
     * {@code noconnection} when its member leaves or is found dead, or {@code noproc} at once when no process
     * has the name. The name is looked up once: the monitor follows the process, not the name.
     * {@code self.monitor(pid)} on a pid of another member works the same way.
     */
    public io.fauxtp.process.MonitorRef monitor(io.fauxtp.process.ProcessContext self, String name) {
        Objects.requireNonNull(name, "name");
        return self.monitor(whereis(name).orElse(new Pid(node.id(), 0)));   // pid 0 never lives: Down(noproc)
    }

    // ----- send, call, cast -----

    /** Sends {@code message} to {@code to}, on whichever member it runs; same as {@code node().send(to, message)}. */
    public void send(Pid to, Object message) {
        node.send(to, message);
    }

    /**
     * Sends {@code message} to the process registered cluster-wide as {@code name}.
     *
     * @throws IllegalArgumentException when no process has that name (Erlang's badarg)
     */
    public void send(String name, Object message) {
        node.send(whereis(name).orElseThrow(() -> new IllegalArgumentException(
                "no process is registered cluster-wide as '" + name + "'")), message);
    }

    /** Casts {@code request} to the GenServer {@code server} on whichever member it runs. */
    public void cast(Pid server, Object request) {
        Objects.requireNonNull(request, "request");
        UUID owner = remoteOwner(server);
        if (owner == null) {
            GenServer.cast(server, request);
        } else if (isMember(owner)) {
            publish(server.node(), new Wire.Cast(server, request));
        }
    }

    /** Casts to the GenServer registered cluster-wide as {@code name}; nothing happens when there is none. */
    public void cast(String name, Object request) {
        whereis(name).ifPresent(pid -> cast(pid, request));
    }

    /** Calls the GenServer registered cluster-wide as {@code name}; see {@link #call(Pid, Object, Duration)}. */
    public <R> R call(String name, Object request, Duration timeout) {
        Pid pid = whereis(name).orElseThrow(
                () -> new CallExitException("'" + name + "'", request, ExitReason.NO_PROCESS));
        return call(pid, request, timeout);
    }

    /**
     * Calls the GenServer {@code server} on whichever member it runs and waits for its reply.
     *
     * @throws CallExitException    with {@link ExitReason#NO_CONNECTION} when its member is not (or no longer)
     *                              in the cluster, {@link ExitReason#NO_PROCESS} when it is not alive, or the
     *                              reason it exited with during the call
     * @throws CallTimeoutException when no reply came within {@code timeout}
     */
    public <R> R call(Pid server, Object request, Duration timeout) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(timeout, "timeout");
        UUID owner = remoteOwner(server);
        if (owner == null) {
            return GenServer.call(server, request, timeout);
        }
        long id = callIds.incrementAndGet();
        PendingCall pending = new PendingCall(server.node(), new CompletableFuture<>());
        pendingCalls.put(id, pending);
        try {
            if (!isMember(owner)) {
                throw new CallExitException(server, request, ExitReason.NO_CONNECTION);
            }
            publish(server.node(), new Wire.CallRequest(id, node.id(), server, request, timeout.toMillis()));
            Wire.Envelope answer = pending.answer().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return switch (answer) {
                case Wire.Reply reply -> {
                    @SuppressWarnings("unchecked")
                    R value = (R) reply.value();
                    yield value;
                }
                case Wire.Failed failed -> throw switch (failed.kind()) {
                    case "timeout" -> new CallTimeoutException(server, request, timeout);
                    case "noproc" -> new CallExitException(server, request, ExitReason.NO_PROCESS);
                    case "noconnection" -> new CallExitException(server, request, ExitReason.NO_CONNECTION);
                    default -> new CallExitException(server, request, ExitReason.of(failed.detail()));
                };
                default -> throw new IllegalStateException("unexpected answer " + answer);
            };
        } catch (TimeoutException e) {
            throw new CallTimeoutException(server, request, timeout);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("call to " + server + " interrupted");
        } finally {
            pendingCalls.remove(id);
        }
    }

    // ----- transport -----

    /**
     * The member hosting {@code pid} when it is another cluster member; {@link #DEPARTED} for a cluster node id
     * no current member holds (its member left and was cleaned up); null for this node or a node of this JVM
     * outside the cluster (ids below {@link #FIRST_NODE_ID}).
     */
    private UUID remoteOwner(Pid pid) {
        if (pid.node() == node.id()) {
            return null;
        }
        UUID owner = owners.get(pid.node());
        if (owner == null) {
            if (pid.node() < FIRST_NODE_ID) {
                return null;
            }
            String value = nodeIds.get(pid.node());
            if (value == null) {
                return DEPARTED;
            }
            owner = UUID.fromString(value);
            owners.put(pid.node(), owner);
        }
        return owner;
    }

    /**
     * What this member's node uses for pids of other members: plain sends, and the static
     * {@code GenServer.call}/{@code cast} on such pids, which then behave as {@link #call}/{@link #cast}.
     */
    private final class Transport implements RemoteTransport {

        @Override
        public boolean send(Pid to, Object message) {
            return sendRemote(to, message);
        }

        @Override
        public boolean carriesCalls(Pid server) {
            return remoteOwner(server) != null;
        }

        @Override
        public Object call(Pid server, Object request, Duration timeout) {
            return FauxtpCluster.this.call(server, request, timeout);
        }

        @Override
        public boolean monitor(Pid watcher, Pid target, io.fauxtp.process.MonitorRef ref) {
            UUID owner = remoteOwner(target);
            if (owner == null) {
                return false;
            }
            remoteMonitors.monitor(watcher, target, ref, owner);
            return true;
        }

        @Override
        public boolean demonitor(io.fauxtp.process.MonitorRef ref) {
            return remoteMonitors.demonitor(ref);
        }

        @Override
        public boolean cast(Pid server, Object request) {
            if (remoteOwner(server) == null) {
                return false;
            }
            FauxtpCluster.this.cast(server, request);
            return true;
        }
    }

    private boolean sendRemote(Pid to, Object message) {
        UUID owner = remoteOwner(to);
        if (owner == null) {
            return false;
        }
        if (isMember(owner)) {   // to a departed member: dropped, like a send to a dead pid
            publish(to.node(), new Wire.Send(to, message));
        }
        return true;
    }

    /** Publishes {@code envelope} to the inbox of node {@code targetNode}. */
    void publishTo(int targetNode, Wire.Envelope envelope) {
        publish(targetNode, envelope);
    }

    private void publish(int targetNode, Wire.Envelope envelope) {
        if (closed) {
            return;
        }
        String text = wire.write(envelope);
        inboxes.computeIfAbsent(targetNode, id -> hazelcast.getTopic(INBOX + id)).publish(text);
    }

    /** Runs on Hazelcast's event thread for this topic, one message at a time, in publishing order. */
    private void receive(String text) {
        Wire.Envelope envelope;
        try {
            envelope = wire.read(text);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> "dropped a message this member cannot read: " + e.getMessage());
            return;
        }
        switch (envelope) {
            case Wire.Send s -> node.send(s.to(), s.message());
            case Wire.Cast c -> GenServer.cast(c.to(), c.request());
            case Wire.CallRequest c -> Thread.ofVirtual().name("fauxtp-remote-call-" + c.id())
                    .start(() -> serveCall(c));
            case Wire.Reply r -> answer(r.id(), r);
            case Wire.Failed f -> answer(f.id(), f);
            case Wire.Monitor m -> remoteMonitors.received(m, remoteOwner(m.watcher()));
            case Wire.Demonitor d -> remoteMonitors.received(d);
            case Wire.MonitorDown d -> remoteMonitors.received(d);
        }
    }

    private void serveCall(Wire.CallRequest c) {
        Wire.Envelope answer;
        try {
            answer = new Wire.Reply(c.id(), GenServer.call(c.to(), c.request(), Duration.ofMillis(c.timeoutMillis())));
        } catch (CallTimeoutException e) {
            answer = new Wire.Failed(c.id(), "timeout", "");
        } catch (CallExitException e) {
            answer = switch (e.reason()) {
                case ExitReason.NoProcess n -> new Wire.Failed(c.id(), "noproc", "");
                case ExitReason.NoConnection n -> new Wire.Failed(c.id(), "noconnection", "");
                default -> new Wire.Failed(c.id(), "exit", e.reason().toString());
            };
        } catch (RuntimeException e) {
            answer = new Wire.Failed(c.id(), "exit", e.toString());
        }
        try {
            publish(c.replyNode(), answer);
        } catch (HazelcastInstanceNotActiveException e) {   // this member left or crashed while it served the call
            LOG.log(Level.DEBUG, () -> "dropped the reply of a remote call to " + c.to() + ": Hazelcast stopped");
        } catch (RuntimeException e) {   // most likely a reply value of an unregistered type
            LOG.log(Level.WARNING, () -> "could not send the reply of a remote call to " + c.to() + ": " + e);
            try {
                publish(c.replyNode(), new Wire.Failed(c.id(), "exit", "reply not sendable: " + e.getMessage()));
            } catch (HazelcastInstanceNotActiveException stopped) {
                LOG.log(Level.DEBUG, () -> "dropped the failure of a remote call to " + c.to() + ": Hazelcast stopped");
            }
        }
    }

    private void answer(long id, Wire.Envelope envelope) {
        PendingCall pending = pendingCalls.get(id);
        if (pending != null) {
            pending.answer().complete(envelope);
        }
    }

    // ----- membership -----

    private int claimNodeId() {
        String me = localMember.toString();
        for (int id = FIRST_NODE_ID; ; id++) {
            String holder = nodeIds.putIfAbsent(id, me);
            if (holder == null && Node.byId(id).isEmpty()) {
                return id;
            }
            if (holder == null) {   // taken by a node of this JVM outside the cluster: give it back
                nodeIds.remove(id, me);
            }
        }
    }

    private void removeEntriesOfDepartedMembers() {
        for (Map.Entry<Integer, String> e : nodeIds.entrySet()) {
            UUID member = UUID.fromString(e.getValue());
            if (!isMember(member)) {
                nodeIds.remove(e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<String, String> e : globalNames.entrySet()) {
            if (!isMember(GlobalName.decode(e.getValue()).member())) {
                globalNames.remove(e.getKey(), e.getValue());
            }
        }
        groups.removeEntriesOf(member -> !isMember(member));
    }

    private void onMemberRemoved(UUID member) {
        remoteMonitors.memberRemoved(member);
        for (Map.Entry<Long, PendingCall> e : pendingCalls.entrySet()) {
            if (member.equals(owners.get(e.getValue().targetNode()))) {
                e.getValue().answer().complete(new Wire.Failed(e.getKey(), "noconnection", ""));
            }
        }
        Thread.ofVirtual().name("fauxtp-member-removed").start(() -> {
            try {
                for (Map.Entry<String, String> e : globalNames.entrySet()) {
                    if (GlobalName.decode(e.getValue()).member().equals(member)) {
                        globalNames.remove(e.getKey(), e.getValue());
                    }
                }
                groups.removeEntriesOf(member::equals);
                for (Map.Entry<Integer, String> e : nodeIds.entrySet()) {
                    if (e.getValue().equals(member.toString())) {
                        nodeIds.remove(e.getKey(), e.getValue());
                    }
                }
            } catch (RuntimeException e) {   // this member is shutting down too
                LOG.log(Level.DEBUG, () -> "clean-up after member " + member + " left stopped: " + e);
            }
        });
        owners.values().removeIf(member::equals);
        for (Consumer<UUID> listener : memberRemovedListeners) {
            try {
                listener.accept(member);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, () -> "member-removed listener failed: " + e);
            }
        }
    }

    /**
     * Removes the names of {@code pid} (each only if it still points at {@code pid}), on a thread of its own: it
     * runs when a process exits, and a map operation waits while the member owning the key's partition is paused,
     * which must hold up neither the exit nor whoever ended the process.
     */
    private void releaseGlobalNames(Pid pid) {
        Set<String> names = localGlobalNames.remove(pid);
        if (names == null) {
            return;
        }
        Thread.ofVirtual().name("fauxtp-release-names-" + pid).start(() -> removeNames(pid, names));
    }

    private void removeNames(Pid pid, Set<String> names) {
        for (String name : names) {
            try {
                String value = globalNames.get(name);
                if (value != null && GlobalName.decode(value).member().equals(localMember)
                        && GlobalName.decode(value).pid().equals(pid)) {
                    globalNames.remove(name, value);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, () -> "could not release global name " + name + ": " + e);
            }
        }
    }

    private void forgetLocalName(Pid pid, String name) {
        localGlobalNames.computeIfPresent(pid, (p, names) -> {
            names.remove(name);
            return names.isEmpty() ? null : names;
        });
    }

    /**
     * Leaves: releases this member's global names and node id, fails the calls still waiting, and closes the
     * node. The Hazelcast instance is not shut down (it belongs to whoever created it).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        node.remoteTransport(null);
        try {
            exitSubscription.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, () -> "closing the exit subscription: " + e);
        }
        node.close();
        if (hazelcast.getLifecycleService().isRunning()) {
            for (Pid pid : List.copyOf(localGlobalNames.keySet())) {
                Set<String> names = localGlobalNames.remove(pid);
                if (names != null) {
                    removeNames(pid, names);
                }
            }
            groups.leaveAll();
            hazelcast.<String>getTopic(INBOX + node.id()).removeMessageListener(inboxRegistration);
            hazelcast.getCluster().removeMembershipListener(membershipRegistration);
            hazelcast.getLifecycleService().removeLifecycleListener(lifecycleRegistration);
            nodeIds.remove(node.id(), localMember.toString());
        }
        closed = true;
        for (PendingCall pending : pendingCalls.values()) {
            pending.answer().complete(new Wire.Failed(0, "noconnection", ""));
        }
    }

    /**
     * A global name's value in the map: the member and the pid, and for a singleton's name the singleton and the
     * token of the copy that registered it, as plain text (no Java serialisation).
     */
    private record GlobalName(UUID member, Pid pid, String singleton, long token) {
        static GlobalName of(UUID member, Pid pid) {
            return new GlobalName(member, pid, null, 0);
        }

        String encode() {
            String plain = member + " " + pid.node() + " " + pid.serial();
            return singleton == null ? plain : plain + " " + token + " " + singleton;
        }

        static GlobalName decode(String value) {
            String[] parts = value.split(" ", 5);
            Pid pid = new Pid(Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
            return parts.length < 5
                    ? new GlobalName(UUID.fromString(parts[0]), pid, null, 0)
                    : new GlobalName(UUID.fromString(parts[0]), pid, parts[4], Long.parseLong(parts[3]));
        }
    }
}
