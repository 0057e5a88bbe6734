package io.fauxtp.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.cluster.hazelcast.internal.LeaseTable;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.spring.workflow.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A singleton whose lease has ended but whose row is locked (the holder's fenced transaction paused in its last
 * {@code UPDATE}) is taken soon after the lock goes, not at the lease loop's next renewal, as a shard is
 * ({@link ShardLeaseLockedTest}). On H2 and on a real PostgreSQL server.
 */
class SingletonLeaseLockedTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A long lease, so the renewal period (10 s) stands well apart from the retry of a locked row (1 s). */
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final String NAME = "locked";

    @RegisterExtension
    static final TestCluster CLUSTER = new TestCluster("fauxtp-singleton-locked", 1, WAIT);

    private final String table = "locked_single_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    @Test
    void onH2() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:singleton-locked-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        aLeaseWhoseRowWasLockedIsTakenSoonAfterTheLockGoes(dataSource);
    }

    @Test
    void onPostgres() throws Exception {
        try (PostgresServer postgres = PostgresServer.obtain()) {   // skips this test when there can be none
            try {
                aLeaseWhoseRowWasLockedIsTakenSoonAfterTheLockGoes(postgres.dataSource());
            } finally {
                try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS " + table);
                }
            }
        }
    }

    private void aLeaseWhoseRowWasLockedIsTakenSoonAfterTheLockGoes(DataSource dataSource) throws Exception {
        ClusterSingleton.Options options = new ClusterSingleton.Options(LEASE, 1, table);
        long renewalMillis = LEASE.toMillis() / 3;
        assertThat(ClusterSingleton.lockedRetryMillis(options)).isEqualTo(1_000);

        // The lease was held by a member that is gone, and has ended.
        LeaseTable leases = new LeaseTable(dataSource, table);
        leases.ensure(NAME);
        assertThat(leases.acquire(NAME, UUID.randomUUID().toString(), 0, System.currentTimeMillis() - 1))
                .isEqualTo(LeaseTable.Acquisition.TAKEN);
        ClusterSingleton singleton = null;
        long releasedAt;
        try (Connection holder = dataSource.getConnection()) {
            // The former holder's fenced transaction, paused after its last UPDATE locked the row.
            holder.setAutoCommit(false);
            try (PreparedStatement s = holder.prepareStatement(
                    "UPDATE " + table + " SET lease_until = lease_until WHERE name = ?")) {
                s.setString(1, NAME);
                assertThat(s.executeUpdate()).isEqualTo(1);
            }
            singleton = ClusterSingleton.start(CLUSTER.member(0), dataSource, NAME,
                    node -> GenServer.start(node, new Inbox(), null), options);
            ClusterSingleton found = singleton;
            await().atMost(WAIT).until(() -> found.lockedAttempts() >= 1);
            assertThat(singleton.status().active()).isFalse();

            holder.rollback();   // the server ends the paused transaction: the row is free
            releasedAt = System.nanoTime();
        }
        ClusterSingleton s = singleton;
        try {
            await().atMost(WAIT).until(() -> s.status().active());
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - releasedAt);
            System.out.printf("%s: singleton lease taken %d ms after its row's lock went (%d locked attempts)%n",
                    dataSource.getClass().getSimpleName(), tookMillis, s.lockedAttempts());
            // Within the retry (1 s) after the release, with slack for a loaded machine (the copy's start too); at
            // the next renewal it would be nearly 10 s.
            assertThat(tookMillis)
                    .as("ms from the lock's release to the copy running (renewal period %d ms, retry of a locked "
                            + "row %d ms)", renewalMillis, ClusterSingleton.lockedRetryMillis(options))
                    .isLessThan(renewalMillis / 2);
        } finally {
            singleton.close();
        }
    }
}
