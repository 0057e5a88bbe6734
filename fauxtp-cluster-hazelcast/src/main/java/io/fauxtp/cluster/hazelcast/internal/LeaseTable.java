package io.fauxtp.cluster.hazelcast.internal;

import io.fauxtp.cluster.hazelcast.FencedWork;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The SQL table of singleton leases: one row per singleton with its owner, fencing token and lease expiry
 * (epoch milliseconds). Only portable SQL (H2, PostgreSQL): every change is one conditional UPDATE, so the
 * database serialises competing members and at most one (owner, token) pair matches the row at any moment.
 */
public final class LeaseTable {

    private static final System.Logger LOG = System.getLogger("io.fauxtp.cluster");

    /**
     * How long an acquisition waits for a lease row locked by a fenced transaction (see {@link #fenced}): such a
     * lock is normally held for the few milliseconds of a commit; a holder paused inside its transaction holds it
     * until the database ends the transaction, and the acquisition must not wait that long (it reports
     * {@link Acquisition#LOCKED}, and its caller tries again).
     */
    private static final long LOCK_WAIT_MILLIS = 250;
    /** PostgreSQL's lock_not_available, H2's lock timeout: the row stayed locked, the lease was not taken now. */
    private static final Set<String> LOCK_NOT_AVAILABLE = Set.of("55P03", "HYT00");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    /** The row of one singleton. */
    public record Lease(String owner, long token, long leaseUntilMillis) {}

    /** What an {@link #acquire} came to. */
    public enum Acquisition {
        /** This member holds the lease now, with the observed token plus one. */
        TAKEN,
        /** The row no longer has the observed token: another member changed it since it was read. */
        LOST,
        /**
         * The row stayed locked for the whole lock wait (fenced work of its holder committing, or paused in the
         * middle of it): nothing was decided, and the lease may be free once the lock goes, at any moment.
         */
        LOCKED
    }

    private final DataSource dataSource;
    private final String table;
    private final int statementTimeoutSeconds;
    private final long lockWaitMillis;
    /** How long the last {@code UPDATE} of fenced work waits for the row lock: the statement timeout, in ms. */
    private final long fenceLockWaitMillis;

    /** A lease table whose statements wait at most 30 s. */
    public LeaseTable(DataSource dataSource, String table) {
        this(dataSource, table, java.time.Duration.ofSeconds(30));
    }

    /**
     * @param statementTimeout how long a renewal, acquisition or check may wait for the database (rounded up to
     *                         whole seconds, JDBC's unit), so a stalled database cannot hold the lease thread
     */
    public LeaseTable(DataSource dataSource, String table, java.time.Duration statementTimeout) {
        if (!IDENTIFIER.matcher(table).matches()) {
            throw new IllegalArgumentException("singleton lease table name '" + table
                    + "' is not a plain SQL identifier (letters, digits, underscore; at most 63)");
        }
        this.dataSource = dataSource;
        this.table = table;
        this.statementTimeoutSeconds = (int) Math.max(1, (statementTimeout.toMillis() + 999) / 1000);
        this.lockWaitMillis = Math.max(10, Math.min(LOCK_WAIT_MILLIS, statementTimeout.toMillis() / 4));
        this.fenceLockWaitMillis = Math.max(10, statementTimeout.toMillis());
    }

    private PreparedStatement prepare(Connection c, String sql) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        s.setQueryTimeout(statementTimeoutSeconds);
        return s;
    }

    /** Creates the table if needed and the row of {@code name} if missing (unowned, token 0). */
    public void ensure(String name) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = prepare(c, "CREATE TABLE IF NOT EXISTS " + table
                    + " (name VARCHAR(200) PRIMARY KEY, owner VARCHAR(64) NOT NULL, token BIGINT NOT NULL,"
                    + " lease_until BIGINT NOT NULL)")) {
                s.execute();
            }
            if (read(c, name).isPresent()) {
                return;
            }
            try (PreparedStatement s = prepare(c,
                    "INSERT INTO " + table + " (name, owner, token, lease_until) VALUES (?, '', 0, 0)")) {
                s.setString(1, name);
                s.executeUpdate();
            } catch (SQLException e) {
                if (read(c, name).isEmpty()) {   // not a lost race with another member: a real failure
                    throw e;
                }
            }
        }
    }

    public Optional<Lease> read(String name) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return read(c, name);
        }
    }

    private Optional<Lease> read(Connection c, String name) throws SQLException {
        try (PreparedStatement s = prepare(c,
                "SELECT owner, token, lease_until FROM " + table + " WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new Lease(r.getString(1), r.getLong(2), r.getLong(3))) : Optional.empty();
            }
        }
    }

    /**
     * Takes the lease from the holder of {@code observedToken}, raising the token by one.
     *
     * <p>If the row is locked (its holder is committing fenced work, or paused in the middle of it) the
     * acquisition waits for the lock only briefly and reports {@link Acquisition#LOCKED}: the holder's work may
     * still commit, or the lease be free as soon as the lock goes (the server ends a paused holder's transaction
     * at any moment), so the caller may try again soon, unlike when the token moved on. It never waits the
     * statement timeout out, so a holder paused inside its transaction cannot stall the caller's other leases. The
     * wait is bounded on PostgreSQL ({@code SET LOCAL lock_timeout}) and on H2 (its session's {@code LOCK_TIMEOUT},
     * 2 s by default, lowered for the acquisition and restored after it).
     *
     * @return {@link Acquisition#TAKEN} when this member won (no one changed the row since it was read, and it was
     *         not locked), {@link Acquisition#LOST} when the token moved on, {@link Acquisition#LOCKED}
     */
    public Acquisition acquire(String name, String owner, long observedToken, long leaseUntilMillis)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            long h2LockTimeout = -1;
            try {
                h2LockTimeout = boundH2LockWait(c, lockWaitMillis);
                return acquireOn(c, name, owner, observedToken, leaseUntilMillis);
            } finally {
                if (h2LockTimeout >= 0) {
                    restoreH2LockWait(c, h2LockTimeout);
                }
            }
        }
    }

    private Acquisition acquireOn(Connection c, String name, String owner, long observedToken,
            long leaseUntilMillis) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            boundLockWait(c, lockWaitMillis);
            boolean won;
            try (PreparedStatement s = prepare(c, "UPDATE " + table
                    + " SET owner = ?, token = token + 1, lease_until = ? WHERE name = ? AND token = ?")) {
                s.setString(1, owner);
                s.setLong(2, leaseUntilMillis);
                s.setString(3, name);
                s.setLong(4, observedToken);
                won = s.executeUpdate() == 1;
            }
            c.commit();
            return won ? Acquisition.TAKEN : Acquisition.LOST;
        } catch (SQLException e) {
            c.rollback();
            if (LOCK_NOT_AVAILABLE.contains(e.getSQLState())) {
                return Acquisition.LOCKED;
            }
            throw e;
        } catch (RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /**
     * Gives an H2 session its own lock timeout back. It never throws, so the acquisition's answer stands (a
     * {@code TAKEN} lost here would leave this member owning a lease it does not know it holds): if the timeout
     * cannot be restored, the connection is aborted, so that a pool never hands the lowered timeout to its next
     * user.
     */
    private static void restoreH2LockWait(Connection c, long millis) {
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCK_TIMEOUT " + millis);
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not restore an H2 session's lock timeout to " + millis
                    + " ms after a lease acquisition; closing its connection instead", e);
            try {
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException abortFailed) {
                e.addSuppressed(abortFailed);
            }
        }
    }

    /** On PostgreSQL, makes the transaction's next statements give up a row lock they waited {@code millis} for. */
    private static void boundLockWait(Connection c, long millis) throws SQLException {
        if (!"PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
            return;   // H2: see boundH2LockWait; other databases give up after their own lock timeout
        }
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL lock_timeout = " + millis);
        }
    }

    /**
     * On H2, lowers the session's lock timeout to {@code millis} and returns the session's own, which the caller
     * restores (the connection goes back to a pool, whose other users keep their timeout); -1 elsewhere, or when
     * the session's is not longer. H2 has no transaction-local setting, and its default (2 s) would hold the
     * keeper long enough on a locked row to look like a pause of the member ({@link SettleWatch}) where the
     * heartbeat interval is short, and then no lease would be taken while the row stays locked.
     */
    private static long boundH2LockWait(Connection c, long millis) throws SQLException {
        if (!"H2".equals(c.getMetaData().getDatabaseProductName())) {
            return -1;
        }
        long own;
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT LOCK_TIMEOUT()")) {
            r.next();
            own = r.getLong(1);
        }
        if (own <= millis) {
            return -1;
        }
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCK_TIMEOUT " + millis);
        }
        return own;
    }

    /** Extends the lease; false when another member took it (the token moved on) since. */
    public boolean renew(String name, String owner, long token, long leaseUntilMillis) throws SQLException {
        return update("UPDATE " + table + " SET lease_until = ? WHERE name = ? AND owner = ? AND token = ?",
                leaseUntilMillis, name, owner, token);
    }

    /** Gives the lease up at once so another member need not wait for its expiry. */
    public boolean release(String name, String owner, long token) throws SQLException {
        return update("UPDATE " + table + " SET lease_until = 0 WHERE name = ? AND owner = ? AND token = ?",
                name, owner, token);
    }

    /** The fencing check: whether {@code owner} still holds {@code token} and its lease has not expired. */
    public boolean holds(String name, String owner, long token, long nowMillis) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = prepare(c, "SELECT 1 FROM " + table
                     + " WHERE name = ? AND owner = ? AND token = ? AND lease_until > ?")) {
            s.setString(1, name);
            s.setString(2, owner);
            s.setLong(3, token);
            s.setLong(4, nowMillis);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    /**
     * Runs {@code work} in one transaction that commits only if {@code owner} still holds {@code token}.
     *
     * <p>The lease row is locked as late as possible: the work runs first (after a check that takes no lock,
     * so a former holder rarely does work in vain), then a conditional {@code UPDATE} of the lease row re-checks
     * owner, token and expiry and locks the row until the commit. A member taking the lease over cannot change the
     * row while it is locked ({@link #acquire} gives up and is tried again), so the work of a former holder never
     * commits after the new holder's token is in place; and a former
     * holder that pauses (GC, SIGSTOP, lost network) during its work holds no lock, so it cannot stop the takeover.
     * Only a pause between that last {@code UPDATE} and the commit keeps the row locked; on PostgreSQL the
     * transaction's {@code idle_in_transaction_session_timeout} (the lease) makes the server end it then.
     *
     * <p>That last {@code UPDATE} waits for the row lock at most the statement timeout, and on PostgreSQL the
     * server enforces it ({@code lock_timeout}), not only the client: the other fenced transactions of a holder
     * paused with the row locked are paused too, each waiting for the lock in its {@code UPDATE}, where the idle
     * timeout does not apply and the client's query timeout cannot fire. Without a bound on the server they would
     * take the lock one after the other as the server ends each, and each keep it for another lease.
     *
     * @param clock the current time in epoch milliseconds, read again for the final check
     * @return whether the fence held (and the work was committed)
     */
    public boolean fenced(String name, String owner, long token, LongSupplier clock, long leaseMillis,
                          FencedWork work) throws SQLException {
        if (!holds(name, owner, token, clock.getAsLong())) {
            return false;
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                boundIdleTransaction(c, leaseMillis);
                work.run(c);
                boundLockWait(c, fenceLockWaitMillis);   // after the work: its own statements are its own
                boolean holds;
                try (PreparedStatement s = prepare(c, "UPDATE " + table + " SET lease_until = lease_until"
                        + " WHERE name = ? AND owner = ? AND token = ? AND lease_until > ?")) {
                    s.setString(1, name);
                    s.setString(2, owner);
                    s.setLong(3, token);
                    s.setLong(4, clock.getAsLong());
                    holds = s.executeUpdate() == 1;
                }
                if (!holds) {
                    c.rollback();
                    return false;
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /** PostgreSQL ends a transaction left idle longer than the lease (its client paused), releasing its locks. */
    private static void boundIdleTransaction(Connection c, long leaseMillis) throws SQLException {
        if (!"PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL idle_in_transaction_session_timeout = " + Math.max(1, leaseMillis));
        }
    }

    private boolean update(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = prepare(c, sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate() == 1;
        }
    }
}
