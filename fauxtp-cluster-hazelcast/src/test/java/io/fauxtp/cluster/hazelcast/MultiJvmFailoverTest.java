package io.fauxtp.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.cluster.hazelcast.ChildJvms.Member;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Members in separate JVMs ({@link ClusterMemberMain}) started by the test, on loopback, sharing an H2 database
 * served from this JVM; killed with SIGKILL and paused with SIGSTOP/SIGCONT. Every copy of the singleton appends
 * (member, token, time) to {@code ticks} every 100 ms with a plain insert, so the table shows when each copy
 * really ran, whatever the members report about themselves.
 *
 * <p>A holder stopped between the last statement of a fenced write and its commit keeps the lease row locked,
 * and no member can take over until the database ends that transaction. PostgreSQL does so by itself (the fenced
 * transaction sets {@code idle_in_transaction_session_timeout} to the lease); H2 has no such setting, so this test
 * gives its H2 server a watchdog that aborts sessions idle inside a transaction for longer than the lease.
 */
@Tag("multi-jvm")
@EnabledOnOs({OS.LINUX, OS.MAC})   // SIGSTOP/SIGCONT through kill(1)
class MultiJvmFailoverTest {

    private static final System.Logger LOG = System.getLogger(MultiJvmFailoverTest.class.getName());
    private static final Duration WAIT = ChildJvms.WAIT;
    private static final Duration LEASE = ClusterMemberMain.LEASE;
    /** Hazelcast's max.no.heartbeat of the members ({@link TestClusters}). */
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);
    /** SIGKILL of the holder to an answer by name from its successor. */
    private static final Duration FAILOVER_BOUND = Duration.ofSeconds(5);
    /**
     * How long two copies may both run: a paused holder kills its copy as soon as it resumes (its lease ran out by
     * its own clock); the ticker of the resumed copy may get one tick in first, and the machine is loaded.
     */
    private static final Duration OVERLAP_BOUND = LEASE.dividedBy(3).plusSeconds(1);
    /** Ticks of one copy further apart than this belong to separate stretches of running (a pause between). */
    private static final long RUN_GAP_MILLIS = 1_000;

    private Server database;
    private JdbcDataSource dataSource;
    private String jdbcUrl;
    private final String clusterName = "fauxtp-jvms-" + UUID.randomUUID();
    private final ChildJvms jvms = new ChildJvms(clusterName, clusterName.substring(12, 20), "-Xmx256m",
            "-XX:TieredStopAtLevel=1");
    private final List<Member> members = jvms.members();
    private ScheduledExecutorService idleTransactionWatchdog;
    private final AtomicInteger abortedSessions = new AtomicInteger();

    /** An answer to a call by name, seen by a member's probe. */
    private record Answer(long atMillis, String member, long token) {}

    @BeforeEach
    void startDatabase() throws Exception {
        int port = TestClusters.freePort();
        database = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists").start();
        jdbcUrl = "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:fence-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        dataSource = new JdbcDataSource();
        dataSource.setURL(jdbcUrl);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE ticks (member VARCHAR(64) NOT NULL, token BIGINT NOT NULL, at_ms BIGINT NOT NULL)");
            s.execute("CREATE TABLE commit_seq (seq BIGINT NOT NULL)");
            s.execute("INSERT INTO commit_seq VALUES (0)");
            s.execute("CREATE TABLE fenced_work (seq BIGINT PRIMARY KEY, token BIGINT NOT NULL,"
                    + " member VARCHAR(64) NOT NULL)");
        }
        idleTransactionWatchdog = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
        abortIdleTransactions();   // once here, so that a query H2 rejects fails the test
        idleTransactionWatchdog.scheduleWithFixedDelay(() -> {
            try {
                abortIdleTransactions();
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.WARNING, "idle-transaction watchdog: " + e);
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** What PostgreSQL's idle_in_transaction_session_timeout does: end transactions whose client went quiet. */
    private void abortIdleTransactions() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT SESSION_ID FROM INFORMATION_SCHEMA.SESSIONS"
                     + " WHERE CONTAINS_UNCOMMITTED AND SESSION_STATE = 'SLEEP' AND SESSION_ID <> SESSION_ID()"
                     + " AND SLEEP_SINCE < DATEADD(MILLISECOND, -" + LEASE.toMillis() + ", CURRENT_TIMESTAMP)")) {
            List<Integer> idle = new ArrayList<>();
            while (r.next()) {
                idle.add(r.getInt(1));
            }
            for (int id : idle) {
                try (Statement abort = c.createStatement()) {
                    abort.execute("CALL ABORT_SESSION(" + id + ")");
                }
                abortedSessions.incrementAndGet();
                LOG.log(System.Logger.Level.INFO, "multi-JVM: aborted H2 session " + id + ", idle in a transaction");
            }
        }
    }

    @AfterEach
    void stopAll() throws Exception {
        idleTransactionWatchdog.shutdownNow();
        jvms.close();
        database.stop();
    }

    private List<Member> launch(int count) throws IOException {
        return jvms.launch(count, ClusterMemberMain.class, jdbcUrl);
    }

    private static void signal(String name, Member m) throws Exception {
        ChildJvms.signal(name, m);
    }

    private Member byUuid(String uuid) {
        return members.stream().filter(m -> uuid.equals(m.uuid())).findFirst().orElseThrow();
    }

    /** Every answer by name the live members' probes saw, in time order. */
    private List<Answer> answers() {
        List<Answer> all = new ArrayList<>();
        for (Member m : members) {
            for (String line : m.lines()) {
                if (line.startsWith("ANSWER ")) {
                    String[] w = line.split(" ");
                    all.add(new Answer(Long.parseLong(w[1]), w[2], Long.parseLong(w[3])));
                }
            }
        }
        all.sort(Comparator.comparingLong(Answer::atMillis));
        return all;
    }

    /** The first answer after {@code sinceMillis} from a copy with a token above {@code token}. */
    private Optional<Answer> answerAfter(long sinceMillis, long token) {
        return answers().stream().filter(a -> a.atMillis() >= sinceMillis && a.token() > token).findFirst();
    }

    private Answer currentHolder() {
        await().atMost(WAIT).until(() -> !answers().isEmpty());
        return answers().getLast();
    }

    @Test
    void aKilledHolderIsReplacedAndAnsweringByNameWithinFiveSeconds() throws Exception {
        launch(3);
        List<Long> failovers = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            Answer holder = currentHolder();
            Member victim = byUuid(holder.member());
            long killedAt = System.currentTimeMillis();
            victim.process().destroyForcibly();   // SIGKILL
            await().atMost(WAIT).until(() -> answerAfter(killedAt, holder.token()).isPresent());
            Answer next = answerAfter(killedAt, holder.token()).orElseThrow();
            long failover = next.atMillis() - killedAt;
            failovers.add(failover);
            LOG.log(System.Logger.Level.INFO, "multi-JVM: SIGKILL of the holder -> answer by name from its successor"
                    + " after " + failover + " ms (round " + (round + 1) + ")");
            assertThat(next.member()).isNotEqualTo(holder.member());
            members.remove(victim);
            launch(1);   // back to three members
        }
        record("SIGKILL -> answer by name (ms)", failovers);
        assertThat(failovers).allSatisfy(ms -> assertThat(Duration.ofMillis(ms)).isLessThanOrEqualTo(FAILOVER_BOUND));
        assertFencedCommitsNeverGoBack();
    }

    @Test
    void aHolderPausedLongerThanTheHeartbeatTimeoutNeverRunsAlongsideItsSuccessor() throws Exception {
        launch(3);
        Answer holder = currentHolder();
        Member paused = byUuid(holder.member());
        // The copy answers by name from its init, a moment before its member prints the COPY line.
        await().atMost(WAIT).until(() -> paused.last("COPY " + holder.token() + " ").isPresent());
        String copyLine = paused.last("COPY " + holder.token() + " ").orElseThrow();
        String pids = copyLine.substring(copyLine.indexOf(' ', 5) + 1);
        assertThat(paused.ask("alive " + pids, "ALIVE ")).isEqualTo("3");

        long stoppedAt = System.currentTimeMillis();
        signal("STOP", paused);
        await().atMost(WAIT).until(() -> answerAfter(stoppedAt, holder.token()).isPresent());
        long takeover = answerAfter(stoppedAt, holder.token()).orElseThrow().atMillis() - stoppedAt;
        // Paused past the heartbeat timeout: resumed only once Hazelcast dropped it from the others' member list
        // and the pause is longer than the timeout. Hazelcast counts the timeout from the paused member's last
        // heartbeat, which came before SIGSTOP, so on a loaded machine the drop can come a little sooner.
        Member survivor = members.stream().filter(m -> m != paused).findFirst().orElseThrow();
        await().atMost(WAIT).until(() -> survivor.ask("members", "MEMBERS ").startsWith("2")
                && System.currentTimeMillis() - stoppedAt > HEARTBEAT_TIMEOUT.toMillis());
        long resumedAt = System.currentTimeMillis();
        long pauseMillis = resumedAt - stoppedAt;
        assertThat(pauseMillis).isGreaterThan(HEARTBEAT_TIMEOUT.toMillis());
        long activationsBefore = activations(paused);   // it is stopped: nothing more comes from it meanwhile
        signal("CONT", paused);

        // On the resumed member, every process of its copy is dead (asked by pid, not a status flag), soon.
        await().atMost(WAIT).until(() -> paused.ask("alive " + pids, "ALIVE ").equals("0"));
        long answeredDeadMillis = System.currentTimeMillis() - resumedAt;
        assertThat(Duration.ofMillis(answeredDeadMillis)).isLessThanOrEqualTo(OVERLAP_BOUND.plusSeconds(1));
        // It stays out: it never takes the lease again, not even for a moment while its member list is being cut
        // down (ACTIVE is printed when it took the lease, before the tree starts), and never starts a copy.
        long copiesBefore = paused.lines().stream().filter(l -> l.startsWith("COPY ")).count();
        // The successor goes on ticking for longer than the bound, so a copy that was not stopped shows an overlap
        // beyond it.
        long ticksOfSuccessor = (OVERLAP_BOUND.toMillis() + 2_000) / ClusterMemberMain.TICK.toMillis();
        await().atMost(WAIT).until(() -> ticksSince(resumedAt, paused.uuid()) >= ticksOfSuccessor);
        assertThat(paused.lines().stream().filter(l -> l.startsWith("COPY ")).count())
                .as("COPY lines of the resumed member; all its lines: %s", paused.lines()).isEqualTo(copiesBefore);
        assertThat(activations(paused))
                .as("ACTIVE lines of the resumed member; all its lines: %s", paused.lines()).isEqualTo(activationsBefore);

        long overlap = maxOverlapMillis();
        LOG.log(System.Logger.Level.INFO, "multi-JVM: SIGSTOP of the holder -> answer by name from its successor after "
                + takeover + " ms; paused " + pauseMillis + " ms; its copy's pids dead when asked " + answeredDeadMillis
                + " ms after SIGCONT; longest overlap of two copies " + overlap + " ms (H2 sessions aborted: "
                + abortedSessions + "); members seen by the resumed one: " + paused.ask("members", "MEMBERS "));
        record("SIGSTOP -> answer by name (ms)", List.of(takeover));

        // Hazelcast merges the resumed member back (under a new uuid): it takes no singleton again, even when the
        // holder dies and it is one of the two members left.
        await().atMost(WAIT).until(() -> paused.ask("members", "MEMBERS ").equals("3 split-off"));
        Answer successor = currentHolder();
        long killedAt = System.currentTimeMillis();
        byUuid(successor.member()).process().destroyForcibly();
        await().atMost(WAIT).until(() -> answerAfter(killedAt, successor.token()).isPresent());
        Answer third = answerAfter(killedAt, successor.token()).orElseThrow();
        assertThat(third.member()).isNotEqualTo(paused.uuid()).isNotEqualTo(successor.member());
        assertThat(paused.lines().stream().filter(l -> l.startsWith("COPY ")).count())
                .as("COPY lines of the resumed member; all its lines: %s", paused.lines()).isEqualTo(copiesBefore);
        assertThat(activations(paused))
                .as("ACTIVE lines of the resumed member; all its lines: %s", paused.lines()).isEqualTo(activationsBefore);
        record("SIGCONT -> overlap of two copies (ms)", List.of(overlap));
        record("SIGCONT -> old copy's pids all dead, as answered (ms)", List.of(answeredDeadMillis));
        assertThat(Duration.ofMillis(overlap)).isLessThanOrEqualTo(OVERLAP_BOUND);
        assertFencedCommitsNeverGoBack();
    }

    /** How often {@code m} took the lease and began starting a copy. */
    private static long activations(Member m) {
        return m.lines().stream().filter(l -> l.startsWith("ACTIVE ")).count();
    }

    /** Ticks since {@code millis} of copies on other members than {@code except}. */
    private long ticksSince(long millis, String except) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM ticks WHERE at_ms > " + millis
                     + " AND member <> '" + except + "'")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** A stretch of time in which one copy ticked without a gap. */
    private record Run(String copy, long from, long to) {}

    /**
     * The longest time two copies both ran: each copy's ticks, split where they are more than {@link #RUN_GAP_MILLIS}
     * apart (a paused JVM does not run), give stretches of running; two stretches of different copies overlap for
     * the length of their intersection.
     */
    private long maxOverlapMillis() throws SQLException {
        Map<String, List<Long>> byCopy = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT member, token, at_ms FROM ticks ORDER BY at_ms")) {
            while (r.next()) {
                byCopy.computeIfAbsent(r.getString(1) + "/" + r.getLong(2), k -> new ArrayList<>()).add(r.getLong(3));
            }
        }
        assertThat(byCopy).hasSizeGreaterThanOrEqualTo(2);
        List<Run> runs = new ArrayList<>();
        byCopy.forEach((copy, times) -> {
            long from = times.getFirst();
            long to = from;
            for (long t : times) {
                if (t - to > RUN_GAP_MILLIS) {
                    runs.add(new Run(copy, from, to));
                    from = t;
                }
                to = t;
            }
            runs.add(new Run(copy, from, to));
        });
        long max = 0;
        for (Run a : runs) {
            for (Run b : runs) {
                long overlap = Math.min(a.to(), b.to()) - Math.max(a.from(), b.from());
                if (!a.copy().equals(b.copy()) && overlap > max) {
                    max = overlap;
                    LOG.log(System.Logger.Level.INFO, "multi-JVM: " + a + " and " + b + " overlap " + overlap + " ms");
                }
            }
        }
        return max;
    }

    /** In commit order (seq is taken under a row lock held to the commit), tokens never go back. */
    private void assertFencedCommitsNeverGoBack() throws SQLException {
        long previous = 0;
        int count = 0;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT seq, token FROM fenced_work ORDER BY seq")) {
            while (r.next()) {
                assertThat(r.getLong(2)).as("token of the fenced write committed as number %d", r.getLong(1))
                        .isGreaterThanOrEqualTo(previous);
                previous = r.getLong(2);
                count++;
            }
        }
        assertThat(count).isGreaterThan(10);
    }

    /** Appends figures to target/multi-jvm-figures.txt, for the record. */
    private static void record(String what, List<Long> millis) throws IOException {
        List<Long> sorted = millis.stream().sorted().toList();
        String line = what + ": runs " + millis + ", median " + sorted.get(sorted.size() / 2) + System.lineSeparator();
        Files.writeString(Path.of("target", "multi-jvm-figures.txt"), line, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
