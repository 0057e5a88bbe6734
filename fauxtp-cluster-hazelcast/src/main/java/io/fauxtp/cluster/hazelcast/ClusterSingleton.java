package io.fauxtp.cluster.hazelcast;

import io.fauxtp.cluster.hazelcast.internal.LeaseTable;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
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
 * <p>Clocks of the members must agree to well within the lease duration.
 */
public final class ClusterSingleton implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.fauxtp.cluster.singleton");

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
     * @param active    whether this member runs the tree now
     * @param token     the fencing token this member holds (0 when not active)
     * @param tree      the tree's supervisor on this member, when active
     * @param quorum    whether this member saw a quorum at its last check
     * @param checkedAt when this member last checked quorum and lease
     */
    public record Status(String name, boolean active, long token, Optional<Pid> tree, boolean quorum, Instant checkedAt) {}

    private final FauxtpCluster cluster;
    private final String name;
    private final TreeStart startTree;
    private final Options options;
    private final LeaseTable leases;
    private final Clock clock;
    private final String owner;
    private final Semaphore wake = new Semaphore(0);
    private final AutoCloseable memberRemoved;
    private final Thread loop;
    private volatile boolean closed;
    private volatile Status status;
    private final List<Consumer<Status>> listeners =
            new CopyOnWriteArrayList<>();

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
        this.leases = new LeaseTable(dataSource, options.table());
        this.owner = cluster.localMember().toString();
        this.status = new Status(name, false, 0, Optional.empty(), false, clock.instant());
        leases.ensure(name);
        this.memberRemoved = cluster.onMemberRemoved(member -> wake.release());
        this.loop = Thread.ofVirtual().name("fauxtp-singleton-" + name).start(this::run);
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

    private void run() {
        long period = Math.max(100, options.lease().toMillis() / 3);
        while (!closed) {
            try {
                check();
            } catch (RuntimeException | SQLException e) {
                LOG.log(Level.WARNING, () -> "singleton '" + name + "': check failed, stopping any local copy: " + e);
                stopTree("check failed");
            }
            try {
                wake.tryAcquire(period, TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                break;
            }
        }
        stopTree("closed");
    }

    private void check() throws SQLException {
        boolean quorum = hasQuorum();
        Status s = status;
        long now = clock.millis();
        long until = now + options.lease().toMillis();
        if (s.active()) {
            if (!quorum) {
                LOG.log(Level.WARNING, () -> "singleton '" + name + "': quorum of " + options.quorum()
                        + " lost, stopping the local copy");
                stopTree("no quorum");
            } else if (!leases.renew(name, owner, s.token(), until)) {
                LOG.log(Level.WARNING, () -> "singleton '" + name + "': lease " + s.token()
                        + " taken over by another member, stopping the local copy");
                stopTree("lease lost");
            } else if (s.tree().isEmpty() || !cluster.node().isAlive(s.tree().get())) {
                startCopy(s.token());   // the tree gave up: start it again while holding the lease
            } else {
                publish(new Status(name, true, s.token(), s.tree(), true, clock.instant()));
            }
            return;
        }
        publish(new Status(name, false, 0, Optional.empty(), quorum, clock.instant()));
        if (!quorum) {
            return;
        }
        LeaseTable.Lease lease = leases.read(name).orElseThrow();
        boolean free = lease.owner().isEmpty() || lease.leaseUntilMillis() <= now
                || !cluster.isMember(UUID.fromString(lease.owner()));
        if (free && leases.acquire(name, owner, lease.token(), until)) {
            long token = lease.token() + 1;
            LOG.log(Level.INFO, () -> "singleton '" + name + "': this member took the lease with token " + token);
            startCopy(token);
        }
    }

    private void startCopy(long token) {
        Pid tree;
        try {
            tree = startTree.start(cluster.node(), this, token);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, () -> "singleton '" + name + "': the tree failed to start: " + e);
            releaseLease(token);
            publish(new Status(name, false, 0, Optional.empty(), true, clock.instant()));
            return;
        }
        publish(new Status(name, true, token, Optional.of(tree), true, clock.instant()));
    }

    private boolean hasQuorum() {
        try {
            return cluster.hazelcast().getLifecycleService().isRunning()
                    && cluster.hazelcast().getCluster().getMembers().size() >= options.quorum();
        } catch (RuntimeException e) {   // Hazelcast is shutting down
            return false;
        }
    }

    private synchronized void stopTree(String why) {
        Status s = status;
        if (!s.active()) {
            return;
        }
        s.tree().ifPresent(pid -> cluster.node().exit(pid, ExitReason.shutdown("singleton " + why)));
        if (!"lease lost".equals(why)) {
            releaseLease(s.token());
        }
        publish(new Status(name, false, 0, Optional.empty(), !"no quorum".equals(why), clock.instant()));
    }

    private void releaseLease(long token) {
        try {
            leases.release(name, owner, token);
        } catch (SQLException e) {
            LOG.log(Level.DEBUG, () -> "singleton '" + name + "': could not release the lease: " + e.getMessage());
        }
    }

    /** Stops the local copy (if any) and gives the lease up, so another member takes over at once. */
    @Override
    public void close() {
        closed = true;
        wake.release();
        try {
            memberRemoved.close();
            loop.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, () -> "closing singleton '" + name + "': " + e);
        }
    }
}
