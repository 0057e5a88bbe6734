package io.fauxtp.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Members in separate JVMs started by the test, on loopback, sharing an H2 database served from this JVM.
 * SIGKILL the singleton's JVM: the tree runs elsewhere within seconds. SIGSTOP the next holder and SIGCONT it
 * after another member took over: the resumed copy stops, and no write of a former holder ever commits after
 * a newer token's (every write of the singleton is fenced in SQL).
 *
 * <p>A holder stopped between the last statement of a fenced write and its commit keeps the lease row locked,
 * and no member can take over until the database ends that transaction. PostgreSQL does so by itself (the fenced
 * transaction sets {@code idle_in_transaction_session_timeout} to the lease); H2 has no such setting, so this test
 * gives its H2 server a watchdog that aborts sessions idle inside a transaction for longer than the lease.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})   // SIGSTOP/SIGCONT through kill(1)
class MultiJvmFailoverTest {

    private static final System.Logger LOG = System.getLogger(MultiJvmFailoverTest.class.getName());
    private static final Duration WAIT = Duration.ofSeconds(40);
    /** The singleton lease of {@link ClusterMemberMain}. */
    private static final Duration LEASE = Duration.ofSeconds(3);

    /** A member JVM and what it printed. */
    private record Member(Process process, List<String> lines, String uuid) {
        boolean printed(String line) {
            return lines.contains(line);
        }
    }

    private Server database;
    private JdbcDataSource dataSource;
    private String jdbcUrl;
    private final String clusterName = "fauxtp-jvms-" + UUID.randomUUID();
    private final List<Member> members = new CopyOnWriteArrayList<>();
    private final List<Process> processes = new CopyOnWriteArrayList<>();
    /** The Hazelcast ports of every member launched, live or not: a new member joins through any live one. */
    private final List<Integer> ports = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService idleTransactionWatchdog;
    private final AtomicInteger abortedSessions = new AtomicInteger();

    @BeforeEach
    void startDatabase() throws Exception {
        int port = TestClusters.freePort();
        database = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists").start();
        jdbcUrl = "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:fence-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        dataSource = new JdbcDataSource();
        dataSource.setURL(jdbcUrl);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE fenced_work (id BIGINT AUTO_INCREMENT PRIMARY KEY, token BIGINT NOT NULL,"
                    + " member VARCHAR(64) NOT NULL, at_ms BIGINT NOT NULL)");
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
        for (Process p : processes) {   // every JVM started, also those that never reported READY
            p.destroyForcibly();           // SIGKILL ends a SIGSTOPped process too
        }
        for (Process p : processes) {
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("member JVM %d ended", p.pid()).isTrue();
        }
        database.stop();
    }

    private List<Member> launch(int count) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<Integer> newPorts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            newPorts.add(TestClusters.freePort());
        }
        ports.addAll(newPorts);
        String peers = String.join(",", ports.stream().map(String::valueOf).toList());
        List<Process> launched = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            File log = new File("target/multi-jvm-" + clusterName.substring(12, 20) + "-" + (members.size() + i) + ".log");
            Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), ClusterMemberMain.class.getName(), clusterName, jdbcUrl,
                    Integer.toString(newPorts.get(i)), peers)
                    .redirectError(log).start();
            processes.add(p);
            launched.add(p);
        }
        List<Member> started = new ArrayList<>();
        Map<Process, String> ready = new ConcurrentHashMap<>();
        for (Process p : launched) {
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                        if (line.startsWith("READY ")) {
                            ready.put(p, line.substring(6));
                        }
                    }
                } catch (IOException e) {
                    lines.add("EOF " + e);
                }
            });
            started.add(new Member(p, lines, null));
        }
        await().atMost(WAIT).until(() -> ready.size() == count);
        List<Member> withIds = started.stream().map(m -> new Member(m.process(), m.lines(), ready.get(m.process()))).toList();
        members.addAll(withIds);
        return withIds;
    }

    private static void signal(String name, Member m) throws Exception {
        if (m.process().isAlive()) {
            new ProcessBuilder("kill", "-" + name, Long.toString(m.process().pid())).inheritIO().start().waitFor();
        }
    }

    /** A committed fenced write. */
    private record Write(long id, long token, String member) {}

    private List<Write> writes() throws SQLException {
        List<Write> all = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, token, member FROM fenced_work ORDER BY id")) {
            while (r.next()) {
                all.add(new Write(r.getLong(1), r.getLong(2), r.getString(3)));
            }
        }
        return all;
    }

    private Write latest() throws SQLException {
        List<Write> all = writes();
        return all.isEmpty() ? null : all.getLast();
    }

    private Member byUuid(String uuid) {
        return members.stream().filter(m -> uuid.equals(m.uuid())).findFirst().orElseThrow();
    }

    @Test
    void killedHolderIsReplacedAndAPausedOneNeverWritesAfterATakeover() throws Exception {
        launch(3);
        await().atMost(WAIT).until(() -> latest() != null);
        Write first = latest();
        Member holder = byUuid(first.member());

        long killedAt = System.nanoTime();
        holder.process().destroyForcibly();   // SIGKILL
        await().atMost(WAIT).until(() -> latest().token() > first.token());
        long failoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        LOG.log(System.Logger.Level.INFO, "multi-JVM: SIGKILL of the holder -> tree writing on another JVM after "
                + failoverMillis + " ms");
        assertThat(latest().member()).isNotEqualTo(first.member());

        launch(1);   // back to three members, so that two still make a quorum while one is paused
        Write second = latest();
        Member paused = byUuid(second.member());
        long stoppedAt = System.nanoTime();
        signal("STOP", paused);
        await().atMost(WAIT).until(() -> latest().token() > second.token());
        long takeoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
        LOG.log(System.Logger.Level.INFO, "multi-JVM: SIGSTOP of the holder -> taken over after "
                + takeoverMillis + " ms (H2 sessions aborted for idling in a transaction: " + abortedSessions + ")");
        Write third = latest();
        assertThat(third.member()).isNotEqualTo(second.member());

        signal("CONT", paused);
        // The resumed former holder finds its token gone at its next renewal and stops its copy.
        await().atMost(WAIT).until(() -> paused.printed("INACTIVE"));
        long afterResume = latest().id();
        await().atMost(WAIT).until(() -> latest().id() > afterResume + 5);

        // At no moment did two copies both pass the fence: in commit order, tokens never go back, and each
        // token belongs to one member.
        List<Write> all = writes();
        Map<Long, String> ownerOfToken = new ConcurrentHashMap<>();
        long previous = 0;
        for (Write w : all) {
            assertThat(w.token()).as("token of write %d", w.id()).isGreaterThanOrEqualTo(previous);
            previous = w.token();
            assertThat(ownerOfToken.computeIfAbsent(w.token(), t -> w.member())).isEqualTo(w.member());
        }
        assertThat(ownerOfToken).hasSizeGreaterThanOrEqualTo(3);
    }
}
