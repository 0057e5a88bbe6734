package io.fauxtp.cluster.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.spi.properties.HazelcastProperties;
import io.fauxtp.cluster.hazelcast.internal.CopyProcesses;
import io.fauxtp.cluster.hazelcast.internal.LeaseTable;
import io.fauxtp.cluster.hazelcast.internal.SettleWatch;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.NameTakenException;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * A supervision tree that runs on exactly one member of the cluster at a time, and on another one when that
 * member dies or loses its lease.
 *
 * <p>Safety does not rest on Hazelcast (whose membership is AP and whose CP locks are not in the Community
 * edition) but on a row in the SQL database shared by the members: a member runs the tree only while
 * <ul>
 *   <li>it sees a quorum, at least {@code expectedMembers / 2 + 1} members (a minority side of a partition stops
 *       its copy), and</li>
 *   <li>it holds the lease row: it took it with a conditional {@code UPDATE ... SET token = token + 1} and renews
 *       it every third of the lease with {@code UPDATE ... WHERE owner = me AND token = mine}.</li>
 * </ul>
 * The token is a fencing token: another member takes the row over when the lease expired or its owner left
 * the cluster, which raises the token, so a paused or partitioned former holder fails its next renewal and
 * stops its copy. Work that must never be done twice checks {@link #checkFence(long)} (or carries the token
 * into its own SQL writes): at any moment only one (member, token) pair passes it.
 *
 * <p>Stopping a copy: a member whose lease is gone (taken over, not renewed before it ran out by this member's
 * own clock, or given up for lack of quorum) kills its copy at once, with an exit signal no process can trap sent
 * to every process of it (the root and every local process linked to it, directly or through the copy), and
 * takes no lease again until every one of them has exited ({@link Status#lingering()}). This happens at the
 * latest when its lease runs out by its own clock, or right after it resumes from a pause longer than the lease;
 * a renewal statement that fails (a lost connection, a statement timeout) does not end the lease, which is kept
 * until it runs out by this member's clock (never later than its expiry in the table) and renewed again meanwhile;
 * a member that loses the lease to a member that saw it leave the cluster finds out at its next renewal, at most
 * a third of the lease later. Only {@link #close()} (the application stopping) stops the copy in order.
 *
 * <p>A member acts only on a settled view of the cluster. It takes over a lease whose term has not run out (its
 * owner left this member's member list) only when that list has not changed for the settle period, one Hazelcast
 * heartbeat interval ({@code hazelcast.heartbeat.interval.seconds}); and after a pause (a gap of more than the
 * settle period between two steps of its lease loop: a long GC, {@code SIGSTOP}) it takes no lease at all for the
 * settle period (the rule of {@link SettleWatch}, shared with {@link ShardRegion}). A
 * member that resumes after the others dropped it cuts its member list down one member at a time; without the
 * rule it saw a quorum (itself and one other) with the lease's owner already gone from the list, and took the
 * lease from the live successor.
 *
 * <p>A member that was split off (paused or cut off until the others dropped it) is alone, so without quorum
 * (with {@code expectedMembers} of 2 or more) it takes no lease; when Hazelcast merges it back it gets a new
 * member uuid, and it then counts as having no quorum for good ({@link FauxtpCluster#splitOff()}): restart it.
 *
 * <p>Two platform threads: the lease thread only talks to the database (with a statement timeout) and reads the
 * member list, so nothing user-written (the tree's start, a global-name operation, a status listener) can hold up
 * the renewal; the copy thread starts and kills the copy and calls the listeners. Neither is a virtual thread, so
 * processes (virtual threads) computing on every carrier cannot keep them from running.
 *
 * <p>Clocks of the members must agree to well within the lease duration.
 */
public final class ClusterSingleton implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.fauxtp.cluster.singleton");
    /** How long {@link #close()} lets the copy stop in order before killing what is left. */
    private static final Duration STOP_IN_ORDER = Duration.ofSeconds(20);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    /**
     * How a singleton is kept.
     *
     * @param lease           how long a lease lasts without renewal (renewed every third of it)
     * @param expectedMembers the configured cluster size: a member acts only when it sees a majority of it
     * @param table           the SQL table of leases
     */
    public record Options(Duration lease, int expectedMembers, String table) {
        public static final String DEFAULT_TABLE = "fauxtp_singleton";

        public Options {
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(table, "table");
            if (lease.toMillis() < 300) {
                throw new IllegalArgumentException("singleton lease must be at least 300ms, got " + lease);
            }
            if (expectedMembers < 1) {
                throw new IllegalArgumentException("expectedMembers must be at least 1, got " + expectedMembers);
            }
        }

        /** A 10 s lease, quorum of one member, table {@value #DEFAULT_TABLE}. */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(10), 1, DEFAULT_TABLE);
        }

        public Options withLease(Duration d) {
            return new Options(d, expectedMembers, table);
        }

        public Options withExpectedMembers(int n) {
            return new Options(lease, n, table);
        }

        /** The smallest number of members that may run a singleton. */
        public int quorum() {
            return expectedMembers / 2 + 1;
        }
    }

    /**
     * What this member knows of the singleton.
     *
     * @param active    whether this member runs (or is starting) the tree now
     * @param token     the fencing token this member holds (0 when not active); set before the tree starts, so
     *                  the tree's own processes can read it during their start
     * @param tree      the tree's supervisor on this member, when active
     * @param quorum    whether this member saw a quorum at its last check
     * @param checkedAt when this member last checked quorum and lease
     * @param lingering processes of a stopped copy that have not exited yet (empty once it is gone; while not,
     *                  this member takes no lease)
     */
    public record Status(String name, boolean active, long token, Optional<Pid> tree, boolean quorum, Instant checkedAt,
                         Set<Pid> lingering) {
        public Status {
            lingering = Set.copyOf(lingering);
        }
    }

    private final FauxtpCluster cluster;
    private final String name;
    private final TreeStart startTree;
    private final Options options;
    private final LeaseTable leases;
    private final Clock clock;
    private final String owner;
    /** The settle rule: the member list must stay unchanged (and this member unpaused) before it takes a lease. */
    private final SettleWatch settle;
    /** Wakes the lease loop (a member left). */
    private final Semaphore wakeLease = new Semaphore(0);
    /** Wakes the copy loop (the lease was taken, lost or given up). */
    private final Semaphore wakeCopy = new Semaphore(0);
    private final AutoCloseable memberRemoved;
    private final Thread leaseLoop;
    private final Thread copyLoop;
    /** The lease this member holds (null when none); written by the lease loop, read by the copy loop. */
    private final AtomicReference<Held> held = new AtomicReference<>();
    private final AtomicLong lockedAttempts = new AtomicLong();
    /** Whether the last copy of this member is gone (every process exited): only then may it take the lease. */
    private volatile boolean copyGone = true;
    private volatile boolean quorum;
    private volatile boolean closed;
    private volatile Status status;
    private final List<Consumer<Status>> listeners =
            new CopyOnWriteArrayList<>();

    /** A lease this member holds: its token, and until when (by this member's clock) it lasts unrenewed. */
    private record Held(long token, long untilMillis) {}

    /** The copy running on this member: its token, its root, and its processes when last looked at. */
    private record Copy(long token, Pid root, Set<Pid> processes) {}

    /**
     * Starts the tree on the member that just took the lease: it receives the singleton and the fencing token
     * this member holds, for work fenced with {@link ClusterSingleton#runFenced(long, FencedWork)}.
     */
    @FunctionalInterface
    public interface TreeStart {
        /** Starts the tree on {@code node} and returns the top supervisor's pid. */
        Pid start(Node node, ClusterSingleton singleton, long token);
    }

    private ClusterSingleton(FauxtpCluster cluster, DataSource dataSource, String name, TreeStart startTree,
                             Options options, Clock clock) throws SQLException {
        this.cluster = cluster;
        this.name = name;
        this.startTree = startTree;
        this.options = options;
        this.clock = clock;
        this.leases = new LeaseTable(dataSource, options.table(), renewalPeriod(options));
        this.owner = cluster.localMember().toString();
        Duration settlePeriod = settlePeriod(cluster.hazelcast());
        this.settle = new SettleWatch(settlePeriod, gap -> LOG.log(Level.INFO, () -> "singleton '" + name
                + "': the lease loop was held up " + gap + " ms (a pause?); this member takes no lease for "
                + settlePeriod.toMillis() + " ms"));
        this.status = new Status(name, false, 0, Optional.empty(), false, clock.instant(), Set.of());
        leases.ensure(name);
        this.memberRemoved = cluster.onMemberRemoved(member -> wakeLease.release());
        // Platform threads: processes are virtual threads, and processes that compute without blocking keep every
        // carrier busy; a lease loop on a virtual thread would then not run until one of them blocks, and its lease
        // would run out unrenewed (LeaseRenewalUnderLoadTest). The copy loop kills a copy whose lease is gone.
        this.copyLoop = Thread.ofPlatform().daemon().name("fauxtp-singleton-copy-" + name).start(this::runCopies);
        this.leaseLoop = Thread.ofPlatform().daemon().name("fauxtp-singleton-lease-" + name).start(this::runLease);
    }

    private static Duration renewalPeriod(Options options) {
        return Duration.ofMillis(Math.max(100, options.lease().toMillis() / 3));
    }

    /**
     * How soon the lease loop tries again to take a lease whose row it found locked: a quarter of the renewal
     * period, at most a second, as a shard keeper does.
     */
    static long lockedRetryMillis(Options options) {
        return Math.max(10, Math.min(1_000, renewalPeriod(options).toMillis() / 4));
    }

    /** How many times this member found the lease row locked when it tried to take the lease. */
    long lockedAttempts() {
        return lockedAttempts.get();
    }

    /** One heartbeat interval of the member: the member lists of a pause or a partition settle within it. */
    static Duration settlePeriod(HazelcastInstance hazelcast) {
        try {
            return Duration.ofMillis(new HazelcastProperties(hazelcast.getConfig())
                    .getMillis(ClusterProperty.HEARTBEAT_INTERVAL_SECONDS));
        } catch (RuntimeException e) {   // a config that cannot be read: Hazelcast's default
            return Duration.ofSeconds(5);
        }
    }

    /**
     * Competes for the singleton {@code name} on this member: whenever this member holds the lease,
     * {@code startTree} starts the tree on its node and returns the top supervisor's pid.
     *
     * @throws IllegalStateException when the lease table cannot be created or read
     */
    public static ClusterSingleton start(FauxtpCluster cluster, DataSource dataSource, String name,
                                         Function<Node, Pid> startTree, Options options) {
        return start(cluster, dataSource, name, startTree, options, Clock.systemUTC());
    }

    /** As {@link #start(FauxtpCluster, DataSource, String, Function, Options)} with a clock for leases. */
    public static ClusterSingleton start(FauxtpCluster cluster, DataSource dataSource, String name,
                                         Function<Node, Pid> startTree, Options options, Clock clock) {
        Objects.requireNonNull(startTree, "startTree");
        return startFenced(cluster, dataSource, name, (node, singleton, token) -> startTree.apply(node), options, clock);
    }

    /**
     * As {@link #start(FauxtpCluster, DataSource, String, Function, Options)}, but the tree learns the fencing
     * token it runs under (to fence its own SQL writes from its first one on).
     */
    public static ClusterSingleton startFenced(FauxtpCluster cluster, DataSource dataSource, String name,
                                               TreeStart startTree, Options options) {
        return startFenced(cluster, dataSource, name, startTree, options, Clock.systemUTC());
    }

    /** As {@link #startFenced(FauxtpCluster, DataSource, String, TreeStart, Options)} with a clock for leases. */
    public static ClusterSingleton startFenced(FauxtpCluster cluster, DataSource dataSource, String name,
                                               TreeStart startTree, Options options, Clock clock) {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(startTree, "startTree");
        Objects.requireNonNull(options, "options");
        try {
            return new ClusterSingleton(cluster, dataSource, name, startTree, options, clock);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the lease of singleton '" + name + "' in table "
                    + options.table() + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public Status status() {
        return status;
    }

    /** The member that holds the lease now, according to the database (empty when unowned or expired). */
    public Optional<UUID> owner() {
        try {
            return leases.read(name)
                    .filter(l -> !l.owner().isEmpty() && l.leaseUntilMillis() > clock.millis())
                    .map(l -> UUID.fromString(l.owner()));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the lease of singleton '" + name + "': " + e.getMessage(), e);
        }
    }

    /**
     * The fencing check: whether this member still holds the lease with {@code token}. False as soon as another
     * member took the singleton over, even if this member's copy has not been stopped yet.
     */
    public boolean checkFence(long token) {
        try {
            return leases.holds(name, owner, token, clock.millis());
        } catch (SQLException e) {
            LOG.log(Level.WARNING, () -> "fencing check of singleton '" + name + "' failed: " + e.getMessage());
            return false;
        }
    }

    /**
     * Runs SQL {@code work} in one transaction that commits only if this member still holds {@code token}: the
     * transaction ends by re-checking the lease row and locking it until the commit, so a member taking the
     * singleton over waits for it and no write of a former holder commits after a takeover. The lock is taken
     * after the work, so a holder paused during its work does not hold up the takeover. Use it (with the application's tables in the same database) for writes that must
     * never be done by two copies.
     *
     * @return whether the fence held and the work was committed; false when another member holds the lease
     * @throws IllegalStateException when the database fails (the work was rolled back)
     */
    public boolean runFenced(long token, FencedWork work) {
        Objects.requireNonNull(work, "work");
        try {
            return leases.fenced(name, owner, token, clock::millis, options.lease().toMillis(), work);
        } catch (SQLException e) {
            throw new IllegalStateException("fenced work of singleton '" + name + "' failed: " + e.getMessage(), e);
        }
    }

    /**
     * Calls {@code listener} (on the singleton's own thread; keep it quick) whenever this member starts or stops
     * its copy; closing the handle removes it.
     */
    public AutoCloseable subscribe(Consumer<Status> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Registers {@code pid}, a live process of this member's copy, as the cluster-wide {@code name}, fenced by
     * {@code token}: it takes the name over from a former copy of this singleton (registered with a lower token),
     * even while that copy's member is still in the cluster (paused, or not yet found dead), and from a departed
     * member. The name goes when {@code pid} exits; a former copy exiting later does not remove it.
     *
     * @throws NameTakenException       when a process that is not a copy of this singleton, or a copy holding a
     *                                  higher token, has the name
     * @throws IllegalStateException    when {@code token} no longer passes the fencing check (another member
     *                                  took the singleton over)
     * @throws IllegalArgumentException when {@code pid} is not a live process of this member
     */
    public void registerName(String name, Pid pid, long token) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pid, "pid");
        if (!checkFence(token)) {
            throw new IllegalStateException("singleton '" + this.name + "': token " + token + " no longer holds the "
                    + "lease, so its copy may not take the name '" + name + "'");
        }
        cluster.registerFenced(name, pid, this.name, token);
    }

    private void publish(Status next) {
        Status previous = status;
        status = next;
        if (previous.active() != next.active() || previous.token() != next.token()) {
            for (Consumer<Status> listener : listeners) {
                try {
                    listener.accept(next);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, () -> "singleton '" + name + "': a status listener failed: " + e);
                }
            }
        }
    }

    // ----- the lease loop: SQL and quorum only, nothing user-written -----

    private void runLease() {
        long period = renewalPeriod(options).toMillis();
        while (!closed) {
            long wait = period;
            try {
                wait = Math.max(1, Math.min(period, checkLease()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, () -> "singleton '" + name + "': lease check failed, stopping any local copy: "
                        + e);
                drop(true);
            }
            try {
                settle.await(wakeLease, TimeUnit.MILLISECONDS.toNanos(wait));
            } catch (InterruptedException e) {
                break;
            }
        }
        wakeCopy.release();
    }

    /**
     * Checks quorum and lease once; returns how soon (in ms) to check again at the latest.
     *
     * <p>A failed statement is not a lost lease: a lease whose renewal failed is kept until it runs out by this
     * member's clock (never later than its expiry in the table, which the last successful renewal wrote), and only
     * its expiry, another member's token or a lost quorum ends it; an acquisition that failed is tried again at the
     * next check. So a renewal statement failing for a moment (a dropped connection, a slow or restarting database)
     * does not stop a healthy copy, and a member paused longer than its lease still stops its copy when it resumes.
     */
    private long checkLease() {
        settle.step();
        long period = renewalPeriod(options).toMillis();
        Set<UUID> viewNow = memberView();
        settle.observe(viewNow);
        boolean quorumNow = hasQuorum(viewNow);
        quorum = quorumNow;
        Held h = held.get();
        if (h != null) {
            long now = clock.millis();
            if (!quorumNow) {
                LOG.log(Level.WARNING, () -> "singleton '" + name + "': quorum of " + options.quorum()
                        + " lost, killing the local copy");
                drop(true);
                return period;
            }
            if (now >= h.untilMillis()) {
                LOG.log(Level.WARNING, () -> "singleton '" + name + "': lease " + h.token() + " ran out unrenewed,"
                        + " killing the local copy");
                drop(false);
                return period;
            }
            long until = now + options.lease().toMillis();
            boolean renewed;
            try {
                renewed = leases.renew(name, owner, h.token(), until);
                settle.step();
            } catch (SQLException e) {
                settle.step();
                LOG.log(Level.WARNING, () -> "singleton '" + name + "': renewing lease " + h.token() + " failed (it"
                        + " still runs " + (h.untilMillis() - now) + " ms): " + e.getMessage());
                wakeCopy.release();
                return Math.max(1, Math.min(period, h.untilMillis() - clock.millis()));
            }
            if (!renewed) {
                LOG.log(Level.WARNING, () -> "singleton '" + name + "': lease " + h.token()
                        + " taken over by another member, killing the local copy");
                drop(false);
            } else if (!held.compareAndSet(h, new Held(h.token(), until))) {
                return period;   // dropped meanwhile by the copy loop (its start failed)
            }
            wakeCopy.release();
            return period;
        }
        long pausedFor = settle.pausedForNanos();
        if (!quorumNow || !copyGone || pausedFor > 0) {
            wakeCopy.release();   // the copy loop publishes the quorum, and kills what is left of a copy
            return pausedFor > 0 ? SettleWatch.millisUntil(pausedFor) : period;
        }
        try {
            return tryAcquire(viewNow, period);
        } catch (SQLException e) {   // not taken this time: tried again at the next check
            settle.step();
            LOG.log(Level.WARNING, () -> "singleton '" + name + "': taking the lease failed: " + e.getMessage());
            return period;
        } finally {
            wakeCopy.release();
        }
    }

    /**
     * Takes the lease if it is free (unowned, run out, or its holder left the member list, which has settled) and
     * not locked now; returns how soon (in ms) to look again.
     */
    private long tryAcquire(Set<UUID> viewNow, long period) throws SQLException {
        LeaseTable.Lease lease = leases.read(name).orElseThrow();
        settle.step();
        long pausedFor = settle.pausedForNanos();
        if (pausedFor > 0) {   // the read waited that long: the member list may be stale
            return SettleWatch.millisUntil(pausedFor);
        }
        long now = clock.millis();
        long until = now + options.lease().toMillis();
        boolean expired = lease.owner().isEmpty() || lease.leaseUntilMillis() <= now;
        boolean ownerLeft = !expired && !viewNow.contains(UUID.fromString(lease.owner()));
        long unsettledFor = settle.unsettledForNanos();
        if (ownerLeft && unsettledFor > 0) {   // the member list may still be being cut down: look again
            return SettleWatch.millisUntil(unsettledFor);
        }
        if (!expired && !ownerLeft) {
            settle.step();
            return period;
        }
        LeaseTable.Acquisition acquisition = leases.acquire(name, owner, lease.token(), until);
        if (acquisition == LeaseTable.Acquisition.LOCKED) {
            // Fenced work of the holder has the row locked, and the lease is free once the lock goes (the server
            // ends a paused holder's transaction at any moment): look again soon, not a renewal period later.
            settle.step();
            lockedAttempts.incrementAndGet();
            LOG.log(Level.DEBUG, () -> "singleton '" + name + "': the lease row is locked (fenced work of "
                    + lease.owner() + "), trying again in " + lockedRetryMillis(options) + " ms");
            return lockedRetryMillis(options);
        }
        if (acquisition == LeaseTable.Acquisition.TAKEN) {
            long token = lease.token() + 1;
            String why = expired ? "it was free" : "its owner " + lease.owner() + " left the member list, now "
                    + viewNow.stream().map(UUID::toString).collect(Collectors.joining(", "));
            LOG.log(Level.INFO, () -> "singleton '" + name + "': this member took the lease with token " + token
                    + " (" + why + ")");
            held.set(new Held(token, until));
        }
        settle.step();
        return period;
    }

    /** Forgets the lease this member held (giving it back when {@code release}) and wakes the copy loop. */
    private void drop(boolean release) {
        Held h = held.getAndSet(null);
        if (h != null && release) {
            releaseLease(h.token());
        }
        wakeCopy.release();
    }

    /** The uuids of the members in this member's list (empty when Hazelcast is not running). */
    private Set<UUID> memberView() {
        try {
            if (!cluster.hazelcast().getLifecycleService().isRunning()) {
                return Set.of();
            }
            return cluster.hazelcast().getCluster().getMembers().stream().map(Member::getUuid)
                    .collect(Collectors.toUnmodifiableSet());
        } catch (RuntimeException e) {   // Hazelcast is shutting down
            return Set.of();
        }
    }

    /** Quorum is counted against the configured cluster size, never against the member list's current size. */
    private boolean hasQuorum(Set<UUID> members) {
        return !cluster.splitOff() && members.size() >= options.quorum();
    }

    private void releaseLease(long token) {
        try {
            leases.release(name, owner, token);
        } catch (SQLException e) {
            LOG.log(Level.DEBUG, () -> "singleton '" + name + "': could not release the lease: " + e.getMessage());
        }
    }

    // ----- the copy loop: starts and ends the local copy -----

    /**
     * Runs the local copy exactly while this member holds an unexpired lease. A copy whose lease is gone (taken
     * over, expired by this member's own clock, or given up for lack of quorum) is killed at once, every process
     * of it: another member may already run the tree. Only {@link #close()} stops a copy in order.
     */
    private void runCopies() {
        Copy copy = null;
        Set<Pid> lingering = Set.of();
        while (true) {
            Held h = closed ? null : held.get();
            long now = clock.millis();
            boolean wanted = h != null && now < h.untilMillis();
            if (copy != null) {
                Set<Pid> seen = CopyProcesses.of(cluster.node(), copy.root());
                boolean rootAlive = !seen.isEmpty();
                Set<Pid> known = new LinkedHashSet<>(copy.processes());
                known.addAll(seen);
                if (!wanted || h.token() != copy.token() || !rootAlive) {
                    Copy ending = copy;
                    String why = closed ? "closed" : h == null ? "lease lost" : h.token() != ending.token()
                            ? "token changed" : !wanted ? "lease expired" : "tree exited";
                    lingering = closed && rootAlive
                            ? CopyProcesses.stopInOrder(cluster.node(), ending.root(), STOP_IN_ORDER,
                                    ExitReason.shutdown("singleton closed"))
                            : CopyProcesses.kill(cluster.node(), known, 3);
                    copy = null;
                    logStopped(ending, why, lingering);
                } else {
                    copy = new Copy(copy.token(), copy.root(), known);
                }
            } else if (!lingering.isEmpty()) {
                lingering = CopyProcesses.kill(cluster.node(), lingering, 3);
            }
            copyGone = copy == null && lingering.isEmpty();
            if (closed) {
                if (h != null || status.active()) {
                    Held last = held.getAndSet(null);
                    if (last != null) {
                        releaseLease(last.token());
                    }
                }
                publish(new Status(name, false, 0, Optional.empty(), quorum, clock.instant(), lingering));
                return;
            }
            if (copy == null && wanted && copyGone) {
                copy = startCopy(h.token());
            }
            publish(copy == null
                    ? new Status(name, false, 0, Optional.empty(), quorum, clock.instant(), lingering)
                    : new Status(name, true, copy.token(), Optional.of(copy.root()), quorum, clock.instant(), Set.of()));
            try {
                Held next = held.get();
                long wait = renewalPeriod(options).toMillis();
                if (copy != null && next != null) {   // wake when the lease runs out unrenewed, at the latest
                    wait = Math.max(1, Math.min(wait, next.untilMillis() - clock.millis()));
                }
                wakeCopy.tryAcquire(wait, TimeUnit.MILLISECONDS);
                wakeCopy.drainPermits();
            } catch (InterruptedException e) {
                closed = true;
            }
        }
    }

    private Copy startCopy(long token) {
        // The tree learns its token from status() during its start already.
        publish(new Status(name, true, token, Optional.empty(), true, clock.instant(), Set.of()));
        Pid root;
        try {
            root = startTree.start(cluster.node(), this, token);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, () -> "singleton '" + name + "': the tree failed to start: " + e);
            Held h = held.get();
            if (h != null && h.token() == token && held.compareAndSet(h, null)) {
                releaseLease(token);
            }
            return null;
        }
        return new Copy(token, root, CopyProcesses.of(cluster.node(), root));
    }

    private void logStopped(Copy copy, String why, Set<Pid> lingering) {
        if (lingering.isEmpty()) {
            LOG.log(Level.INFO, () -> "singleton '" + name + "': copy with token " + copy.token() + " stopped ("
                    + why + "); all its processes exited");
        } else {
            LOG.log(Level.ERROR, () -> "singleton '" + name + "': copy with token " + copy.token() + " stopped ("
                    + why + "), but " + lingering.size() + " of its processes are still alive: "
                    + CopyProcesses.describe(lingering) + "; this member takes no lease until they are gone");
        }
    }

    /**
     * Stops the local copy (if any) in order, then gives the lease up, so another member takes over at once.
     * Waits for both.
     */
    @Override
    public void close() {
        closed = true;
        wakeLease.release();
        wakeCopy.release();
        try {
            memberRemoved.close();
            leaseLoop.join(CLOSE_WAIT.toMillis());
            copyLoop.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, () -> "closing singleton '" + name + "': " + e);
        }
    }
}
