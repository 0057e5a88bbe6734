package io.fauxtp.cluster.hazelcast;

import io.fauxtp.genserver.CallExitException;
import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The workload and the checks of the sharding tests ({@link ShardedEntitiesTest} in one JVM,
 * {@link MultiJvmShardingTest} across JVMs): entities of type {@value #TYPE} that append each numbered call, with
 * (member, token, time), to a PostgreSQL table through {@link ShardedEntity#runFenced}; callers that retry a
 * failed call with the same number until it is accepted; and the check of the table afterwards. The time of a
 * row is the database server's {@code clock_timestamp()}, one clock for every member and JVM.
 */
final class ShardLedger {

    static final String TYPE = "ledger";

    private final DataSource dataSource;
    private final String table;
    /** Numbers an entity got beyond the next one: its copy missed a write. */
    final AtomicLong gaps = new AtomicLong();
    /** Writes the fence refused: the entity's member no longer held the shard's lease with its token. */
    final AtomicLong fenceRefusals = new AtomicLong();

    ShardLedger(DataSource dataSource, String table) {
        this.dataSource = dataSource;
        this.table = table;
    }

    void create() throws SQLException {
        execute("CREATE TABLE " + table + " (entity VARCHAR(64) NOT NULL, seq BIGINT NOT NULL,"
                + " member VARCHAR(64) NOT NULL, token BIGINT NOT NULL, at_micros BIGINT NOT NULL)");
    }

    void drop(String... moreTables) throws SQLException {
        execute("DROP TABLE IF EXISTS " + table);
        for (String t : moreTables) {
            execute("DROP TABLE IF EXISTS " + t);
        }
    }

    /** A new behaviour of the ledger's entities (one per region). */
    GenServer<Long> entity() {
        return new Entity();
    }

    /**
     * An entity that appends each call's sequence number with (member, token, time), fenced by its shard's lease.
     * Its state is the last number it appended; a number it has already appended (a caller's retry after a lost
     * reply) is acknowledged again, a number beyond the next one is a gap: the entity's copy missed a write.
     */
    private final class Entity implements GenServer<Long> {
        @Override
        public Long init(Object args) throws SQLException {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement s = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM " + table
                         + " WHERE entity = ?")) {
                s.setString(1, ShardedEntity.current().id());
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
                try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table
                        + " (entity, seq, member, token, at_micros)"
                        + " VALUES (?, ?, ?, ?, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::BIGINT)")) {
                    s.setString(1, self.id());
                    s.setLong(2, seq);
                    s.setString(3, member);
                    s.setLong(4, self.token());
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

    /**
     * Callers of entities {@code entity-0 .. entity-(n-1)}: each caller takes every {@code callers}-th entity and
     * gives it the next number, round after round, through the region {@code via} gives; a failed call (owner
     * gone, fenced, timeout) is retried with the same number. A caller stops after a round that began when it had
     * done at least {@code minRounds - 1} rounds and {@code mayStop} held: so at least one whole round is called
     * after {@code mayStop} turned true.
     */
    static final class Callers {
        private final int entities;
        private final Supplier<ShardRegion> via;
        private final Duration wait;
        private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        private final List<Future<?>> work = new ArrayList<>();
        /** The last number each entity accepted, as its caller saw it. */
        final Map<String, Long> accepted = new ConcurrentHashMap<>();
        final AtomicLong calls = new AtomicLong();
        /** Failed calls (retried) by exception and reason, for the log. */
        final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

        Callers(int entities, int callers, long minRounds, BooleanSupplier mayStop, Supplier<ShardRegion> via,
                Duration wait) {
            this.entities = entities;
            this.via = via;
            this.wait = wait;
            for (int c = 0; c < callers; c++) {
                int caller = c;
                work.add(threads.submit(() -> {
                    for (long round = 1; ; round++) {
                        boolean last = round >= minRounds && mayStop.getAsBoolean();
                        for (int e = caller; e < entities; e += callers) {
                            String id = id(e);
                            callUntilAccepted(id, round);
                            accepted.put(id, round);
                            calls.incrementAndGet();
                        }
                        if (last) {
                            return null;
                        }
                    }
                }));
            }
        }

        static String id(int e) {
            return "entity-" + e;
        }

        /** Waits for every caller to finish. */
        void join(Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Future<?> f : work) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            threads.shutdown();
        }

        void stop() {
            threads.shutdownNow();
        }

        private void callUntilAccepted(String id, long seq) {
            long deadline = System.nanoTime() + wait.toNanos();
            RuntimeException last = null;
            while (System.nanoTime() < deadline) {
                try {
                    Long answer = via.get().call(id, seq);
                    if (answer != seq) {
                        throw new AssertionError("entity " + id + " answered " + answer + " to " + seq);
                    }
                    return;
                } catch (RuntimeException e) {   // retried with the same number: the entity acknowledges it once
                    last = e;
                    String kind = e.getClass().getSimpleName() + (e instanceof CallExitException x
                            ? " " + x.reason().getClass().getSimpleName() : "");
                    failures.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
                }
            }
            throw new AssertionError("entity " + id + " never acknowledged " + seq, last);
        }

        int entities() {
            return entities;
        }
    }

    record Row(long seq, String member, long token, long atMicros) {}

    /** The table's rows by entity, each entity's in time order. */
    Map<String, List<Row>> readLog() throws SQLException {
        Map<String, List<Row>> rows = new HashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT entity, seq, member, token, at_micros FROM " + table
                     + " ORDER BY entity, at_micros, seq")) {
            while (r.next()) {
                rows.computeIfAbsent(r.getString(1), k -> new ArrayList<>())
                        .add(new Row(r.getLong(2), r.getString(3), r.getLong(4), r.getLong(5)));
            }
        }
        return rows;
    }

    /**
     * What is wrong with the table, given the numbers the callers saw accepted: an entity without rows, rows out
     * of order or missing or more than accepted, and two copies of an entity (member, token) whose time spans
     * overlap or whose tokens go back in time.
     */
    List<String> problems(Map<String, Long> accepted, int entities) throws SQLException {
        Map<String, List<Row>> rows = readLog();
        List<String> problems = new ArrayList<>();
        if (rows.size() != entities) {
            problems.add(rows.size() + " entities have rows, not " + entities);
        }
        for (Map.Entry<String, List<Row>> e : rows.entrySet()) {
            problems.addAll(check(e.getKey(), e.getValue(), accepted.get(e.getKey())));
        }
        return problems;
    }

    static List<String> check(String entity, List<Row> rows, Long accepted) {
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
            spans.merge(r.member() + "#" + r.token(), new long[] {r.atMicros(), r.atMicros(), r.token()},
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

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
