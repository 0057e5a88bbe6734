package io.fauxtp.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fauxtp.cluster.hazelcast.internal.LeaseTable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * On H2, an acquisition of a locked lease row gives up after the lease table's short lock wait (250 ms), not
 * after H2's own lock timeout (2 s by default), and leaves the pooled connection's lock timeout as it was.
 */
class H2LeaseTableTest {

    private static final long H2_DEFAULT_LOCK_TIMEOUT_MILLIS = 2_000;

    @Test
    void aLockedRowIsGivenUpOnSoonAndThePooledSessionKeepsItsLockTimeout() throws Exception {
        String url = "jdbc:h2:mem:h2-lease-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(1);   // the acquisition's session is the one asked about afterwards
        JdbcDataSource other = new JdbcDataSource();
        other.setURL(url);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            assertThat(lockTimeout(pool)).isEqualTo(H2_DEFAULT_LOCK_TIMEOUT_MILLIS);
            LeaseTable table = new LeaseTable(pool, "h2_lease");
            table.ensure("ticker");
            assertThat(table.acquire("ticker", "a", 0, 1)).isEqualTo(LeaseTable.Acquisition.TAKEN);   // ended

            try (Connection holder = other.getConnection()) {
                // a's fenced transaction, paused after its last UPDATE locked the row
                holder.setAutoCommit(false);
                try (PreparedStatement s = holder.prepareStatement(
                        "UPDATE h2_lease SET lease_until = lease_until WHERE name = ?")) {
                    s.setString(1, "ticker");
                    assertThat(s.executeUpdate()).isEqualTo(1);
                }
                long startedAt = System.nanoTime();
                assertThat(table.acquire("ticker", "b", 1, Long.MAX_VALUE)).isEqualTo(LeaseTable.Acquisition.LOCKED);
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt))
                        .as("ms to give up on the locked row (H2's own lock timeout is %d ms)",
                                H2_DEFAULT_LOCK_TIMEOUT_MILLIS)
                        .isLessThan(H2_DEFAULT_LOCK_TIMEOUT_MILLIS * 3 / 4);
                assertThat(lockTimeout(pool)).as("the pooled session's lock timeout, restored")
                        .isEqualTo(H2_DEFAULT_LOCK_TIMEOUT_MILLIS);
                holder.rollback();
            }
            assertThat(table.acquire("ticker", "b", 1, Long.MAX_VALUE)).isEqualTo(LeaseTable.Acquisition.TAKEN);
            assertThat(lockTimeout(pool)).isEqualTo(H2_DEFAULT_LOCK_TIMEOUT_MILLIS);
        }
    }

    /**
     * If the session's lock timeout cannot be restored after an acquisition that took the lease, the acquisition
     * still reports {@code TAKEN} (an exception would leave this member owning a lease it does not know it holds),
     * and the connection is aborted, so that no pool hands the lowered timeout on.
     */
    @Test
    void aFailedRestoreKeepsTheAnswerAndAbortsTheConnection() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:h2-lease-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        LeaseTable table = new LeaseTable(h2, "h2_lease");
        table.ensure("ticker");
        Connection[] last = new Connection[1];
        DataSource failingRestore = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("getConnection")) {
                        return method.invoke(h2, args);
                    }
                    Connection real = h2.getConnection();
                    last[0] = real;
                    return failingRestore(real);
                });
        LeaseTable failing = new LeaseTable(failingRestore, "h2_lease");
        assertThat(failing.acquire("ticker", "a", 0, Long.MAX_VALUE)).isEqualTo(LeaseTable.Acquisition.TAKEN);
        assertThat(last[0].isClosed()).as("the connection whose lock timeout stayed lowered, closed").isTrue();
        assertThat(table.acquire("ticker", "b", 0, Long.MAX_VALUE)).isEqualTo(LeaseTable.Acquisition.LOST);
    }

    /** {@code real}, except that restoring H2's default lock timeout fails. */
    private static Connection failingRestore(Connection real) {
        return (Connection) Proxy.newProxyInstance(H2LeaseTableTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    if (!method.getName().equals("createStatement")) {
                        return result;
                    }
                    Statement statement = (Statement) result;
                    return Proxy.newProxyInstance(H2LeaseTableTest.class.getClassLoader(),
                            new Class<?>[] {Statement.class}, (p, m, a) -> {
                                if (m.getName().equals("execute") && a != null
                                        && ("SET LOCK_TIMEOUT " + H2_DEFAULT_LOCK_TIMEOUT_MILLIS).equals(a[0])) {
                                    throw new SQLException("injected: the restore fails");
                                }
                                return invoke(statement, m, a);
                            });
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static long lockTimeout(HikariDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT LOCK_TIMEOUT()")) {
            r.next();
            return r.getLong(1);
        }
    }
}
