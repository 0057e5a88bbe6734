package io.fauxtp.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.fauxtp.genserver.CallExitException;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Pid;
import io.fauxtp.supervisor.ChildInfo;
import io.fauxtp.supervisor.ChildSpec;
import io.fauxtp.supervisor.ChildType;
import io.fauxtp.supervisor.Supervisor;
import io.fauxtp.supervisor.SupervisorSpec;
import io.fauxtp.text.TextCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three members in one JVM, one of which crashes ({@code terminate()}: no goodbye to the others): names and
 * calls of the lost member, and fail-over of a singleton tree fenced in SQL (H2 in memory, shared).
 */
class MemberLossAndSingletonTest {

    private static final System.Logger LOG = System.getLogger(MemberLossAndSingletonTest.class.getName());
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final List<HazelcastInstance> members = new ArrayList<>();
    private final List<FauxtpCluster> clusters = new ArrayList<>();
    private final List<ClusterSingleton> singletons = new ArrayList<>();
    private final JdbcDataSource dataSource = new JdbcDataSource();

    @BeforeEach
    void form() {
        dataSource.setURL("jdbc:h2:mem:singleton-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        String name = "fauxtp-loss-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            members.add(TestClusters.member(name));
        }
        for (HazelcastInstance hz : members) {
            clusters.add(FauxtpCluster.join(hz, "member" + clusters.size(), TextCodec.standard()));
        }
        await().atMost(WAIT).until(() -> clusters.getFirst().members().size() == 3);
    }

    @AfterEach
    void stop() {
        singletons.forEach(ClusterSingleton::close);
        clusters.forEach(FauxtpCluster::close);
        members.forEach(hz -> hz.getLifecycleService().terminate());
    }

    /** Crashes member {@code i} and returns the nanoTime at which it happened. */
    private long crash(int i) {
        long at = System.nanoTime();
        members.get(i).getLifecycleService().terminate();
        return at;
    }

    @Test
    void aLostMembersNamesGoAndCallsToItFailWithNoConnection() throws Exception {
        FauxtpCluster doomed = clusters.get(2);
        CountDownLatch requestArrived = new CountDownLatch(1);
        Pid silent = doomed.node().spawn(self -> {   // takes the call request and never answers it
            self.receive();
            requestArrived.countDown();
            self.receive();
        });
        doomed.register("on-doomed", silent);
        assertThat(clusters.getFirst().whereis("on-doomed")).contains(silent);

        CountDownLatch removed = new CountDownLatch(1);
        clusters.getFirst().onMemberRemoved(uuid -> removed.countDown());
        CompletableFuture<Throwable> pending = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                clusters.get(1).call(silent, "never answered", Duration.ofSeconds(60));
                pending.complete(null);
            } catch (RuntimeException e) {
                pending.complete(e);
            }
        });
        assertThat(requestArrived.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        long crashedAt = crash(2);
        assertThat(removed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        long detectedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - crashedAt);
        LOG.log(System.Logger.Level.INFO, "member crash detected after " + detectedMillis + " ms");

        assertThat(pending).succeedsWithin(WAIT).isInstanceOfSatisfying(CallExitException.class,
                e -> assertThat(e.reason()).isEqualTo(ExitReason.NO_CONNECTION));
        assertThatThrownBy(() -> clusters.getFirst().call(silent, "count", WAIT))
                .isInstanceOfSatisfying(CallExitException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExitReason.NO_CONNECTION));
        await().atMost(WAIT).until(() -> clusters.get(1).whereis("on-doomed").isEmpty()
                && !clusters.get(1).globalNames().containsKey("on-doomed"));
        await().atMost(WAIT).until(() -> clusters.getFirst().members().size() == 2
                && clusters.getFirst().members().stream().noneMatch(m -> m.nodeIds().contains(doomed.node().id())));
        // Its pids stay unreachable after the clean-up too: no connection, not a local no-such-process.
        assertThatThrownBy(() -> clusters.get(1).call(silent, "count", WAIT))
                .isInstanceOfSatisfying(CallExitException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExitReason.NO_CONNECTION));
    }

    /** The lease of the singletons of these tests; a copy without lease is gone within a third of it (+ slack). */
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration STOP_BOUND = LEASE.dividedBy(3).plusSeconds(2);

    /** A tree whose worker traps exits and ignores every exit signal but its parent's (a shutdown does not end it). */
    private static Pid stubbornTree(io.fauxtp.process.Node node) {
        return Supervisor.start(node, SupervisorSpec.oneForOne(ChildSpec.worker("tick", parent -> parent.spawnLink(self -> {
            self.trapExit(true);
            while (true) {
                self.receive();
            }
        }))));
    }

    /** The root and, walking the supervisors' children, every process of the copy rooted at {@code root}. */
    private static List<Pid> treeProcesses(Pid root) {
        List<Pid> all = new ArrayList<>(List.of(root));
        for (ChildInfo child : Supervisor.whichChildren(root)) {
            child.runningPid().ifPresent(pid -> all.addAll(child.type() == ChildType.SUPERVISOR
                    ? treeProcesses(pid) : List.of(pid)));
        }
        return all;
    }

    /** Waits until none of {@code pids} is a live process of {@code node}, and returns how long that took. */
    private static long awaitAllDead(io.fauxtp.process.Node node, List<Pid> pids, long since) {
        await().atMost(STOP_BOUND.plusSeconds(10)).until(() -> pids.stream().noneMatch(node::isAlive)
                && node.processes().stream().noneMatch(pids::contains));
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }

    @Test
    void theSingletonTreeRunsOnOneMemberAndMovesWhenItDies() {
        ClusterSingleton.Options options = ClusterSingleton.Options.defaults()
                .withLease(LEASE).withExpectedMembers(3);
        for (FauxtpCluster cluster : clusters) {
            singletons.add(ClusterSingleton.start(cluster, dataSource, "ticker",
                    MemberLossAndSingletonTest::stubbornTree, options));
        }
        await().atMost(WAIT).until(() -> singletons.stream().filter(s -> s.status().tree().isPresent()).count() == 1);
        int first = activeIndex(-1);
        long firstToken = singletons.get(first).status().token();
        List<Pid> firstCopy = treeProcesses(singletons.get(first).status().tree().orElseThrow());
        assertThat(firstCopy).hasSize(2);
        assertThat(singletons.get(first).checkFence(firstToken)).isTrue();
        assertThat(singletons.get(first).owner()).contains(clusters.get(first).localMember());

        long crashedAt = crash(first);
        await().atMost(WAIT).until(() -> singletons.stream().filter(s -> s.status().tree().isPresent())
                .anyMatch(s -> s != singletons.get(first)));
        long failoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - crashedAt);
        LOG.log(System.Logger.Level.INFO, "singleton fail-over took " + failoverMillis + " ms");

        int second = activeIndex(first);
        ClusterSingleton.Status now = singletons.get(second).status();
        assertThat(now.token()).isGreaterThan(firstToken);
        assertThat(clusters.get(second).node().isAlive(now.tree().orElseThrow())).isTrue();
        // The former holder's token no longer passes the fencing check; the new one's does.
        assertThat(singletons.get(first).checkFence(firstToken)).isFalse();
        assertThat(singletons.get(second).checkFence(now.token())).isTrue();
        assertThat(singletons.get(first).runFenced(firstToken, c -> {
            throw new AssertionError("a former holder's work must not run");
        })).isFalse();
        assertThat(singletons.get(second).runFenced(now.token(), c -> c.createStatement().execute("SELECT 1"))).isTrue();
        // The crashed member's own copy is gone too, every process of it, as soon as its loop sees it has no quorum.
        long stoppedMillis = awaitAllDead(clusters.get(first).node(), firstCopy, crashedAt);
        LOG.log(System.Logger.Level.INFO, "crashed member's copy gone " + stoppedMillis + " ms after the crash");
        assertThat(Duration.ofMillis(stoppedMillis)).isLessThanOrEqualTo(STOP_BOUND);
        await().atMost(WAIT).until(() -> !singletons.get(first).status().active()
                && singletons.get(first).status().lingering().isEmpty());

        // One member of three left: no quorum, so no copy at all rather than a copy in a minority.
        crash(second);
        int last = 3 - first - second;
        await().atMost(WAIT).until(() -> !singletons.get(last).status().quorum()
                && !singletons.get(last).status().active());
        assertThat(singletons.get(last).checkFence(now.token() + 1)).isFalse();
    }

    @Test
    void aCopyWhoseLeaseIsTakenOverIsKilledOnAMemberThatStaysInTheCluster() throws Exception {
        ClusterSingleton.Options options = ClusterSingleton.Options.defaults().withLease(LEASE).withExpectedMembers(3);
        for (FauxtpCluster cluster : clusters) {
            singletons.add(ClusterSingleton.start(cluster, dataSource, "ticker",
                    MemberLossAndSingletonTest::stubbornTree, options));
        }
        await().atMost(WAIT).until(() -> singletons.stream().filter(s -> s.status().tree().isPresent()).count() == 1);
        int first = activeIndex(-1);
        ClusterSingleton.Status held = singletons.get(first).status();
        List<Pid> copy = treeProcesses(held.tree().orElseThrow());

        // What a member on the other side of a partition does when it sees the holder leave: it takes the row over.
        long takenAt = System.nanoTime();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE fauxtp_singleton SET owner = ?, token = token + 1, lease_until = ? WHERE name = 'ticker'")) {
            s.setString(1, UUID.randomUUID().toString());
            s.setLong(2, System.currentTimeMillis() + 3_600_000);
            assertThat(s.executeUpdate()).isOne();
        }
        long stoppedMillis = awaitAllDead(clusters.get(first).node(), copy, takenAt);
        LOG.log(System.Logger.Level.INFO, "copy killed " + stoppedMillis + " ms after its lease was taken over");
        assertThat(Duration.ofMillis(stoppedMillis)).isLessThanOrEqualTo(STOP_BOUND);
        assertThat(clusters.get(first).members()).hasSize(3);
        assertThat(singletons.get(first).status().token()).isNotEqualTo(held.token());
        assertThat(singletons.get(first).status().lingering()).isEmpty();
    }

    @Test
    void aTreeStartThatHangsDoesNotHoldUpTheLeaseRenewal() {
        CountDownLatch startMayReturn = new CountDownLatch(1);
        ClusterSingleton.Options options = ClusterSingleton.Options.defaults().withLease(LEASE).withExpectedMembers(3);
        for (FauxtpCluster cluster : clusters) {
            singletons.add(ClusterSingleton.start(cluster, dataSource, "ticker", node -> {
                try {
                    startMayReturn.await();   // a tree whose start hangs (a blocked init)
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return stubbornTree(node);
            }, options));
        }
        try {
            await().atMost(WAIT).until(() -> singletons.stream().anyMatch(s -> s.status().active()));
            int first = singletons.indexOf(singletons.stream().filter(s -> s.status().active()).findFirst().orElseThrow());
            UUID holder = clusters.get(first).localMember();
            long token = singletons.get(first).status().token();
            // For three leases, the lease stays this member's, unexpired and with the same token: it is renewed
            // while the start hangs, and no other member takes it over.
            await().during(LEASE.multipliedBy(3)).atMost(LEASE.multipliedBy(3).plus(WAIT))
                    .until(() -> singletons.get(first).owner().equals(java.util.Optional.of(holder))
                            && singletons.get(first).checkFence(token)
                            && singletons.stream().filter(s -> s.status().active()).count() == 1);
            startMayReturn.countDown();
            await().atMost(WAIT).until(() -> singletons.get(first).status().tree().isPresent());
            assertThat(singletons.get(first).status().token()).isEqualTo(token);
        } finally {
            startMayReturn.countDown();
        }
    }

    @Test
    void aHolderPausedInItsFencedWorkNeitherHoldsUpTheTakeoverNorCommitsAfterIt() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE paused_work (token BIGINT NOT NULL)");
        }
        ClusterSingleton.Options options = ClusterSingleton.Options.defaults()
                .withLease(Duration.ofSeconds(3)).withExpectedMembers(3);
        for (FauxtpCluster cluster : clusters) {
            singletons.add(ClusterSingleton.start(cluster, dataSource, "ticker", node -> Supervisor.start(node,
                    SupervisorSpec.oneForOne(ChildSpec.worker("tick", parent -> parent.spawnLink(self -> self.receive())))),
                    options));
        }
        await().atMost(WAIT).until(() -> singletons.stream().filter(s -> s.status().tree().isPresent()).count() == 1);
        int first = activeIndex(-1);
        long firstToken = singletons.get(first).status().token();

        // The holder's fenced work is in progress (its write done, not committed) when the holder stalls.
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        CompletableFuture<Boolean> committed = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                committed.complete(singletons.get(first).runFenced(firstToken, c -> {
                    try (PreparedStatement s = c.prepareStatement("INSERT INTO paused_work (token) VALUES (?)")) {
                        s.setLong(1, firstToken);
                        s.executeUpdate();
                    }
                    writing.countDown();
                    try {
                        resume.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            } catch (RuntimeException e) {
                committed.completeExceptionally(e);
            }
        });
        try {
            assertThat(writing.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            crash(first);
            // Another member takes the lease over although the stalled transaction is still open.
            await().atMost(WAIT).until(() -> singletons.stream().filter(s -> s.status().tree().isPresent())
                    .anyMatch(s -> s != singletons.get(first)));
            long secondToken = singletons.get(activeIndex(first)).status().token();
            assertThat(secondToken).isGreaterThan(firstToken);
        } finally {
            resume.countDown();
        }
        // Resumed, the former holder's work is rolled back: it never commits after the takeover.
        assertThat(committed).succeedsWithin(WAIT).isEqualTo(false);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM paused_work")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getLong(1)).isZero();
        }
    }

    private int activeIndex(int except) {
        for (int i = 0; i < singletons.size(); i++) {
            if (i != except && singletons.get(i).status().tree().isPresent()) {
                return i;
            }
        }
        throw new AssertionError("no active singleton");
    }
}
