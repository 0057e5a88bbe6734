package io.fauxtp.cluster.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.map.IMap;
import io.fauxtp.cluster.hazelcast.internal.LeaseTable;
import io.fauxtp.cluster.hazelcast.internal.SettleWatch;
import io.fauxtp.cluster.hazelcast.internal.ShardAllocation;
import io.fauxtp.cluster.hazelcast.internal.Wire;
import io.fauxtp.genserver.CallExitException;
import io.fauxtp.genserver.CallTimeoutException;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Pid;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Sharded GenServers of one type: many entities, each addressed by an id, each running on exactly one member at a
 * time, started by the first message to it and stopped ("passivated") after it was idle for a while (Pekko's
 * Cluster Sharding, Orleans' virtual actors).
 *
 * <p>An entity id maps to one of {@link Options#shards()} shards by a hash; a shard maps to one live member by
 * rendezvous hashing over the members of Hazelcast's member list that run a region of the type (a member merged
 * back after a split, under a new uuid, runs none and gets no shard), so every member routes a request to the same
 * owner without asking anyone, and when a member joins or leaves only the shards it gains or loses move. A member runs the
 * entities of a shard only while it holds the shard's lease row in SQL (the singleton's lease table and rules:
 * taken with a conditional {@code UPDATE ... SET token = token + 1}, renewed every third of the lease, taken over
 * when it expired or its holder left the cluster, the latter only on a settled member list and not right after a
 * pause) and sees a quorum of {@link Options#expectedMembers()}. The
 * token fences the entity's SQL work ({@link ShardedEntity#runFenced(FencedWork)}).
 *
 * <p>Moving a shard: the new owner keeps the requests for it in order until it holds the lease; the old owner
 * stops taking new ones (it answers them "moved", and the caller routes again), lets its entities finish what
 * they were given, stops them (their {@code terminate} gets the state), and gives the lease back. A member that
 * loses a lease (taken over, or its quorum gone) kills the shard's entities at once.
 *
 * <p>Delivery: a {@link #call} that returns was handled by the entity exactly once; a call that fails with
 * {@code noconnection} (the owner died) or a timeout may or may not have been handled, as any remote call. The
 * calls of one caller reach an entity in order. Casts are at most once, in order per sender except across a
 * move of the entity's shard.
 */
public final class ShardRegion implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.fauxtp.cluster.shards");
    static final String REGIONS = "fauxtp.shard-regions";
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
    /** How long the keeper waits for the regions map when it looks up the regions of new members. */
    private static final Duration REGION_LOOKUP_WAIT = Duration.ofMillis(250);
    /** How often a caller's thread asks the regions map again, without waiting, for a listed member's region. */
    private static final long LOOKUP_AGAIN_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    /**
     * How the entities of one type are sharded.
     *
     * @param shards          how many shards the entity ids are spread over (the unit that moves between members;
     *                        keep it at ten or more per member, and the same on every member)
     * @param passivateAfter  how long an entity may go without a message before it is stopped
     * @param lease           how long a shard lease lasts without renewal (renewed every third of it)
     * @param expectedMembers the configured cluster size: a member owns shards only when it sees a majority of it
     * @param table           the SQL lease table (shared with the singletons; rows named
     *                        {@code fauxtp.shard.<type>.<shard>})
     * @param callTimeout     how long {@link #call(String, Object)} waits
     */
    public record Options(int shards, Duration passivateAfter, Duration lease, int expectedMembers, String table,
                          Duration callTimeout) {
        public Options {
            Objects.requireNonNull(passivateAfter, "passivateAfter");
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(callTimeout, "callTimeout");
            if (shards < 1 || shards > 100_000) {
                throw new IllegalArgumentException("shards must be between 1 and 100000, got " + shards);
            }
            if (passivateAfter.isNegative() || passivateAfter.isZero()) {
                throw new IllegalArgumentException("passivateAfter must be positive, got " + passivateAfter);
            }
            if (lease.toMillis() < 300) {
                throw new IllegalArgumentException("shard lease must be at least 300ms, got " + lease);
            }
            if (expectedMembers < 1) {
                throw new IllegalArgumentException("expectedMembers must be at least 1, got " + expectedMembers);
            }
        }

        /** 64 shards, passivation after 2 minutes, the singletons' defaults, calls waiting 5 s. */
        public static Options defaults() {
            return new Options(64, Duration.ofMinutes(2), Duration.ofSeconds(10), 1,
                    ClusterSingleton.Options.DEFAULT_TABLE, Duration.ofSeconds(5));
        }

        public Options withShards(int n) {
            return new Options(n, passivateAfter, lease, expectedMembers, table, callTimeout);
        }

        public Options withPassivateAfter(Duration d) {
            return new Options(shards, d, lease, expectedMembers, table, callTimeout);
        }

        public Options withLease(Duration d) {
            return new Options(shards, passivateAfter, d, expectedMembers, table, callTimeout);
        }

        public Options withExpectedMembers(int n) {
            return new Options(shards, passivateAfter, lease, n, table, callTimeout);
        }

        public Options withTable(String t) {
            return new Options(shards, passivateAfter, lease, expectedMembers, t, callTimeout);
        }

        public Options withCallTimeout(Duration d) {
            return new Options(shards, passivateAfter, lease, expectedMembers, table, d);
        }

        int quorum() {
            return expectedMembers / 2 + 1;
        }
    }

    /**
     * What this member runs of the type now.
     *
     * @param shards     the shards whose lease this member holds
     * @param entities   the entities running on this member
     * @param handoffs   how many shards this member handed to another member since it started
     * @param takeovers  how many shards this member took from another member (one that left, or gave it up)
     */
    public record Stats(String type, int shards, int entities, long handoffs, long takeovers) {}

    /** A lease this member holds: its token, and until when (by this member's clock) it lasts unrenewed. */
    private record Held(long token, long untilMillis) {}

    private final FauxtpCluster cluster;
    private final String type;
    private final Options options;
    private final LeaseTable leases;
    private final Clock clock;
    private final String owner;
    private final IMap<String, String> regions;
    /**
     * The region process of each other member known to run a region of this type (written by the keeper, which
     * looks each member of the list up in the regions map once): the shards are spread over these members and this
     * one. A member that runs none (not started yet, or merged back after a split under a new uuid, see
     * {@link FauxtpCluster#splitOff()}) gets no shard, so no request waits for a member that never takes it.
     */
    private volatile Map<UUID, Pid> regionPids = Map.of();
    /** When a listed member not known to run a region was last looked up from a caller's thread (ns). */
    private final ConcurrentHashMap<UUID, Long> lookedUpAt = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, Held> held = new ConcurrentHashMap<>();
    private final Set<Integer> handingOff = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Integer> handedOff = new ConcurrentLinkedQueue<>();
    private volatile Set<Integer> desired = Set.of();
    private final AtomicInteger entities = new AtomicInteger();
    private final AtomicLong handoffs = new AtomicLong();
    private final AtomicLong takeovers = new AtomicLong();
    private final AtomicLong losses = new AtomicLong();
    private final AtomicLong lockedAttempts = new AtomicLong();
    private final Semaphore wake = new Semaphore(0);
    private final UUID membershipRegistration;
    private final Pid regionPid;
    private final Thread keeper;
    private volatile boolean leaving;
    private volatile boolean closed;
    private final IntConsumer shardActivated;
    private final Consumer<String> entityKilled;
    /** The keeper's settle rule: no lease on a member list changed or seen within a heartbeat interval of a pause. */
    private final SettleWatch settle;

    private ShardRegion(FauxtpCluster cluster, DataSource dataSource, String type, GenServer<?> behaviour,
                        Function<String, Object> args, Options options, Clock clock, IntConsumer shardActivated,
                        Consumer<String> entityKilled)
            throws SQLException {
        this.cluster = cluster;
        this.shardActivated = shardActivated;
        this.entityKilled = entityKilled;
        this.type = type;
        this.options = options;
        this.clock = clock;
        this.owner = cluster.localMember().toString();
        this.leases = new LeaseTable(dataSource, options.table(), renewalPeriod(options));
        for (int shard = 0; shard < options.shards(); shard++) {
            leases.ensure(leaseName(shard));
        }
        this.regions = cluster.hazelcast().getMap(REGIONS);
        Duration settlePeriod = ClusterSingleton.settlePeriod(cluster.hazelcast());
        this.settle = new SettleWatch(settlePeriod, gap -> LOG.log(Level.INFO, () -> "shards of '" + type
                + "': the lease keeper was held up " + gap + " ms (a pause?); this member takes no lease for "
                + settlePeriod.toMillis() + " ms"));
        this.regionPid = GenServer.start(cluster.node(), new ShardRegionServer(this, behaviour, args), null);
        regions.put(regionKey(cluster.localMember()), regionPid.node() + " " + regionPid.serial());
        lookUpRegions();
        this.membershipRegistration = cluster.hazelcast().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                wake.release();
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                lookedUpAt.remove(event.getMember().getUuid());
                wake.release();
            }
        });
        // A platform thread: entities are virtual threads, and entities that compute without blocking keep every
        // carrier busy; a keeper on a virtual thread would then let the leases run out (LeaseRenewalUnderLoadTest).
        this.keeper = Thread.ofPlatform().daemon().name("fauxtp-shards-" + type).start(this::keepLeases);
    }

    /**
     * Starts the region of {@code type} on this member: entities are started with {@code behaviour} and the
     * init arguments {@code args.apply(entityId)}; this member competes for its share of the shards.
     *
     * @throws IllegalArgumentException when {@code type} is not 1 to 100 letters, digits, '_', '.' or '-'
     * @throws IllegalStateException    when the lease table cannot be created or read
     */
    public static ShardRegion start(FauxtpCluster cluster, DataSource dataSource, String type, GenServer<?> behaviour,
                                    Function<String, Object> args, Options options) {
        return start(cluster, dataSource, type, behaviour, args, options, Clock.systemUTC());
    }

    /** As {@link #start(FauxtpCluster, DataSource, String, GenServer, Function, Options)} with a clock for leases. */
    public static ShardRegion start(FauxtpCluster cluster, DataSource dataSource, String type, GenServer<?> behaviour,
                                    Function<String, Object> args, Options options, Clock clock) {
        return start(cluster, dataSource, type, behaviour, args, options, clock, shard -> { }, id -> { });
    }

    /**
     * As {@link #start(FauxtpCluster, DataSource, String, GenServer, Function, Options, Clock)}, and tells
     * {@code shardActivated} (on the region process: it must not block) each time this member starts running a
     * shard it took the lease of, so that entities that must run without a message (workflow runs) can be
     * started again; and tells {@code entityKilled} (on the region process too) the id of each entity it kills
     * because this member lost the lease of its shard: a kill, as in Erlang, runs no {@code terminate}, so what
     * the entity's {@code terminate} would have released must be released by the caller.
     */
    static ShardRegion start(FauxtpCluster cluster, DataSource dataSource, String type, GenServer<?> behaviour,
                             Function<String, Object> args, Options options, Clock clock,
                             IntConsumer shardActivated, Consumer<String> entityKilled) {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(behaviour, "behaviour");
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(options, "options");
        if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("sharded type '" + type + "' must be 1 to 100 letters, digits, '_', '.'"
                    + " or '-'");
        }
        try {
            return new ShardRegion(cluster, dataSource, type, behaviour, args, options, clock,
                    Objects.requireNonNull(shardActivated, "shardActivated"),
                    Objects.requireNonNull(entityKilled, "entityKilled"));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the shard leases of '" + type + "' in table "
                    + options.table() + ": " + e.getMessage(), e);
        }
    }

    public String type() {
        return type;
    }

    public Options options() {
        return options;
    }

    /** The shard of {@code entityId}. */
    public int shardOf(String entityId) {
        return ShardAllocation.shardOf(entityId, options.shards());
    }

    /** The member that owns the shard of {@code entityId} by this member's current view of the cluster. */
    public UUID ownerOf(String entityId) {
        return ShardAllocation.ownerOf(type, shardOf(entityId), liveMembers());
    }

    /** How many shards each live member owns, by this member's view of the members (rendezvous hashing). */
    public Map<UUID, Integer> allocation() {
        List<UUID> members = liveMembers();
        Map<UUID, Integer> counts = new java.util.LinkedHashMap<>();
        members.forEach(m -> counts.put(m, 0));
        for (int shard = 0; shard < options.shards(); shard++) {
            counts.merge(ShardAllocation.ownerOf(type, shard, members), 1, Integer::sum);
        }
        return counts;
    }

    public Stats stats() {
        return new Stats(type, held.size(), entities.get(), handoffs.get(), takeovers.get());
    }

    /** Calls entity {@code entityId} and waits up to {@link Options#callTimeout()} for its reply. */
    public <R> R call(String entityId, Object request) {
        return call(entityId, request, options.callTimeout());
    }

    /**
     * Calls entity {@code entityId} (starting it on its owner if it is not running) and waits up to {@code timeout}
     * for its reply. While its shard moves, the call waits for the new owner.
     *
     * @throws CallExitException    with {@code noconnection} when the owner left during the call (the entity may
     *                              or may not have handled it), or the entity's failure when it crashed handling it
     * @throws CallTimeoutException when no reply came within {@code timeout}
     */
    public <R> R call(String entityId, Object request, Duration timeout) {
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        Wire.ShardCall message = new Wire.ShardCall(type, entityId, request);
        String target = type + "/" + entityId;
        for (int attempt = 0; ; attempt++) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new CallTimeoutException(target, request, timeout);
            }
            Pid region = regionOf(shardOf(entityId));
            if (region != null) {
                Object answer;
                try {
                    answer = cluster.call(region, message, Duration.ofNanos(left));
                } catch (CallExitException e) {
                    if (!(e.reason() instanceof ExitReason.NoProcess)) {
                        throw new CallExitException(target, request, e.reason());
                    }
                    answer = null;   // that member's region has gone (it is closing): route again
                } catch (CallTimeoutException e) {
                    throw new CallTimeoutException(target, request, timeout);
                }
                if (answer instanceof Wire.ShardEntityFailed failed) {
                    throw new CallExitException(target, request, ExitReason.of(failed.reason()));
                }
                if (answer != null && !(answer instanceof Wire.ShardMoved)) {
                    @SuppressWarnings("unchecked")
                    R reply = (R) answer;
                    return reply;
                }
            }
            pause(attempt, left);
        }
    }

    /** Casts to entity {@code entityId}, on whichever member owns it; never fails (at most once). */
    public void cast(String entityId, Object request) {
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(request, "request");
        route(new Wire.ShardCast(type, entityId, request, 0));
    }

    /** Passes a cast to the region of its owner; dropped after a few hops between members that disagree. */
    void route(Wire.ShardCast cast) {
        if (cast.hops() > 5 || closed) {
            LOG.log(Level.DEBUG, () -> "dropped a cast to " + type + "/" + cast.entityId() + " after "
                    + cast.hops() + " hops");
            return;
        }
        Pid region = regionOf(shardOf(cast.entityId()));
        if (region != null) {
            cluster.cast(region, cast);
        }
    }

    /** Backs off before routing again: the shard is moving, or its owner's region is not known yet. */
    private static void pause(int attempt, long leftNanos) {
        long millis = Math.min(Math.min(50, 2L << Math.min(attempt, 5)), Math.max(1, leftNanos / 1_000_000));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("sharded call interrupted");
        }
    }

    /** The region process of the member that owns {@code shard} by this member's view; null if not known yet. */
    private Pid regionOf(int shard) {
        UUID member = ShardAllocation.ownerOf(type, shard, liveMembers());
        if (member == null) {
            return null;
        }
        if (member.equals(cluster.localMember())) {
            return regionPid;
        }
        return regionPids.get(member);
    }

    /**
     * The members the shards are spread over: those of Hazelcast's member list that run a region of this type,
     * by the keeper's last look. This member counts only under the uuid it started with: once Hazelcast merged it
     * back after a split (under a new uuid) it is out of the list under that uuid, and the others do not know its
     * new uuid as a region's.
     */
    private List<UUID> liveMembers() {
        Map<UUID, Pid> known = regionPids;
        UUID self = cluster.localMember();
        List<UUID> members = new ArrayList<>();
        for (Member m : cluster.hazelcast().getCluster().getMembers()) {
            if (m.getUuid().equals(self) || known.containsKey(m.getUuid())) {
                members.add(m.getUuid());
            } else {
                lookUpSoon(m.getUuid());
            }
        }
        return members;
    }

    /**
     * Asks the regions map for {@code member}'s region without waiting (at most every 200 ms per member), so that a
     * member that just started its region gets its shards at once, not at the keeper's next check.
     */
    private void lookUpSoon(UUID member) {
        long now = System.nanoTime();
        Long last = lookedUpAt.get(member);
        boolean due = last == null ? lookedUpAt.putIfAbsent(member, now) == null
                : now - last >= LOOKUP_AGAIN_NANOS && lookedUpAt.replace(member, last, now);
        if (!due) {
            return;
        }
        try {
            regions.getAsync(regionKey(member)).thenAccept(value -> {
                if (value != null) {
                    learnRegion(member, value);
                }
            });
        } catch (RuntimeException e) {   // Hazelcast is stopping
            LOG.log(Level.DEBUG, () -> "shards of '" + type + "': looking up the region of " + member + ": " + e);
        }
    }

    private synchronized void learnRegion(UUID member, String value) {
        if (!regionPids.containsKey(member) && cluster.isMember(member)) {
            Map<UUID, Pid> next = new HashMap<>(regionPids);
            next.put(member, parseRegion(value));
            regionPids = Map.copyOf(next);
            wake.release();   // the keeper hands over what the new member owns now
        }
    }

    private static Pid parseRegion(String value) {
        String[] parts = value.split(" ");
        return new Pid(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
    }

    /**
     * Looks up, in the regions map, the region of each listed member not known yet, and forgets the members that
     * left. Waits at most {@link #REGION_LOOKUP_WAIT} (a map operation waits while the member owning its key is
     * unreachable): a member not found now is looked up again at the next check.
     */
    private void lookUpRegions() {
        Map<UUID, Pid> known = regionPids;
        Map<UUID, Pid> next = new HashMap<>();
        Map<UUID, CompletableFuture<String>> asked = new HashMap<>();
        for (Member m : cluster.hazelcast().getCluster().getMembers()) {
            UUID member = m.getUuid();
            if (member.equals(cluster.localMember())) {
                continue;
            }
            Pid pid = known.get(member);
            if (pid != null) {
                next.put(member, pid);
            } else {
                asked.put(member, regions.getAsync(regionKey(member)).toCompletableFuture());
            }
        }
        long deadline = System.nanoTime() + REGION_LOOKUP_WAIT.toNanos();
        for (Map.Entry<UUID, CompletableFuture<String>> e : asked.entrySet()) {
            try {
                String value = e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (value != null) {
                    next.put(e.getKey(), parseRegion(value));
                }
            } catch (ExecutionException | TimeoutException ex) {
                LOG.log(Level.DEBUG, () -> "shards of '" + type + "': looking up the region of " + e.getKey()
                        + ": " + ex);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        synchronized (this) {   // keep what a caller's lookup learned meanwhile, of members still listed
            regionPids.forEach((member, pid) -> {
                if (asked.containsKey(member)) {
                    next.putIfAbsent(member, pid);
                }
            });
            regionPids = Map.copyOf(next);
        }
    }

    private String regionKey(UUID member) {
        return type + " " + member;
    }

    private String leaseName(int shard) {
        return "fauxtp.shard." + type + "." + shard;
    }

    // ----- what the region process asks -----

    /** Whether this member should own {@code shard} by its last look at the members. */
    boolean wants(int shard) {
        return desired.contains(shard);
    }

    /** Called by the region process when it starts running {@code shard} (the lease is held). */
    void shardActivated(int shard) {
        shardActivated.accept(shard);
    }

    /** Called by the region process when it killed entity {@code entityId} because this member lost its shard. */
    void entityKilled(String entityId) {
        entityKilled.accept(entityId);
    }

    /** Called by the region process when the entities of {@code shard} all stopped after a hand-off. */
    void handedOff(int shard) {
        handedOff.add(shard);
        wake.release();
    }

    /** Whether this member holds the lease of {@code shard} (by its keeper's last look). */
    boolean holds(int shard) {
        return held.containsKey(shard);
    }

    /**
     * Has the region process start, with the cast {@code request}, each of {@code entityIds} whose shard this
     * member runs and which has no process here; the others are left alone.
     */
    void startMissing(List<String> entityIds, Object request) {
        if (!entityIds.isEmpty() && !closed) {
            cluster.node().send(regionPid, new ShardRegionServer.StartMissing(List.copyOf(entityIds), request));
        }
    }

    void entityStarted() {
        entities.incrementAndGet();
    }

    void entityStopped() {
        entities.decrementAndGet();
    }

    UUID localMember() {
        return cluster.localMember();
    }

    FauxtpCluster cluster() {
        return cluster;
    }

    boolean checkFence(int shard, long token) {
        try {
            return leases.holds(leaseName(shard), owner, token, clock.millis());
        } catch (SQLException e) {
            LOG.log(Level.WARNING, () -> "fencing check of shard " + type + "." + shard + " failed: " + e.getMessage());
            return false;
        }
    }

    boolean runFenced(int shard, long token, FencedWork work) {
        try {
            return leases.fenced(leaseName(shard), owner, token, clock::millis, options.lease().toMillis(), work);
        } catch (SQLException e) {
            throw new IllegalStateException("fenced work of shard " + type + "." + shard + " failed: "
                    + e.getMessage(), e);
        }
    }

    // ----- the lease keeper: SQL and the member list only -----

    private static Duration renewalPeriod(Options options) {
        return Duration.ofMillis(Math.max(100, options.lease().toMillis() / 3));
    }

    private void keepLeases() {
        long period = renewalPeriod(options).toMillis();
        while (!closed) {
            long wait = period;
            try {
                wait = Math.max(1, Math.min(period, checkLeases()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, () -> "shards of '" + type + "': lease check failed, stopping the local "
                        + "entities of every shard held: " + e);
                for (Integer shard : List.copyOf(held.keySet())) {
                    lose(shard);
                }
            }
            try {
                settle.await(wake, TimeUnit.MILLISECONDS.toNanos(wait));
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    /**
     * One look at the members and the leases. A failed SQL statement costs only the shard it was about: a lease
     * whose renewal failed is kept until it runs out by this member's clock (never later than the database's
     * expiry of it), and a shard that could not be taken is tried again next time; so a row locked by a member
     * paused in a fenced transaction, or a slow statement, stops no entity of another shard. A shard whose row was
     * locked is tried again within {@link #lockedRetryMillis} rather than at the next renewal.
     *
     * <p>As a singleton does, it acts on a settled member list: it takes a shard whose holder left the list (its
     * lease not run out) only once the list has not changed for one heartbeat interval, and takes no lease at all
     * for one heartbeat interval after a pause (a gap of more than a heartbeat interval between two steps of the
     * keeper, see {@link SettleWatch}). A member resumed after the others dropped it cuts its list down one member at a
     * time; for a moment it sees itself and one other member, a quorum of three, and would otherwise take the
     * shards of the live member already gone from its list.
     *
     * @return how soon (in ms) to look again at the latest, when a shard is waiting for the list to settle or its
     *         row was locked
     */
    private long checkLeases() {
        if (!cluster.hazelcast().getLifecycleService().isRunning()) {   // this member left or crashed
            desired = Set.of();
            if (!held.isEmpty()) {
                LOG.log(Level.WARNING, () -> "shards of '" + type + "': Hazelcast stopped on this member, killing "
                        + "the entities of its " + held.size() + " shards");
                for (Map.Entry<Integer, Held> e : List.copyOf(held.entrySet())) {
                    lose(e.getKey());
                    releaseQuietly(e.getKey(), e.getValue().token());
                }
            }
            return Long.MAX_VALUE;
        }
        settle.step();
        lookUpRegions();
        settle.step();
        List<UUID> members = liveMembers();
        settle.observe(Set.copyOf(members));
        long unsettledFor = settle.unsettledForNanos();
        long next = Long.MAX_VALUE;
        boolean quorum = !cluster.splitOff() && cluster.hazelcast().getLifecycleService().isRunning()
                && members.size() >= options.quorum();
        Set<Integer> wanted = ConcurrentHashMap.newKeySet();
        if (quorum && !leaving) {
            for (int shard = 0; shard < options.shards(); shard++) {
                if (cluster.localMember().equals(ShardAllocation.ownerOf(type, shard, members))) {
                    wanted.add(shard);
                }
            }
        }
        desired = wanted;
        for (Integer shard; (shard = handedOff.poll()) != null; ) {
            Held h = held.remove(shard);
            handingOff.remove(shard);
            if (h != null) {
                releaseQuietly(shard, h.token());
                handoffs.incrementAndGet();
            }
        }
        for (Map.Entry<Integer, Held> e : List.copyOf(held.entrySet())) {
            int shard = e.getKey();
            Held h = e.getValue();
            long now = clock.millis();   // read again for every shard: a statement before may have waited
            if (!quorum || now >= h.untilMillis()) {
                LOG.log(Level.WARNING, () -> "shards of '" + type + "': " + (quorum ? "lease of shard " + shard
                        + " ran out unrenewed" : "quorum of " + options.quorum() + " lost") + ", killing its entities");
                lose(shard);
                if (!quorum) {
                    releaseQuietly(shard, h.token());
                }
                continue;
            }
            long until = now + options.lease().toMillis();
            boolean renewed;
            try {
                renewed = leases.renew(leaseName(shard), owner, h.token(), until);
                settle.step();
            } catch (SQLException ex) {
                settle.step();
                // Not a loss: the lease runs until h.untilMillis() (the database holds at least that), and only
                // its expiry or another member's token ends it. Tried again at the next check.
                LOG.log(Level.WARNING, () -> "shards of '" + type + "': renewing shard " + shard + " failed (its "
                        + "lease still runs " + (h.untilMillis() - now) + " ms): " + ex.getMessage());
                continue;
            }
            if (!renewed) {
                LOG.log(Level.WARNING, () -> "shards of '" + type + "': shard " + shard + " taken over by another "
                        + "member, killing its entities");
                lose(shard);
                continue;
            }
            held.put(shard, new Held(h.token(), until));
            if (!wanted.contains(shard) && handingOff.add(shard)) {
                cluster.node().send(regionPid, new ShardRegionServer.HandOff(shard));
            }
        }
        for (int shard : wanted) {
            if (held.containsKey(shard)) {
                continue;
            }
            settle.step();
            long pausedFor = settle.pausedForNanos();
            if (pausedFor > 0) {
                next = Math.min(next, SettleWatch.millisUntil(pausedFor));
                break;
            }
            try {
                next = Math.min(next, tryAcquire(shard, unsettledFor));
            } catch (SQLException ex) {   // not taken this time; the other shards are still looked at
                settle.step();
                LOG.log(Level.WARNING, () -> "shards of '" + type + "': taking shard " + shard + " failed: "
                        + ex.getMessage());
            }
        }
        cluster.node().send(regionPid, ShardRegionServer.Tick.TICK);
        return next;
    }

    /**
     * Takes the lease of {@code shard} if it is free (unowned, run out, or its holder left the member list, which
     * has not changed for {@code unsettledFor} ns more) and not locked now.
     *
     * @return how soon (in ms) to try again because the member list was not settled, a pause was noticed or the
     *         row was locked ({@link #lockedRetryMillis}), or {@link Long#MAX_VALUE}
     */
    private long tryAcquire(int shard, long unsettledFor) throws SQLException {
        String name = leaseName(shard);
        LeaseTable.Lease lease = leases.read(name).orElseThrow();
        settle.step();
        long pausedFor = settle.pausedForNanos();
        if (pausedFor > 0) {
            return SettleWatch.millisUntil(pausedFor);
        }
        long now = clock.millis();
        long until = now + options.lease().toMillis();
        boolean expired = lease.owner().isEmpty() || lease.leaseUntilMillis() <= now;
        UUID holder = expired ? null : UUID.fromString(lease.owner());
        // Gone: missing from the settled list of this look and from Hazelcast's list now (a member whose region
        // this member has not looked up yet is not in the first, and still runs its shards).
        boolean gone = holder != null && !settle.view().contains(holder) && !cluster.isMember(holder);
        if (gone && unsettledFor > 0) {
            return SettleWatch.millisUntil(unsettledFor);
        }
        // The holder is judged gone by the settled list of this look (the one that gave the quorum), and only
        // while the live list is still that one: a member resumed after the others dropped it sees the whole
        // cluster for a moment, and then, in one step, itself alone. Its live list read here, after that step,
        // lacks every holder, while its settled list still showed a quorum.
        if (gone && !Set.copyOf(liveMembers()).equals(settle.view())) {
            return SettleWatch.millisUntil(settle.settle().toNanos());
        }
        if (!expired && !gone) {
            settle.step();
            return Long.MAX_VALUE;
        }
        LeaseTable.Acquisition acquisition = leases.acquire(name, owner, lease.token(), until);
        settle.step();
        switch (acquisition) {
            case TAKEN -> {
                long token = lease.token() + 1;
                held.put(shard, new Held(token, until));
                if (!lease.owner().isEmpty() && !lease.owner().equals(owner)) {
                    takeovers.incrementAndGet();
                }
                cluster.node().send(regionPid, new ShardRegionServer.Acquired(shard, token));
            }
            case LOCKED -> {
                // Fenced work of the holder has the row locked, and the lease is free once the lock goes: the
                // server ends a paused holder's transaction at any moment. Waiting for the next renewal would add
                // up to a renewal period to the shard's outage, so look again soon.
                lockedAttempts.incrementAndGet();
                LOG.log(Level.DEBUG, () -> "shards of '" + type + "': the lease row of shard " + shard
                        + " is locked (fenced work of " + lease.owner() + "), trying again in "
                        + lockedRetryMillis(options) + " ms");
                return lockedRetryMillis(options);
            }
            case LOST -> {   // another member took it since the read: its renewals keep it
            }
        }
        return Long.MAX_VALUE;
    }

    /**
     * How soon a member tries again to take a lease whose row it found locked: a quarter of the renewal period, at
     * most a second. Each try waits for the lock only briefly ({@link LeaseTable}), so the tries leave the keeper
     * free for the other shards most of the time.
     */
    static long lockedRetryMillis(Options options) {
        return Math.max(10, Math.min(1_000, renewalPeriod(options).toMillis() / 4));
    }

    /** How many times this member found a shard's lease row locked when it tried to take it. */
    long lockedAttempts() {
        return lockedAttempts.get();
    }

    private void releaseQuietly(int shard, long token) {
        try {
            leases.release(leaseName(shard), owner, token);
        } catch (SQLException e) {   // it runs out on its own
            LOG.log(Level.DEBUG, () -> "releasing shard " + shard + " of '" + type + "': " + e.getMessage());
        }
        settle.step();
    }

    /** How many times this member lost a lease it held (taken over, run out, quorum or Hazelcast gone). */
    long losses() {
        return losses.get();
    }

    /** Forgets {@code shard}'s lease and has the region kill its entities at once. */
    private void lose(int shard) {
        losses.incrementAndGet();
        held.remove(shard);
        handingOff.remove(shard);
        cluster.node().send(regionPid, new ShardRegionServer.Lost(shard));
    }

    /**
     * Leaves: hands every shard this member holds over (its entities stop in order, their {@code terminate} gets
     * the state), gives the leases back, and stops the region process. Waits for all of it.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        leaving = true;
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        while (!held.isEmpty() && keeper.isAlive() && System.nanoTime() < deadline) {
            wake.release();
            try {
                Thread.sleep(20);   // the keeper hands the shards off on its own thread; look again shortly
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closed = true;
        wake.release();
        try {
            keeper.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            regions.remove(regionKey(cluster.localMember()));
            cluster.hazelcast().getCluster().removeMembershipListener(membershipRegistration);
        } catch (RuntimeException e) {   // Hazelcast is gone already
            LOG.log(Level.DEBUG, () -> "closing the region of '" + type + "': " + e);
        }
        if (cluster.node().isAlive(regionPid)) {
            try {
                GenServer.stop(regionPid, ExitReason.shutdown("region closed"), CLOSE_WAIT);
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, () -> "stopping the region process of '" + type + "': " + e);
            }
        }
        for (Map.Entry<Integer, Held> e : held.entrySet()) {
            try {
                leases.release(leaseName(e.getKey()), owner, e.getValue().token());
            } catch (SQLException ex) {
                LOG.log(Level.DEBUG, () -> "releasing shard " + e.getKey() + " of '" + type + "': " + ex);
            }
        }
        held.clear();
    }
}
