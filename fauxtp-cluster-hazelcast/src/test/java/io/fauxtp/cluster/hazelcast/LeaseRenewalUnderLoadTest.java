package io.fauxtp.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.Pid;
import io.fauxtp.text.TextCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Leases are renewed while every carrier thread of the virtual-thread scheduler is busy with processes' work.
 * Processes are virtual threads, and a virtual thread that computes without blocking keeps its carrier: with as
 * many busy processes as carriers, another virtual thread does not run until one of them blocks. A lease renewed
 * on a virtual thread then runs out unrenewed, and the member kills the entities or the singleton copy that held
 * it. The test keeps twice as many processes computing as there are carriers, for several lease periods, and
 * reads the lease rows meanwhile from a platform thread: each must stay unexpired, and what held it must go on.
 */
class LeaseRenewalUnderLoadTest {

    /**
     * Renewed every second: a renewal may come up to two seconds late before the lease runs out, which a platform
     * thread does on a loaded machine, and a renewal on a starved virtual thread does not (it waits {@link #BUSY}).
     */
    private static final Duration LEASE = Duration.ofSeconds(3);
    /** How long the processes compute: more than two leases. */
    private static final Duration BUSY = Duration.ofSeconds(7);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TABLE = "leases_under_load";
    /** The carriers of virtual threads: the scheduler's parallelism (the number of CPUs unless set). */
    private static final int CARRIERS = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
            Runtime.getRuntime().availableProcessors());

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private HazelcastInstance hazelcast;
    private FauxtpCluster cluster;
    private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();

    @BeforeEach
    void join() {
        dataSource.setURL("jdbc:h2:mem:busy-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        hazelcast = TestClusters.member("fauxtp-busy-" + UUID.randomUUID());
        cluster = FauxtpCluster.join(hazelcast, "member0", TextCodec.standard());
    }

    @AfterEach
    void leave() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        cluster.close();
        hazelcast.getLifecycleService().terminate();
    }

    /** Counts calls ({@code "incr"}); {@code "busy"} computes until the given deadline, then writes fenced. */
    static final class Worker implements GenServer<Long> {
        @Override
        public Long init(Object args) {
            return 0L;
        }

        @Override
        public CallResult<Long> handleCall(Object request, From from, Long count) {
            if (request instanceof Long untilNanos) {
                computeUntil(untilNanos);
                return CallResult.reply(ShardedEntity.current().runFenced(c -> { }), count);
            }
            return CallResult.reply(count + 1, count + 1);
        }
    }

    @Test
    void shardLeasesAreRenewedWhileEntitiesKeepEveryCarrierBusy() throws Exception {
        ShardRegion region = ShardRegion.start(cluster, dataSource, "worker", new Worker(), id -> null,
                ShardRegion.Options.defaults().withShards(4).withLease(LEASE).withTable(TABLE));
        closing.add(region);
        await().atMost(WAIT).until(() -> region.stats().shards() == 4);
        int busy = 2 * CARRIERS;
        for (int i = 0; i < busy; i++) {
            assertThat(region.<Long>call("w" + i, "incr")).isEqualTo(1L);
        }
        List<Long> tokens = tokens("fauxtp.shard.worker.%");

        long until = System.nanoTime() + BUSY.toNanos();
        List<CompletableFuture<Boolean>> fenced = new ArrayList<>();
        for (int i = 0; i < busy; i++) {
            String id = "w" + i;
            fenced.add(CompletableFuture.supplyAsync(() -> region.<Boolean>call(id, until, WAIT),
                    command -> Thread.ofPlatform().daemon().start(command)));
        }
        List<Long> margins = leaseMarginsUntil(until, "fauxtp.shard.worker.%");

        assertThat(margins).as("lease time left (ms) at each look while the entities computed").allMatch(m -> m > 0);
        for (CompletableFuture<Boolean> f : fenced) {
            assertThat(f.get()).as("the busy entity's fenced write afterwards").isTrue();
        }
        assertThat(tokens("fauxtp.shard.worker.%")).as("tokens: no lease was lost and taken again").isEqualTo(tokens);
        for (int i = 0; i < busy; i++) {
            assertThat(region.<Long>call("w" + i, "incr")).as("entity w%d kept its state", i).isEqualTo(2L);
        }
    }

    @Test
    void aSingletonLeaseIsRenewedWhileProcessesKeepEveryCarrierBusy() throws Exception {
        ClusterSingleton singleton = ClusterSingleton.start(cluster, dataSource, "steady",
                node -> GenServer.start(node, new Worker(), null),
                new ClusterSingleton.Options(LEASE, 1, TABLE));
        closing.add(singleton);
        await().atMost(WAIT).until(() -> singleton.status().tree().isPresent());
        Pid root = singleton.status().tree().orElseThrow();
        long token = singleton.status().token();

        long until = System.nanoTime() + BUSY.toNanos();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < 2 * CARRIERS; i++) {
            CompletableFuture<Void> finished = new CompletableFuture<>();
            done.add(finished);
            cluster.node().spawn(self -> {
                computeUntil(until);
                finished.complete(null);
            });
        }
        List<Long> margins = leaseMarginsUntil(until, "steady");
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get();

        assertThat(margins).as("lease time left (ms) at each look while the processes computed").allMatch(m -> m > 0);
        assertThat(singleton.checkFence(token)).as("the copy's token still fences").isTrue();
        assertThat(singleton.status().tree()).as("the copy that held the lease runs on").contains(root);
        assertThat(cluster.node().isAlive(root)).isTrue();
    }

    /** Computes without blocking (a virtual thread doing so keeps its carrier) until {@code untilNanos}. */
    static void computeUntil(long untilNanos) {
        long x = 0;
        while (System.nanoTime() < untilNanos) {
            x += Long.numberOfTrailingZeros(x + 1);
        }
        if (x == 42) {   // keeps the loop from being optimised away
            System.out.print("");
        }
    }

    /**
     * Looks at the leases named like {@code pattern} every 50 ms (this platform thread is not a carrier) until
     * {@code untilNanos}, and returns for each look the least time (ms) any of them had left.
     */
    private List<Long> leaseMarginsUntil(long untilNanos, String pattern) throws SQLException, InterruptedException {
        List<Long> margins = new ArrayList<>();
        while (System.nanoTime() < untilNanos) {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement s = c.prepareStatement("SELECT MIN(lease_until) FROM " + TABLE
                         + " WHERE name LIKE ?")) {
                s.setString(1, pattern);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    margins.add(r.getLong(1) - System.currentTimeMillis());
                }
            }
            Thread.sleep(50);   // the probe's period, not a wait for a condition
        }
        assertThat(margins).hasSizeGreaterThan(10);
        return margins;
    }

    private List<Long> tokens(String pattern) throws SQLException {
        List<Long> tokens = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT token FROM " + TABLE + " WHERE name LIKE ?"
                     + " ORDER BY name")) {
            s.setString(1, pattern);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    tokens.add(r.getLong(1));
                }
            }
        }
        return tokens;
    }
}
