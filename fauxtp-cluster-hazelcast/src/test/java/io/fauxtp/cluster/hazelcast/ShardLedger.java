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
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The workload and the checks of the sharding tests ({@link ShardedEntitiesTest} in one JVM,
 * {@link MultiJvmShardingTest} across JVMs): entities of type {@value #TYPE} that append each numbered call, with
 * (caller, member, token, time), to a PostgreSQL table through {@link ShardedEntity#runFenced}; callers that retry
 * a failed call with the same number until it is accepted; and the check of the table afterwards. Several callers
 * (one per JVM in the multi-JVM test) may call the same entity, each with its own numbers. The time of a row is the
 * database server's {@code clock_timestamp()}, one clock for every member and JVM.
 */
final class ShardLedger {

    static final String TYPE = "ledger";

    private final DataSource dataSource;
    private final String table;
    /** Numbers an entity got beyond the next one: its copy missed a write. */
    final AtomicLong gaps = new AtomicLong();
    /** Writes the fence refused: the entity's member no longer held the shard's lease with its token. */
    final AtomicLong fenceRefusals = new AtomicLong();
    /** Counted down when an entity given {@link #hold} holds its shard's lease row locked in a fenced transaction. */
    final CountDownLatch holding = new CountDownLatch(1);
    /** Counted down to let that transaction go on to its fence check and commit. */
    final CountDownLatch releaseHold = new CountDownLatch(1);

    ShardLedger(DataSource dataSource, String table) {
        this.dataSource = dataSource;
        this.table = table;
    }

    void create() throws SQLException {
        execute("CREATE TABLE " + table + " (entity VARCHAR(64) NOT NULL, caller VARCHAR(64) NOT NULL,"
                + " seq BIGINT NOT NULL, member VARCHAR(64) NOT NULL, token BIGINT NOT NULL,"
                + " at_micros BIGINT NOT NULL)");
    }

    void drop(String... moreTables) throws SQLException {
        execute("DROP TABLE IF EXISTS " + table);
        for (String t : moreTables) {
            execute("DROP TABLE IF EXISTS " + t);
        }
    }

    /** A new behaviour of the ledger's entities (one per region). */
    GenServer<Map<String, Long>> entity() {
        return entity(copy -> { });
    }

    /** As {@link #entity()}, and hands each copy of an entity it starts to {@code started} (from its init). */
    GenServer<Map<String, Long>> entity(Consumer<ShardedEntity> started) {
        return new Entity(started);
    }

    /**
     * The request that has an entity start a fenced transaction, lock its shard's row of {@code leaseTable} in it
     * (as the fence's own {@code UPDATE} does just before the commit), count {@link #holding} down and wait for
     * {@link #releaseHold}: a member paused now is paused inside a fenced transaction, holding the row locked.
     */
    static String hold(String leaseTable) {
        return "hold " + leaseTable;
    }

    /** The request that gives number {@code seq} of caller {@code caller} (plain text: it crosses JVMs). */
    static String request(String caller, long seq) {
        return caller + " " + seq;
    }

    /**
     * An entity that appends each call's number with (caller, member, token, time), fenced by its shard's lease.
     * Its state is the last number it appended for each caller, read from the table when it starts; a number it
     * has already appended (a caller's retry after a lost reply) is acknowledged again, a number beyond the next
     * one is a gap: this copy of the entity missed a write of another copy.
     */
    private final class Entity implements GenServer<Map<String, Long>> {
        private final Consumer<ShardedEntity> started;

        Entity(Consumer<ShardedEntity> started) {
            this.started = started;
        }

        @Override
        public Map<String, Long> init(Object args) throws SQLException {
            started.accept(ShardedEntity.current());
            Map<String, Long> last = new HashMap<>();
            try (Connection c = dataSource.getConnection();
                 PreparedStatement s = c.prepareStatement("SELECT caller, MAX(seq) FROM " + table
                         + " WHERE entity = ? GROUP BY caller")) {
                s.setString(1, ShardedEntity.current().id());
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        last.put(r.getString(1), r.getLong(2));
                    }
                }
            }
            return last;
        }

        @Override
        public CallResult<Map<String, Long>> handleCall(Object request, From from, Map<String, Long> last) {
            String[] parts = ((String) request).split(" ");
            if (parts[0].equals("hold")) {
                return CallResult.reply(holdLeaseRow(parts[1]), last);
            }
            String caller = parts[0];
            long seq = Long.parseLong(parts[1]);
            long before = last.getOrDefault(caller, 0L);
            if (seq <= before) {
                return CallResult.reply(seq, last);
            }
            if (seq != before + 1) {
                gaps.incrementAndGet();
                throw new IllegalStateException("gap: got " + seq + " after " + before + " from " + caller);
            }
            ShardedEntity self = ShardedEntity.current();
            String member = self.member().toString();
            boolean committed = self.runFenced(c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table
                        + " (entity, caller, seq, member, token, at_micros) VALUES (?, ?, ?, ?, ?,"
                        + " (EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::BIGINT)")) {
                    s.setString(1, self.id());
                    s.setString(2, caller);
                    s.setLong(3, seq);
                    s.setString(4, member);
                    s.setLong(5, self.token());
                    s.executeUpdate();
                }
            });
            if (!committed) {
                fenceRefusals.incrementAndGet();
                throw new IllegalStateException("fenced off: shard " + self.shard() + " token " + self.token());
            }
            last.put(caller, seq);
            return CallResult.reply(seq, last);
        }
    }

    private boolean holdLeaseRow(String leaseTable) {
        ShardedEntity self = ShardedEntity.current();
        return self.runFenced(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE " + leaseTable + " SET lease_until = lease_until"
                    + " WHERE name = ? AND token = ?")) {
                s.setString(1, "fauxtp.shard." + TYPE + "." + self.shard());
                s.setLong(2, self.token());
                if (s.executeUpdate() != 1) {
                    throw new SQLException("shard " + self.shard() + " is not held with token " + self.token());
                }
            }
            holding.countDown();
            try {
                releaseHold.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * Callers of entities {@code entity-0 .. entity-(n-1)} under one caller name: each of {@code callers} threads
     * takes every {@code callers}-th entity and gives it the caller's next number, round after round, through the
     * region {@code via} gives; a failed call (owner gone, fenced, timeout) is retried with the same number. A
     * thread stops after a round that began when it had done at least {@code minRounds - 1} rounds and
     * {@code mayStop} held (so at least one whole round is called after {@code mayStop} turned true), or after
     * the call it is making when {@link #halt()} is called. Each accepted number is also handed to
     * {@code onAccepted} (a child JVM writes it to a file the test reads).
     */
    static final class Callers {
        private final String caller;
        private final Supplier<ShardRegion> via;
        private final Duration wait;
        private final BiConsumer<String, Long> onAccepted;
        private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        private final List<Future<?>> work = new ArrayList<>();
        private volatile boolean halted;
        /** The last number each entity accepted from this caller, as the caller saw it. */
        final Map<String, Long> accepted = new ConcurrentHashMap<>();
        final AtomicLong calls = new AtomicLong();
        /** Failed calls (retried) by exception and reason, for the log. */
        final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        /** The entity each thread is calling now and since when (ns), for the message of a test that waited in vain. */
        private final Map<Integer, Calling> calling = new ConcurrentHashMap<>();

        private record Calling(String entity, long sinceNanos) {}

        Callers(String caller, int entities, int callers, long minRounds, BooleanSupplier mayStop,
                Supplier<ShardRegion> via, Duration wait) {
            this(caller, entities, callers, minRounds, mayStop, via, wait, (id, seq) -> { });
        }

        Callers(String caller, int entities, int callers, long minRounds, BooleanSupplier mayStop,
                Supplier<ShardRegion> via, Duration wait, BiConsumer<String, Long> onAccepted) {
            this.caller = caller;
            this.via = via;
            this.wait = wait;
            this.onAccepted = onAccepted;
            for (int c = 0; c < callers; c++) {
                int first = c;
                work.add(threads.submit(() -> {
                    for (long round = 1; ; round++) {
                        boolean last = round >= minRounds && mayStop.getAsBoolean();
                        for (int e = first; e < entities; e += callers) {
                            if (halted) {
                                return null;
                            }
                            String id = id(e);
                            calling.put(first, new Calling(id, System.nanoTime()));
                            callUntilAccepted(id, round);
                            accepted.put(id, round);
                            onAccepted.accept(id, round);
                            calls.incrementAndGet();
                        }
                        if (last) {
                            calling.remove(first);
                            return null;
                        }
                    }
                }));
            }
        }

        static String id(int e) {
            return "entity-" + e;
        }

        /**
         * Where the threads are: how many are in a call to an entity of each shard ({@code shardOf}) and how long the
         * oldest of those calls has lasted, busiest shard first; e.g. every thread waiting for one shard.
         */
        String whereCalling(java.util.function.ToIntFunction<String> shardOf) {
            long now = System.nanoTime();
            Map<Integer, long[]> byShard = new java.util.TreeMap<>();
            for (Calling c : calling.values()) {
                long[] s = byShard.computeIfAbsent(shardOf.applyAsInt(c.entity()), k -> new long[2]);
                s[0]++;
                s[1] = Math.max(s[1], TimeUnit.NANOSECONDS.toMillis(now - c.sinceNanos()));
            }
            return calling.size() + " threads in a call: " + byShard.entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<Integer, long[]> e) -> -e.getValue()[0]))
                    .map(e -> "shard " + e.getKey() + " x" + e.getValue()[0] + " (oldest " + e.getValue()[1] + " ms)")
                    .toList();
        }

        /** Waits for every caller thread to finish. */
        void join(Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Future<?> f : work) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            threads.shutdown();
        }

        /** Has every thread stop once the call it is making is accepted, and waits for them. */
        void halt(Duration timeout) throws Exception {
            halted = true;
            join(timeout);
        }

        void stop() {
            threads.shutdownNow();
        }

        private void callUntilAccepted(String id, long seq) {
            long deadline = System.nanoTime() + wait.toNanos();
            RuntimeException last = null;
            while (System.nanoTime() < deadline) {
                try {
                    Long answer = via.get().call(id, request(caller, seq));
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
            throw new AssertionError("entity " + id + " never acknowledged " + seq + " from " + caller, last);
        }
    }

    /**
     * Copies of entities that a member still runs after it lost their shards (a member paused or cut off from the
     * others, whose lease keeper has not noticed yet): each copy, with the member and token it was started under,
     * goes on handling numbered calls of caller {@value #ZOMBIE}, through the entities' own code and so through
     * {@link ShardedEntity#runFenced}, until {@link #stop()}. The fence must refuse every write a copy tries once
     * its shard has a new owner; a write it lets through shows in the table as two copies of the entity whose time
     * spans overlap ({@link #checkCopies}).
     */
    final class Zombies {
        static final String ZOMBIE = "zombie";
        private final List<ShardedEntity> copies;
        private final Thread thread;
        private volatile boolean stopped;
        final AtomicLong committed = new AtomicLong();
        final AtomicLong refused = new AtomicLong();

        Zombies(Collection<ShardedEntity> copies) {
            this.copies = List.copyOf(copies);
            this.thread = Thread.ofVirtual().name("zombie-copies").start(this::haunt);
        }

        private void haunt() {
            Entity behaviour = new Entity(copy -> { });
            Map<ShardedEntity, Map<String, Long>> states = new HashMap<>();
            while (!stopped) {
                for (ShardedEntity copy : copies) {
                    if (stopped) {
                        return;
                    }
                    try {
                        Map<String, Long> state = states.get(copy);
                        if (state == null) {
                            state = copy.run(() -> behaviour.init(null));
                            states.put(copy, state);
                        }
                        Map<String, Long> current = state;
                        String request = request(ZOMBIE, current.getOrDefault(ZOMBIE, 0L) + 1);
                        copy.run(() -> behaviour.handleCall(request, null, current));
                        committed.incrementAndGet();
                    } catch (IllegalStateException e) {   // fenced off (or a gap: another copy wrote)
                        refused.incrementAndGet();
                    } catch (Exception e) {
                        throw new IllegalStateException("zombie copy " + copy + " failed", e);
                    }
                }
            }
        }

        /** Stops the copies and waits for them. */
        void stop() throws InterruptedException {
            stopped = true;
            thread.join();
        }
    }

    /**
     * What one caller saw accepted: the last number of each entity, and whether the caller was cut off (its JVM
     * killed) with up to {@code threads} calls in flight, each of which may have been accepted unseen.
     */
    record Seen(Map<String, Long> accepted, boolean cutOff, int threads) {
        static Seen complete(Map<String, Long> accepted) {
            return new Seen(accepted, false, 0);
        }
    }

    record Row(String caller, long seq, String member, long token, long atMicros) {}

    /** The table's rows by entity, each entity's in time order. */
    Map<String, List<Row>> readLog() throws SQLException {
        Map<String, List<Row>> rows = new HashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT entity, caller, seq, member, token, at_micros FROM " + table
                     + " ORDER BY entity, at_micros, seq")) {
            while (r.next()) {
                rows.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(new Row(r.getString(2),
                        r.getLong(3), r.getString(4), r.getLong(5), r.getLong(6)));
            }
        }
        return rows;
    }

    /**
     * What is wrong with the table, given what each caller saw accepted (by caller name): an entity without rows;
     * for each caller, an entity whose rows of that caller are not its numbers 1, 2, 3... in time order (order),
     * or fewer than the caller saw accepted (a lost call), or more (a call committed that its caller never saw
     * accepted, beyond one in flight per thread of a caller that was cut off); and two copies of an entity (member,
     * token) whose time spans overlap or whose tokens go back in time.
     */
    List<String> problems(Map<String, Seen> seen, int entities) throws SQLException {
        Map<String, List<Row>> rows = readLog();
        List<String> problems = new ArrayList<>();
        if (rows.size() != entities) {
            problems.add(rows.size() + " entities have rows, not " + entities);
        }
        Map<String, Integer> unseen = new HashMap<>();
        for (int e = 0; e < entities; e++) {
            String entity = Callers.id(e);
            List<Row> of = rows.getOrDefault(entity, List.of());
            for (Map.Entry<String, Seen> caller : seen.entrySet()) {
                List<Row> byCaller = of.stream().filter(r -> r.caller().equals(caller.getKey())).toList();
                long accepted = caller.getValue().accepted().getOrDefault(entity, 0L);
                problems.addAll(checkOrder(entity, caller.getKey(), byCaller, accepted, caller.getValue().cutOff()));
                if (byCaller.size() == accepted + 1) {
                    unseen.merge(caller.getKey(), 1, Integer::sum);
                }
            }
            problems.addAll(checkCopies(entity, of));
        }
        for (Map.Entry<String, Integer> u : unseen.entrySet()) {
            int threads = seen.get(u.getKey()).threads();
            if (u.getValue() > threads) {
                problems.add("caller " + u.getKey() + ": " + u.getValue() + " entities hold a number it never saw"
                        + " accepted, more than its " + threads + " threads had in flight when it was cut off");
            }
        }
        return problems;
    }

    /** The rows of one caller at one entity, in time order, must be 1..accepted (or one more, if cut off). */
    static List<String> checkOrder(String entity, String caller, List<Row> rows, long accepted, boolean cutOff) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).seq() != i + 1) {
                problems.add(entity + ": row " + i + " of caller " + caller + " holds " + rows.get(i).seq()
                        + " (order or loss): " + rows.stream().map(r -> r.seq() + "@" + r.member() + "#"
                        + r.token()).toList());
                return problems;
            }
        }
        if (rows.size() < accepted) {
            problems.add(entity + ": " + rows.size() + " rows of caller " + caller + ", but it saw " + accepted
                    + " accepted (lost)");
        } else if (rows.size() > accepted + (cutOff ? 1 : 0)) {
            problems.add(entity + ": " + rows.size() + " rows of caller " + caller + ", but it saw only " + accepted
                    + " accepted");
        }
        return problems;
    }

    /**
     * One time span per copy (member, token) of the entity: sorted by start, each must end before the next starts,
     * and the tokens must rise (a shard's lease token rises with every new owner).
     */
    static List<String> checkCopies(String entity, List<Row> rows) {
        List<String> problems = new ArrayList<>();
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
                problems.add(entity + ": copies " + sorted.get(i - 1).getKey() + " " + span(before) + " and "
                        + sorted.get(i).getKey() + " " + span(after) + " ran at once");
            }
            if (after[2] <= before[2]) {
                problems.add(entity + ": token " + after[2] + " wrote after token " + before[2]);
            }
        }
        return problems;
    }

    private static String span(long[] s) {
        return "[" + s[0] + ".." + s[1] + " us]";
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
