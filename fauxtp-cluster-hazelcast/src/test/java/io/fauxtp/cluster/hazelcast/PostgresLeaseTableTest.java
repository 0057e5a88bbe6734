package io.fauxtp.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static io.fauxtp.cluster.hazelcast.internal.LeaseTable.Acquisition.LOCKED;
import static io.fauxtp.cluster.hazelcast.internal.LeaseTable.Acquisition.LOST;
import static io.fauxtp.cluster.hazelcast.internal.LeaseTable.Acquisition.TAKEN;
import static org.awaitility.Awaitility.await;

import io.fauxtp.cluster.hazelcast.internal.LeaseTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The singleton lease and fencing table on PostgreSQL, the production database of a cluster: takeover by token,
 * renewal only by the holder, fenced work that commits only under the current token, a holder paused in its
 * fenced work that does not hold up a takeover, and the server-side bound on a fenced transaction left idle (an
 * acquisition meanwhile gives up on the locked row at once and succeeds once the server ended the transaction).
 */
class PostgresLeaseTableTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final long LEASE_MILLIS = 3_000;

    @RegisterExtension
    static final PostgresPool postgres = new PostgresPool(0);

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String leases = "lease_" + suffix;
    private final String work = "work_" + suffix;
    private final AtomicLong now = new AtomicLong(1_000_000);
    private LeaseTable table;

    @BeforeEach
    void createTables() throws SQLException {
        table = new LeaseTable(postgres.server().dataSource(), leases);
        table.ensure("ticker");
        table.ensure("ticker");   // idempotent: every member calls it
        execute("CREATE TABLE " + work + " (token BIGINT NOT NULL)");
    }

    @AfterEach
    void dropTables() throws SQLException {
        execute("DROP TABLE IF EXISTS " + leases);
        execute("DROP TABLE IF EXISTS " + work);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = postgres.server().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private long committedWrites() throws SQLException {
        try (Connection c = postgres.server().dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + work)) {
            r.next();
            return r.getLong(1);
        }
    }

    private boolean write(String owner, long token) throws SQLException {
        return table.fenced("ticker", owner, token, now::get, LEASE_MILLIS, c -> insert(c, token));
    }

    private void insert(Connection c, long token) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + work + " (token) VALUES (?)")) {
            s.setLong(1, token);
            s.executeUpdate();
        }
    }

    @Test
    void theTokenMovesOnAtEachTakeoverAndOnlyItsHolderRenewsAndWrites() throws SQLException {
        assertThat(table.read("ticker").orElseThrow()).isEqualTo(new LeaseTable.Lease("", 0, 0));
        assertThat(table.acquire("ticker", "a", 0, now.get() + LEASE_MILLIS)).isEqualTo(TAKEN);
        assertThat(table.acquire("ticker", "b", 0, now.get() + LEASE_MILLIS)).as("stale observed token")
                .isEqualTo(LOST);
        assertThat(table.holds("ticker", "a", 1, now.get())).isTrue();
        assertThat(table.renew("ticker", "b", 1, now.get() + LEASE_MILLIS)).isFalse();
        assertThat(table.renew("ticker", "a", 1, now.get() + 2 * LEASE_MILLIS)).isTrue();
        assertThat(write("a", 1)).isTrue();
        assertThat(write("b", 1)).isFalse();

        now.addAndGet(3 * LEASE_MILLIS);   // a's lease ran out: its fence no longer holds, b takes over
        assertThat(table.holds("ticker", "a", 1, now.get())).isFalse();
        assertThat(write("a", 1)).isFalse();
        assertThat(table.acquire("ticker", "b", 1, now.get() + LEASE_MILLIS)).isEqualTo(TAKEN);
        assertThat(table.read("ticker").orElseThrow().token()).isEqualTo(2);
        assertThat(table.renew("ticker", "a", 1, now.get() + LEASE_MILLIS)).as("former holder").isFalse();
        assertThat(write("b", 2)).isTrue();
        assertThat(table.release("ticker", "b", 2)).isTrue();
        assertThat(table.holds("ticker", "b", 2, now.get())).isFalse();
        assertThat(committedWrites()).isEqualTo(2);
    }

    @Test
    void aHolderPausedInItsFencedWorkDoesNotHoldUpATakeoverAndNeverCommitsAfterIt() throws Exception {
        assertThat(table.acquire("ticker", "a", 0, now.get() + LEASE_MILLIS)).isEqualTo(TAKEN);
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        CompletableFuture<Boolean> committed = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                committed.complete(table.fenced("ticker", "a", 1, now::get, LEASE_MILLIS, c -> {
                    insert(c, 1);
                    writing.countDown();
                    try {
                        resume.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            } catch (SQLException | RuntimeException e) {
                committed.completeExceptionally(e);
            }
        });
        try {
            assertThat(writing.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            now.addAndGet(2 * LEASE_MILLIS);
            // The open transaction of the paused holder holds no lock on the lease row: b takes over well within
            // the lease (3 s), after which the server would end that transaction. An acquisition gives up on a row
            // locked for 250 ms, so a slow moment of the server gets a few tries rather than one.
            await().atMost(Duration.ofMillis(LEASE_MILLIS / 2)).pollInterval(Duration.ofMillis(50))
                    .until(() -> table.acquire("ticker", "b", 1, now.get() + LEASE_MILLIS) == TAKEN);
            assertThat(write("b", 2)).isTrue();
        } finally {
            resume.countDown();
        }
        assertThat(committed).succeedsWithin(WAIT).isEqualTo(false);
        try (Connection c = postgres.server().dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT token FROM " + work)) {
            assertThat(r.next()).isTrue();
            assertThat(r.getLong(1)).as("only the new holder's write").isEqualTo(2);
            assertThat(r.next()).isFalse();
        }
    }

    @Test
    void aFencedTransactionIsEndedByTheServerWhenItsClientStaysIdleLongerThanTheLease() throws Exception {
        assertThat(table.acquire("ticker", "a", 0, now.get() + LEASE_MILLIS)).isEqualTo(TAKEN);
        CountDownLatch rowLocked = new CountDownLatch(1);
        CountDownLatch takenOver = new CountDownLatch(1);
        // The holder's fenced transaction writes, locks the lease row (as its final UPDATE does), and then its
        // client goes quiet (a paused JVM) until the takeover is through: only the server can end it.
        CompletableFuture<Object> holder = CompletableFuture.supplyAsync(() -> {
            try {
                return table.fenced("ticker", "a", 1, now::get, LEASE_MILLIS, c -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("INSERT INTO " + work + " (token) VALUES (1)");
                        s.execute("SELECT token FROM " + leases + " WHERE name = 'ticker' FOR UPDATE");
                    }
                    rowLocked.countDown();
                    try {
                        takenOver.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            } catch (SQLException e) {
                return e;
            }
        }, command -> Thread.ofVirtual().start(command));
        assertThat(rowLocked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        long startedAt = System.nanoTime();
        now.addAndGet(LEASE_MILLIS + 1);   // the lease ran out: another member takes the row over
        // While the row is locked an acquisition gives up after a short lock wait instead of waiting the lock (or
        // its statement timeout) out: a member checking many leases must not stall on one paused holder.
        // It reports the row as locked, not as taken by someone else: the lease may be free once the lock goes.
        assertThat(table.acquire("ticker", "b", 1, now.get() + LEASE_MILLIS)).as("taken while locked")
                .isEqualTo(LOCKED);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt)).as("ms to give up on the locked row")
                .isLessThan(LEASE_MILLIS / 2);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> table.acquire("ticker", "b", 1, now.get() + LEASE_MILLIS) == TAKEN);
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
        takenOver.countDown();

        // It got through because the server ended the idle transaction after the lease (3 s), not before, and
        // well before the 15 s the holder would have stayed quiet.
        assertThat(waitedMillis).isBetween(LEASE_MILLIS - 500, WAIT.toMillis() - 5_000);
        assertThat(holder).succeedsWithin(WAIT).isInstanceOf(SQLException.class);
        try (Connection c = postgres.server().dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + work)) {
            r.next();
            assertThat(r.getLong(1)).as("the idle holder's write was rolled back").isZero();
        }
        assertThat(table.read("ticker").orElseThrow().owner()).isEqualTo("b");
    }
}
