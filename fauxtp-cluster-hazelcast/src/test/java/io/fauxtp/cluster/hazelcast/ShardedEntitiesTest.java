package io.fauxtp.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.spring.workflow.PostgresServer;
import io.fauxtp.text.TextCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sharded entities on three Hazelcast members in one JVM, their shard leases and their log in a real PostgreSQL
 * database: many entities receive numbered calls while one member crashes ({@code terminate()}) and another joins.
 * Each entity appends (member, token, time) with its sequence number to a table, fenced by its shard's lease, and
 * the table is then checked: every call a caller saw return is there once, each entity's numbers are 1..n in
 * order, and no entity ran on two members at once.
 */
class ShardedEntitiesTest {

    private static final System.Logger LOG = System.getLogger(ShardedEntitiesTest.class.getName());
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int ENTITIES = Integer.getInteger("shard-test.entities", 10_000);
    private static final int ROUNDS = 3;
    private static final int CALLERS = 64;
    private static final ShardRegion.Options OPTIONS = ShardRegion.Options.defaults()
            .withShards(60).withLease(Duration.ofSeconds(3)).withPassivateAfter(Duration.ofMinutes(5))
            .withCallTimeout(Duration.ofSeconds(5));

    private static PostgresServer server;
    private static HikariDataSource dataSource;

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String log = "shard_log_" + suffix;
    private final String leases = "shard_lease_" + suffix;
    private final String clusterName = "fauxtp-shards-" + suffix;
    private final List<HazelcastInstance> members = new CopyOnWriteArrayList<>();
    private final List<FauxtpCluster> clusters = new CopyOnWriteArrayList<>();
    private final List<ShardRegion> regions = new CopyOnWriteArrayList<>();
    /** The regions callers may go through (a crashed member's is taken out). */
    private final List<ShardRegion> live = new CopyOnWriteArrayList<>();
    private final AtomicLong fenceRefusals = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();
    /** Failed calls (retried) by exception and reason, for the log. */
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

    @BeforeAll
    static void startServer() {
        server = PostgresServer.obtain();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.url());
        config.setMaximumPoolSize(24);
        dataSource = new HikariDataSource(config);
    }

    @AfterAll
    static void stopServer() {
        if (dataSource != null) {
            dataSource.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void form() throws SQLException {
        execute("CREATE TABLE " + log + " (entity VARCHAR(64) NOT NULL, seq BIGINT NOT NULL, member VARCHAR(64) NOT NULL,"
                + " token BIGINT NOT NULL, at_nanos BIGINT NOT NULL)");
        for (int i = 0; i < 3; i++) {
            addMember();
        }
        await().atMost(WAIT).until(() -> clusters.getFirst().members().size() == 3);
    }

    @AfterEach
    void stop() throws SQLException {
        regions.forEach(ShardRegion::close);
        clusters.forEach(FauxtpCluster::close);
        members.forEach(hz -> hz.getLifecycleService().terminate());
        execute("DROP TABLE IF EXISTS " + log);
        execute("DROP TABLE IF EXISTS " + leases);
    }

    private ShardRegion addMember() {
        HazelcastInstance hz = TestClusters.member(clusterName);
        members.add(hz);
        FauxtpCluster cluster = FauxtpCluster.join(hz, "member" + clusters.size(), TextCodec.standard());
        clusters.add(cluster);
        ShardRegion region = ShardRegion.start(cluster, dataSource, "ledger", new Ledger(),
                id -> id, OPTIONS.withExpectedMembers(3).withTable(leases));
        regions.add(region);
        live.add(region);
        return region;
    }

    /**
     * An entity that appends each call's sequence number with (member, token, time), fenced by its shard's lease.
     * Its state is the last number it appended; a number it has already appended (a caller's retry after a lost
     * reply) is acknowledged again, a number beyond the next one is a gap: the entity's copy missed a write.
     */
    final class Ledger implements GenServer<Long> {
        @Override
        public Long init(Object args) throws SQLException {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement s = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM " + log
                         + " WHERE entity = ?")) {
                s.setString(1, (String) args);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        }

        @Override
        public CallResult<Long> handleCall(Object request, From from, Long last) {
            long seq = (Long) request;
            if (seq <= last) {
                return CallResult.reply(seq, last);
            }
            if (seq != last + 1) {
                gaps.incrementAndGet();
                throw new IllegalStateException("gap: got " + seq + " after " + last);
            }
            ShardedEntity self = ShardedEntity.current();
            String member = self.member().toString();
            boolean committed = self.runFenced(c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO " + log
                        + " (entity, seq, member, token, at_nanos) VALUES (?, ?, ?, ?, ?)")) {
                    s.setString(1, self.id());
                    s.setLong(2, seq);
                    s.setString(3, member);
                    s.setLong(4, self.token());
                    s.setLong(5, System.nanoTime());
                    s.executeUpdate();
                }
            });
            if (!committed) {
                fenceRefusals.incrementAndGet();
                throw new IllegalStateException("fenced off: shard " + self.shard() + " token " + self.token());
            }
            return CallResult.reply(seq, seq);
        }
    }

    @Test
    void entitiesAnswerInOrderOnOneMemberAtATimeWhileAMemberCrashesAndAnotherJoins() throws Exception {
        Map<String, Long> accepted = new ConcurrentHashMap<>();
        AtomicLong calls = new AtomicLong();
        long total = (long) ENTITIES * ROUNDS;
        long started = System.nanoTime();
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<?>> work = new ArrayList<>();
        for (int c = 0; c < CALLERS; c++) {
            int caller = c;
            work.add(callers.submit(() -> {
                for (int round = 1; round <= ROUNDS; round++) {
                    for (int e = caller; e < ENTITIES; e += CALLERS) {
                        String id = "acct-" + e;
                        callUntilAccepted(id, round);
                        accepted.put(id, (long) round);
                        calls.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        await().atMost(WAIT).until(() -> calls.get() >= total / 4);
        FauxtpCluster crashed = clusters.get(2);
        live.remove(regions.get(2));
        long crashAt = System.nanoTime();
        members.get(2).getLifecycleService().terminate();
        LOG.log(System.Logger.Level.INFO, "member 2 crashed after " + calls.get() + " calls");
        await().atMost(WAIT).until(() -> calls.get() >= total / 2);
        ShardRegion joined = addMember();
        LOG.log(System.Logger.Level.INFO, "member 3 joined after " + calls.get() + " calls");
        for (Future<?> f : work) {
            f.get(WAIT.toSeconds() * 3, TimeUnit.SECONDS);
        }
        callers.shutdown();
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        // Every entity answers afterwards, through every member.
        for (int e = 0; e < ENTITIES; e++) {
            String id = "acct-" + e;
            ShardRegion via = live.get(e % live.size());
            assertThat(via.<Long>call(id, (long) ROUNDS)).isEqualTo(ROUNDS);
        }
        assertThat(joined.stats().shards()).as("the joined member owns shards").isPositive();
        assertThat(crashed.node()).isNotNull();
        LOG.log(System.Logger.Level.INFO, () -> ENTITIES + " entities x " + ROUNDS + " calls in " + elapsedMillis
                + " ms; failed calls " + failures + "; fence refusals " + fenceRefusals.get() + "; gaps " + gaps.get() + "; stats " + live.stream()
                .map(ShardRegion::stats).toList() + "; crash at +" + TimeUnit.NANOSECONDS.toMillis(crashAt - started)
                + " ms");

        Map<String, List<Row>> rows = readLog();
        assertThat(rows).hasSize(ENTITIES);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<Row>> e : rows.entrySet()) {
            problems.addAll(check(e.getKey(), e.getValue(), accepted.get(e.getKey())));
        }
        assertThat(problems).as("per-entity order, no loss, no overlap").isEmpty();
        assertThat(gaps.get()).as("gaps seen by entities").isZero();
    }

    /** Calls until the entity acknowledges {@code seq}; a failed call (owner gone, fenced, timeout) is retried. */
    private void callUntilAccepted(String id, long seq) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            ShardRegion via = live.get(ThreadLocalRandom.current().nextInt(live.size()));
            try {
                Long answer = via.call(id, seq);
                assertThat(answer).isEqualTo(seq);
                return;
            } catch (RuntimeException e) {   // retried with the same number: the entity acknowledges it once
                last = e;
                String kind = e.getClass().getSimpleName() + (e instanceof io.fauxtp.genserver.CallExitException x
                        ? " " + x.reason().getClass().getSimpleName() : "");
                failures.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
            }
        }
        throw new AssertionError("entity " + id + " never acknowledged " + seq, last);
    }

    private record Row(long seq, String member, long token, long atNanos) {}

    private static List<String> check(String entity, List<Row> rows, Long accepted) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {   // rows come ordered by time
            if (rows.get(i).seq() != i + 1) {
                problems.add(entity + ": row " + i + " holds " + rows.get(i).seq() + " (order or loss)");
                return problems;
            }
        }
        if (accepted == null || rows.size() != accepted) {
            problems.add(entity + ": " + rows.size() + " rows, but the caller saw " + accepted + " accepted");
        }
        // One interval per (member, token) copy; sorted by start, each must end before the next starts.
        Map<String, long[]> spans = new HashMap<>();
        for (Row r : rows) {
            spans.merge(r.member() + "#" + r.token(), new long[] {r.atNanos(), r.atNanos(), r.token()},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1]), a[2]});
        }
        List<Map.Entry<String, long[]>> sorted = new ArrayList<>(spans.entrySet());
        sorted.sort(Comparator.comparingLong(s -> s.getValue()[0]));
        for (int i = 1; i < sorted.size(); i++) {
            long[] before = sorted.get(i - 1).getValue();
            long[] after = sorted.get(i).getValue();
            if (after[0] <= before[1]) {
                problems.add(entity + ": copies " + sorted.get(i - 1).getKey() + " and " + sorted.get(i).getKey()
                        + " ran at once");
            }
            if (after[2] <= before[2]) {
                problems.add(entity + ": token " + after[2] + " wrote after token " + before[2]);
            }
        }
        return problems;
    }

    private Map<String, List<Row>> readLog() throws SQLException {
        Map<String, List<Row>> rows = new HashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT entity, seq, member, token, at_nanos FROM " + log
                     + " ORDER BY entity, at_nanos")) {
            while (r.next()) {
                rows.computeIfAbsent(r.getString(1), k -> new ArrayList<>())
                        .add(new Row(r.getLong(2), r.getString(3), r.getLong(4), r.getLong(5)));
            }
        }
        return rows;
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
