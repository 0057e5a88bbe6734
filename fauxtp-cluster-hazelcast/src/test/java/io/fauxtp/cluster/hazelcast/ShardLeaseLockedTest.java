package io.fauxtp.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.cluster.hazelcast.internal.LeaseTable;
import io.fauxtp.spring.workflow.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A shard whose lease has ended but whose row is locked (the holder's fenced transaction paused in its last
 * {@code UPDATE}, a {@code SIGSTOP}ped JVM) is taken soon after the lock goes, not at the keeper's next renewal:
 * the acquisition reports the row as locked, and the keeper tries it again within
 * {@link ShardRegion#lockedRetryMillis}. On H2 and on a real PostgreSQL server; the lock is held by a transaction
 * on a connection of the test, and released (as the server ends a paused holder's transaction) after the keeper
 * has found the row locked.
 */
class ShardLeaseLockedTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A long lease, so the renewal period (10 s) stands well apart from the retry of a locked row (1 s). */
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final String TYPE = "locked";
    private static final int SHARDS = 4;
    private static final int LOCKED_SHARD = 2;

    @RegisterExtension
    static final TestCluster CLUSTER = new TestCluster("fauxtp-locked", 1, WAIT);

    private final String table = "locked_lease_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    @Test
    void onH2() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:locked-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        aShardWhoseRowWasLockedIsTakenSoonAfterTheLockGoes(dataSource);
    }

    @Test
    void onPostgres() throws Exception {
        try (PostgresServer postgres = PostgresServer.obtain()) {   // skips this test when there can be none
            try {
                aShardWhoseRowWasLockedIsTakenSoonAfterTheLockGoes(postgres.dataSource());
            } finally {
                try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS " + table);
                }
            }
        }
    }

    private void aShardWhoseRowWasLockedIsTakenSoonAfterTheLockGoes(DataSource dataSource) throws Exception {
        ShardRegion.Options options = ShardRegion.Options.defaults().withShards(SHARDS).withTable(table)
                .withLease(LEASE).withCallTimeout(WAIT);
        long renewalMillis = LEASE.toMillis() / 3;
        assertThat(ShardRegion.lockedRetryMillis(options)).isEqualTo(1_000);

        // Every shard's lease was held by a member that is gone, and has ended.
        LeaseTable leases = new LeaseTable(dataSource, table);
        String formerHolder = UUID.randomUUID().toString();
        long ended = System.currentTimeMillis() - 1;
        for (int shard = 0; shard < SHARDS; shard++) {
            leases.ensure(leaseName(shard));
            assertThat(leases.acquire(leaseName(shard), formerHolder, 0, ended))
                    .isEqualTo(LeaseTable.Acquisition.TAKEN);
        }
        ShardRegion region = null;
        try (Connection holder = dataSource.getConnection()) {
            // The former holder's fenced transaction, paused after its last UPDATE locked the row.
            holder.setAutoCommit(false);
            try (PreparedStatement s = holder.prepareStatement(
                    "UPDATE " + table + " SET lease_until = lease_until WHERE name = ?")) {
                s.setString(1, leaseName(LOCKED_SHARD));
                assertThat(s.executeUpdate()).isEqualTo(1);
            }
            region = ShardRegion.start(CLUSTER.member(0), dataSource, TYPE, new Inbox(), id -> null, options);
            ShardRegion r = region;
            // The other shards are taken meanwhile: a locked row holds up only its own shard.
            await().atMost(WAIT).until(() -> r.lockedAttempts() >= 1
                    && IntStream.range(0, SHARDS).filter(s -> s != LOCKED_SHARD).allMatch(r::holds));
            assertThat(region.holds(LOCKED_SHARD)).isFalse();

            holder.rollback();   // the server ends the paused transaction: the row is free
        }
        long releasedAt = System.nanoTime();
        ShardRegion r = region;
        try {
            await().atMost(WAIT).until(() -> r.holds(LOCKED_SHARD));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - releasedAt);
            System.out.printf("%s: shard taken %d ms after its row's lock went (%d locked attempts)%n",
                    dataSource.getClass().getSimpleName(), tookMillis, r.lockedAttempts());
            // Within the retry (1 s) and one lock wait (250 ms at most here, or H2's lock timeout) after the
            // release, with slack for a loaded machine; at the next renewal it would be nearly 10 s.
            assertThat(tookMillis)
                    .as("ms from the lock's release to the shard taken (renewal period %d ms, retry of a locked row "
                            + "%d ms)", renewalMillis, ShardRegion.lockedRetryMillis(options))
                    .isLessThan(renewalMillis / 2);
        } finally {
            region.close();
        }
    }

    private static String leaseName(int shard) {
        return "fauxtp.shard." + TYPE + "." + shard;
    }
}
