package io.fauxtp.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.fauxtp.cluster.hazelcast.ChildJvms.Member;
import io.fauxtp.text.TextCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharded entities on three members in separate JVMs, their leases and their log in a real PostgreSQL database:
 * this JVM runs one member and starts two more as child JVMs ({@link ShardMemberMain}). Calls enter through every
 * member: this JVM's callers and each child's own callers (named by its member uuid) give every entity numbered
 * calls, each through its own member's region, so a member that still believed it owned a shard would start the
 * shard's entities for its own callers while their new owner runs them too. While the entities take calls, one
 * child JVM is paused with SIGSTOP until the others drop it, resumed (its callers go on at once; calls that waited
 * for it and calls its entities were in the middle of must not commit: its leases are gone), then killed with
 * SIGKILL, and a new one joins; the callers go on until the new member holds shards, and then call every entity
 * once more. Afterwards every entity answers, and the log ({@link ShardLedger}) shows, for every caller, each
 * entity's numbers in order and every call the caller saw accepted once; and for every entity, the time spans of
 * its copies (member, token) one after the other, never two at once.
 *
 * <p>The test has 10,000 entities; {@code -Dshard-test.jvm-entities=N} sets another number.
 */
@Tag("multi-jvm")
@EnabledOnOs({OS.LINUX, OS.MAC})   // SIGKILL through Process.destroyForcibly
class MultiJvmShardingTest {

    private static final System.Logger LOG = System.getLogger(MultiJvmShardingTest.class.getName());
    private static final Duration WAIT = ChildJvms.WAIT;
    private static final int ENTITIES = Integer.getInteger("shard-test.jvm-entities", 10_000);
    private static final int MIN_ROUNDS = 3;
    private static final int CALLERS = 64;
    /** Caller threads in each child JVM: fewer than this JVM's, so the children add load without doubling it. */
    private static final int CHILD_CALLERS = 8;
    /**
     * The options of every member, in this JVM and in the children. The lease is long against the pause (the
     * others drop the paused member after 15 s and take its shards from a member that is gone): the resumed member
     * learns that it lost its shards only at its next renewal, up to a third of the lease later, as a member cut
     * off by a partition would, and meanwhile its own callers reach the entities it still runs. Only the fence
     * keeps those copies from committing next to the new owners'.
     */
    static final ShardRegion.Options OPTIONS = ShardRegion.Options.defaults()
            .withShards(60).withLease(Duration.ofSeconds(30)).withPassivateAfter(Duration.ofMinutes(5))
            .withCallTimeout(Duration.ofSeconds(5)).withExpectedMembers(3);

    /**
     * How long a member goes without heartbeats before the others drop it, in every member of this test (5 s in
     * {@link TestClusters}): a child JVM starved of CPU on a loaded machine once went more than 5 s without one and was
     * dropped next to the paused one, which left this JVM without a quorum.
     */
    static final String MAX_NO_HEARTBEAT_SECONDS = "15";


    @TempDir
    Path acceptedFiles;

    @RegisterExtension
    static final PostgresPool postgres = new PostgresPool(16);

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String log = "shard_jvm_log_" + suffix;
    private final String leases = "shard_jvm_lease_" + suffix;
    private final String clusterName = "fauxtp-shard-jvms-" + suffix;
    private final ChildJvms jvms = new ChildJvms(clusterName, "shards-" + suffix, "-Xmx384m",
            "-XX:TieredStopAtLevel=1");
    /** A failed test prints the output of every member JVM it started (before {@link #stop()} kills them). */
    @RegisterExtension
    final AfterTestExecutionCallback childOutputOnFailure = context -> context.getExecutionException()
            .ifPresent(e -> jvms.dump(System.out));
    private ShardLedger ledger;
    private HazelcastInstance hazelcast;
    private FauxtpCluster cluster;
    private ShardRegion region;

    @BeforeEach
    void form() throws Exception {
        ledger = new ShardLedger(postgres.pool(), log);
        ledger.create();
        int port = jvms.reservePort();
        Config config = TestClusters.config(clusterName, port, jvms.ports());
        // A split-brain merge restarts every member of the merging side under a new uuid, which fauxtp keeps out
        // of the shards from then on (FauxtpCluster.splitOff()), and only the master of the side that should merge
        // starts one. This JVM's member never starts a merge, so the merge after the pause can only bring the
        // resumed member back into this side, never restart this member (which happened once on an idle machine).
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "3600");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "3600");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", MAX_NO_HEARTBEAT_SECONDS);
        hazelcast = Hazelcast.newHazelcastInstance(config);
        cluster = FauxtpCluster.join(hazelcast, "test-jvm", TextCodec.standard());
        region = ShardRegion.start(cluster, postgres.pool(), ShardLedger.TYPE, ledger.entity(), id -> id,
                OPTIONS.withTable(leases));
        launchMembers(2);
        await().atMost(WAIT).until(() -> cluster.members().size() == 3);
    }

    private List<Member> launchMembers(int count) throws Exception {
        return jvms.launch(count, ShardMemberMain.class, postgres.server().url(), log, leases,
                Integer.toString(ENTITIES), Integer.toString(CHILD_CALLERS), acceptedFiles.toString());
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (region != null) {
                region.close();
            }
            if (cluster != null) {
                cluster.close();
            }
            if (hazelcast != null) {
                hazelcast.getLifecycleService().terminate();
            }
        } finally {
            jvms.close();
            ledger.drop(leases);
        }
    }

    /** What the callers of a child member saw accepted: the last number of each entity, from its file. */
    private ShardLedger.Seen seenBy(Member m, boolean cutOff) throws IOException {
        Map<String, Long> accepted = new HashMap<>();
        for (String line : Files.readAllLines(acceptedFiles.resolve("accepted-" + m.uuid() + ".log"))) {
            String[] parts = line.split(" ");
            accepted.merge(parts[0], Long.parseLong(parts[1]), Math::max);
        }
        return new ShardLedger.Seen(accepted, cutOff, CHILD_CALLERS);
    }

    /** The STATS line of a child member: shards held, entities running, gaps, fence refusals, calls made, leases lost. */
    private static long[] stats(Member m) {
        String[] words = m.ask("stats", "STATS ").split(" ");
        long[] values = new long[words.length];
        for (int i = 0; i < words.length; i++) {
            values[i] = Long.parseLong(words[i]);
        }
        return values;
    }

    /** A shard's lease row, as the database holds it now. */
    record LeaseRow(String owner, long token, long leaseUntilMillis) {}

    /** Every shard's lease row, as the database holds them now. */
    private Map<Integer, LeaseRow> leaseRows() throws SQLException {
        Map<Integer, LeaseRow> rows = new TreeMap<>();
        String prefix = "fauxtp.shard." + ShardLedger.TYPE + ".";
        try (Connection c = postgres.pool().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT name, owner, token, lease_until FROM " + leases)) {
            while (r.next()) {
                if (r.getString(1).startsWith(prefix)) {
                    rows.put(Integer.parseInt(r.getString(1).substring(prefix.length())),
                            new LeaseRow(r.getString(2), r.getLong(3), r.getLong(4)));
                }
            }
        }
        return rows;
    }

    /**
     * Notes, by shard, when (ms after {@code since}) each shard the paused member held at the pause ({@code atPause})
     * got a new token: the figures of the takeover, for the log and a failure's message.
     */
    private void noteTakeovers(Map<Integer, LeaseRow> atPause, Map<Integer, Long> takenAfter, long since)
            throws SQLException {
        leaseRows().forEach((shard, row) -> {
            LeaseRow before = atPause.get(shard);
            if (before != null && row.token() != before.token()) {
                takenAfter.putIfAbsent(shard, millisSince(since));
            }
        });
    }

    private LeaseRow leaseRow(int shard) throws SQLException {
        try (Connection c = postgres.pool().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT owner, token, lease_until FROM " + leases
                     + " WHERE name = ?")) {
            s.setString(1, "fauxtp.shard." + ShardLedger.TYPE + "." + shard);
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).as("lease row of shard %d", shard).isTrue();
                return new LeaseRow(r.getString(1), r.getLong(2), r.getLong(3));
            }
        }
    }

    /**
     * Whether every statement on a lease row that waits for the row's lock has waited within its bound, with slack
     * for a loaded machine; else fails, saying what it saw. A member taking a lease waits 250 ms at most (5 s
     * allowed), the fence's last {@code UPDATE} a third of the lease (20 s allowed): the paused member's fenced
     * transactions of the held shard, paused while they wait for its lock, must give up on the server rather than
     * take the lock in turn, each for another lease. (The paused member's renewal of the held shard waits too,
     * unbounded; it commits at once when it gets the lock, so it is left out.)
     */
    private boolean lockWaitsWithinBounds(Supplier<String> saw) throws SQLException {
        List<String> overlong = new ArrayList<>();
        try (Connection c = postgres.pool().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT pid, EXTRACT(EPOCH FROM now() - query_start)::INT, query"
                     + " FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                     + " AND query LIKE 'UPDATE " + leases + " SET %'")) {
            while (r.next()) {
                String query = r.getString(3);
                int bound = query.contains("SET lease_until = lease_until") ? 20
                        : query.contains("token = token + 1") ? 5 : Integer.MAX_VALUE;
                if (r.getInt(2) > bound) {
                    overlong.add("pid " + r.getInt(1) + " for " + r.getInt(2) + " s (more than " + bound + " s): "
                            + query);
                }
            }
        }
        if (!overlong.isEmpty()) {
            throw new AssertionError("statements wait for a lease row's lock past their bound: " + overlong
                    + "; saw " + saw.get());
        }
        return true;
    }

    /** Runs {@code sql}, for a wait's condition: true. */
    private static boolean noted(SqlRunnable sql) throws SQLException {
        sql.run();
        return true;
    }

    @FunctionalInterface
    private interface SqlRunnable {
        void run() throws SQLException;
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    /** Waits up to {@link #WAIT} for {@code condition}; if in vain, fails saying what it waited for and what it saw. */
    private static void awaitOr(String what, Callable<Boolean> condition, Supplier<String> saw) {
        try {
            await().alias(what).atMost(WAIT).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("waited " + WAIT.toSeconds() + " s in vain until " + what + "; saw " + saw.get(),
                    e);
        }
    }

    /**
     * What the test saw while the member was paused: time since the pause, the member list, this JVM's calls and
     * where its caller threads are, each shard's lease row (who holds it, token, seconds left; the held shard
     * marked), and the database's transactions left idle (the paused member's).
     */
    private String situation(long stoppedAt, long stoppedAfter, ShardLedger.Callers callers, Member victim,
                             int heldShard) {
        StringBuilder b = new StringBuilder();
        b.append(millisSince(stoppedAt)).append(" ms after the pause; members ").append(cluster.members().size())
                .append(" (paused: ").append(victim.uuid()).append(", this: ").append(cluster.localMember())
                .append("); this JVM's calls ").append(callers.calls.get()).append(" (").append(stoppedAfter)
                .append(" at the pause), ").append(callers.whereCalling(region::shardOf)).append(", failed calls ")
                .append(callers.failures).append("; this member ").append(region.stats()).append("\nlease rows:");
        try {
            long now = System.currentTimeMillis();
            for (int shard = 0; shard < OPTIONS.shards(); shard++) {
                LeaseRow row = leaseRow(shard);
                String owner = row.owner().equals(victim.uuid()) ? "PAUSED"
                        : row.owner().equals(cluster.localMember().toString()) ? "this"
                        : row.owner().isEmpty() ? "-" : row.owner().substring(0, 8);
                b.append(shard == heldShard ? " [HELD " : " [").append(shard).append(' ').append(owner).append(" #")
                        .append(row.token()).append(' ').append(row.leaseUntilMillis() == 0 ? "given up"
                                : (row.leaseUntilMillis() - now) / 1000 + "s").append(']');
            }
            // Transactions left idle (a paused member's), and statements waiting for a lock (and for whom).
            try (Connection c = postgres.pool().getConnection(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT pid, state, EXTRACT(EPOCH FROM now() - state_change)::INT,"
                         + " pg_blocking_pids(pid)::TEXT, LEFT(query, 90) FROM pg_stat_activity"
                         + " WHERE datname = current_database() AND (state LIKE 'idle in transaction%'"
                         + " OR wait_event_type = 'Lock') ORDER BY state_change")) {
                b.append("\nidle transactions and lock waits:");
                while (r.next()) {
                    b.append("\n  pid ").append(r.getInt(1)).append(' ').append(r.getString(2)).append(" for ")
                            .append(r.getInt(3)).append(" s, blocked by ").append(r.getString(4)).append(": ")
                            .append(r.getString(5));
                }
            }
        } catch (SQLException e) {
            b.append(" (cannot read them: ").append(e).append(')');
        }
        return b.toString();
    }

    /** The last number each entity accepted from the {@link Probe}: 1 for the probed ones. */
    private final Map<String, Long> probeAccepted = new ConcurrentHashMap<>();

    /**
     * Calls one entity of every shard but one through this JVM's member, all at once, as caller {@value #CALLER}
     * with number 1, each again and again (the same number) until it is accepted; its rows are checked with the
     * others' at the end.
     */
    private final class Probe {
        static final String CALLER = "probe";
        final Set<Integer> answered = ConcurrentHashMap.newKeySet();
        /** When each shard answered, in ms after the probe started. */
        final Map<Integer, Long> answeredAfter = new ConcurrentSkipListMap<>();
        private final long started = System.nanoTime();
        private final Map<Integer, String> entities = new TreeMap<>();
        private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        private volatile boolean stopped;

        Probe(int except) {
            for (int e = 0; e < ENTITIES && entities.size() < OPTIONS.shards() - 1; e++) {
                String id = ShardLedger.Callers.id(e);
                int shard = region.shardOf(id);
                if (shard != except) {
                    entities.putIfAbsent(shard, id);
                }
            }
            entities.forEach((shard, id) -> threads.submit(() -> {
                while (!stopped) {
                    try {
                        Long answer = region.call(id, ShardLedger.request(CALLER, 1));
                        assertThat(answer).isEqualTo(1L);
                        probeAccepted.put(id, 1L);
                        answeredAfter.put(shard, millisSince(started));
                        answered.add(shard);
                        return;
                    } catch (RuntimeException e) {   // owner gone, timeout while its shard moves: again
                        LOG.log(System.Logger.Level.DEBUG, () -> "probe of shard " + shard + ": " + e);
                    }
                }
            }));
        }

        List<Integer> missing() {
            return entities.keySet().stream().filter(s -> !answered.contains(s)).toList();
        }

        void stop() throws InterruptedException {
            stopped = true;
            threads.shutdown();
            assertThat(threads.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).as("probe calls ended").isTrue();
        }
    }

    @Test
    void entitiesInThreeJvmsAnswerInOrderOnOneMemberAtATimeWhileOneIsPausedThenKilledAndAnotherJoins() throws Exception {
        AtomicBoolean joined = new AtomicBoolean();
        long started = System.nanoTime();
        ShardLedger.Callers callers = new ShardLedger.Callers("test", ENTITIES, CALLERS, MIN_ROUNDS, joined::get,
                () -> region, WAIT);
        Map<String, Long> accepted = callers.accepted;
        Map<String, ShardLedger.Seen> seen = new HashMap<>();
        try {
            await().atMost(WAIT).until(() -> callers.calls.get() >= ENTITIES / 2);
            Member victim = jvms.members().getLast();
            assertThat(stats(victim)[1]).as("entities running on the member to be paused and killed").isPositive();
            assertThat(stats(victim)[4]).as("calls made by the callers of the member to be paused").isPositive();

            // Paused until the others drop it: its shards move while its entities may be in the middle of a call,
            // and calls for them wait in its sockets. Resumed, it must not commit any of them (the fence). It is
            // paused while one of its entities is inside a fenced transaction holding its shard's lease row locked
            // (the worst moment): the others must wait for that shard alone, and keep every other shard running.
            int heldShard = Integer.parseInt(victim.ask("hold", "HOLDING "));
            LeaseRow heldRow = leaseRow(heldShard);
            assertThat(heldRow.owner()).as("owner of the held shard %d", heldShard).isEqualTo(victim.uuid());
            long stoppedAfter = callers.calls.get();
            Map<Integer, LeaseRow> victimsAtPause = new TreeMap<>(leaseRows());
            victimsAtPause.values().removeIf(row -> !row.owner().equals(victim.uuid()));
            Map<Integer, Long> takenAfter = new ConcurrentHashMap<>();
            long stoppedAt = System.nanoTime();
            ChildJvms.signal("STOP", victim);
            Supplier<String> saw = () -> situation(stoppedAt, stoppedAfter, callers, victim, heldShard)
                    + "\nthe paused member's shards taken over after (ms) " + new TreeMap<>(takenAfter);
            // From the pause until the held shard is taken over, every wait also checks that no statement on a
            // lease row waits for its lock past its bound (the database's own timeouts, with slack).
            Callable<Boolean> dropped = () -> lockWaitsWithinBounds(saw) && cluster.members().size() == 2;
            awaitOr("the others drop the paused member", dropped, saw);
            long droppedMillis = millisSince(stoppedAt);
            // Every caller thread has entities in the held shard, and calls its entities one after another: soon
            // each waits for that shard, so the calls they make say nothing about the other shards (and count
            // on the held shard's takeover). A probe calls one entity of every other shard at once instead. (A
            // shard whose row the paused member happened to hold locked in a commit at the pause waits as the held
            // one does, one lease; WAIT allows for it: the bound that matters is the lock waits'.)
            Probe probe = new Probe(heldShard);
            try {
                awaitOr("every shard but the held one answers while the paused member stays stopped",
                        () -> lockWaitsWithinBounds(saw) && noted(() -> noteTakeovers(victimsAtPause, takenAfter,
                                stoppedAt)) && probe.missing().isEmpty(),
                        () -> "shards not answered " + probe.missing() + "; " + saw.get());
            } finally {
                probe.stop();
            }
            long othersMillis = millisSince(stoppedAt);
            boolean heldStillWaiting = leaseRow(heldShard).token() == heldRow.token();
            awaitOr("a live member takes the held shard over once its row is unlocked",
                    () -> lockWaitsWithinBounds(saw) && noted(() -> noteTakeovers(victimsAtPause, takenAfter,
                            stoppedAt)) && leaseRow(heldShard).token() > heldRow.token(), saw);
            long heldMillis = millisSince(stoppedAt);
            awaitOr("this JVM's callers go on past the held shard",
                    () -> callers.calls.get() >= stoppedAfter + ENTITIES / 2, saw);
            LOG.log(System.Logger.Level.INFO, "multi-JVM shards: member JVM paused holding the lease row of shard "
                    + heldShard + "; after the pause, dropped in " + droppedMillis + " ms, every other shard answered"
                    + " in " + othersMillis + " ms (the held shard " + (heldStillWaiting ? "still" : "no longer")
                    + " waiting), the held shard taken over in " + heldMillis + " ms, callers past it in "
                    + millisSince(stoppedAt) + " ms; the paused member's shards taken over after (ms) "
                    + new TreeMap<>(takenAfter) + ", shards answering the probe after (ms) " + probe.answeredAfter);
            ChildJvms.signal("CONT", victim);
            victim.ask("release", "RELEASED");
            await().atMost(WAIT).until(() -> stats(victim)[0] == 0);   // it runs again, and holds no shard
            LOG.log(System.Logger.Level.INFO, "multi-JVM shards: member JVM paused after " + stoppedAfter
                    + " calls, resumed after " + callers.calls.get() + "; its stats " + java.util.Arrays.toString(
                    stats(victim)));

            long killedAfter = callers.calls.get();
            victim.process().destroyForcibly();   // SIGKILL
            assertThat(victim.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
            jvms.members().remove(victim);
            seen.put(victim.uuid(), seenBy(victim, true));
            LOG.log(System.Logger.Level.INFO, "multi-JVM shards: member JVM killed after " + killedAfter + " calls");
            await().atMost(WAIT).until(() -> callers.calls.get() >= killedAfter + ENTITIES / 2);

            long joinedAfter = callers.calls.get();
            Member newcomer = launchMembers(1).getFirst();
            await().atMost(WAIT).until(() -> stats(newcomer)[0] > 0);
            joined.set(true);   // from now on every caller calls each of its entities once more
            LOG.log(System.Logger.Level.INFO, "multi-JVM shards: a new member JVM joined after " + joinedAfter
                    + " calls and holds " + stats(newcomer)[0] + " shards after " + callers.calls.get() + " calls");
            callers.join(WAIT.multipliedBy(5));
            for (Member m : jvms.members()) {   // the children's callers stop after the calls they are making
                assertThat(m.ask("halt", "HALTED ")).as("callers of child %s", m.uuid()).endsWith(" ok");
                seen.put(m.uuid(), seenBy(m, false));
            }
        } finally {
            callers.stop();
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(cluster.splitOff()).as("this JVM's member was split off and merged back").isFalse();

        // Every entity answers afterwards, with the last number it accepted.
        for (int e = 0; e < ENTITIES; e++) {
            String id = ShardLedger.Callers.id(e);
            assertThat(region.<Long>call(id, ShardLedger.request("test", accepted.get(id))))
                    .isEqualTo(accepted.get(id));
        }
        List<long[]> childStats = new ArrayList<>();
        for (Member m : jvms.members()) {
            childStats.add(stats(m));
        }
        assertThat(childStats).as("the members left and the new one hold shards").allMatch(s -> s[0] > 0);
        LOG.log(System.Logger.Level.INFO, () -> "multi-JVM shards: " + ENTITIES + " entities, " + callers.calls.get()
                + " calls in " + elapsedMillis + " ms; failed calls " + callers.failures + "; this member "
                + region.stats() + ", fence refusals " + ledger.fenceRefusals.get() + "; children (shards, entities,"
                + " gaps, refusals, calls, losses) " + childStats.stream().map(java.util.Arrays::toString).toList());

        seen.put("test", ShardLedger.Seen.complete(accepted));
        assertThat(seen.values()).as("callers of every member had calls accepted")
                .hasSize(4).allMatch(s -> !s.accepted().isEmpty());
        seen.put(Probe.CALLER, ShardLedger.Seen.complete(probeAccepted));
        assertThat(ledger.problems(seen, ENTITIES)).as("per-caller order, no loss, no overlap").isEmpty();
        assertThat(ledger.gaps.get()).as("gaps seen by the entities of this JVM").isZero();
        assertThat(childStats).as("gaps seen by the entities of the child JVMs").allMatch(s -> s[2] == 0);
        // The paused member's locked lease row held up the takeover of its shard only: no other member lost a
        // lease (and killed its entities) because a statement waited on that row.
        assertThat(region.losses()).as("leases this JVM's member lost").isZero();
        assertThat(childStats).as("leases the other child JVMs lost").allMatch(s -> s[5] == 0);
    }
}
