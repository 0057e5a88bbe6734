package io.fauxtp.workflow;

import io.fauxtp.workflow.internal.SuspensionTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A {@link SuspensionStore} in one table of a JDBC database (tested with H2 and PostgreSQL): one row per run,
 * holding the suspension's text ({@link SuspensionCodec}) and the columns needed to list and schedule runs without
 * reading it. The tables (the suspension table and {@code <table>_schema}, its schema version) are created from
 * the shipped script of the database ({@code io/fauxtp/workflow/schema-h2.sql}, {@code schema-postgresql.sql})
 * when missing, unless the store is built with {@link Builder#createTables(boolean) createTables(false)}; a schema
 * version newer than this release reads is refused.
 *
 * <p>Each save is one transaction, committed before {@link #save} returns, unless the caller's transaction is in
 * progress on the store's connection ({@link Builder#inCallersTransaction}), which then commits or rolls back the
 * save with the caller's own writes. The text is written before the transaction starts, so a value that cannot be
 * written leaves the stored row as it was. A save is only as durable as the database's commit: see the
 * documentation of the database (H2: {@code WRITE_DELAY=0}; PostgreSQL: {@code synchronous_commit=on}).
 */
public final class JdbcSuspensionStore implements SuspensionStore {

    /** The default table name. */
    public static final String DEFAULT_TABLE = "fauxtp_suspension";

    private static final int MAX_NAME = 200;
    /** Up to 56 characters, so that {@code <table>_schema} and {@code <table>_unfinished} stay within 63. */
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,55}");

    private final DataSource dataSource;
    private final SuspensionCodec codec;
    private final String table;
    private final Clock clock;
    private final BooleanSupplier inCallersTransaction;

    /** A store in {@link #DEFAULT_TABLE}. */
    public JdbcSuspensionStore(DataSource dataSource, SuspensionCodec codec) {
        this(dataSource, codec, DEFAULT_TABLE, Clock.systemUTC());
    }

    /**
     * A store in {@code table}, creating its tables when missing.
     *
     * @throws IllegalArgumentException when {@code table} is not a plain SQL identifier
     * @throws SuspensionStoreException when the tables cannot be created, or are of a newer schema version
     */
    public JdbcSuspensionStore(DataSource dataSource, SuspensionCodec codec, String table, Clock clock) {
        this(builder(dataSource, codec).table(table).clock(clock));
    }

    private JdbcSuspensionStore(Builder b) {
        this.dataSource = b.dataSource;
        this.codec = b.codec;
        if (b.table == null || !TABLE.matcher(b.table).matches()) {
            throw new IllegalArgumentException("'" + b.table + "' is not a plain SQL table name (letters, digits and"
                    + " '_', up to 56 characters, not starting with a digit)");
        }
        this.table = b.table;
        this.clock = b.clock;
        this.inCallersTransaction = b.inCallersTransaction;
        SuspensionTables.prepare(dataSource, table, b.createTables);
    }

    /** A builder of a store over {@code dataSource}, writing suspensions with {@code codec}. */
    public static Builder builder(DataSource dataSource, SuspensionCodec codec) {
        return new Builder(Objects.requireNonNull(dataSource, "dataSource"), Objects.requireNonNull(codec, "codec"));
    }

    /** The store's table. */
    public String table() {
        return table;
    }

    @Override
    public void save(Suspension suspension) {
        Objects.requireNonNull(suspension, "suspension");
        if (inCallersTransaction.getAsBoolean()) {
            try (Connection c = dataSource.getConnection()) {
                save(c, suspension);   // committed or rolled back with the caller's transaction
            } catch (SQLException e) {
                throw new SuspensionStoreException("could not save suspension " + suspension.id() + " of workflow '"
                        + suspension.workflow() + "' in the caller's transaction: " + e.getMessage(), e);
            }
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                save(c, suspension);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new SuspensionStoreException("could not save suspension " + suspension.id() + " of workflow '"
                    + suspension.workflow() + "': " + e.getMessage(), e);
        }
    }

    /**
     * Stores {@code suspension} within the caller's transaction on {@code connection} (a connection of this
     * store's database), which commits or rolls it back: for saves that must commit together with another
     * write, such as a fencing check.
     */
    public void save(Connection connection, Suspension suspension) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(suspension, "suspension");
        if (suspension.id().length() > MAX_NAME || suspension.workflow().length() > MAX_NAME) {
            throw new IllegalArgumentException("suspension ids and workflow names are stored in at most " + MAX_NAME
                    + " characters; '" + suspension.id() + "' of '" + suspension.workflow() + "' is longer");
        }
        String body = codec.dump(suspension);
        String awaiting = describe(suspension.awaiting());
        Instant wake = suspension.isFinished() ? null : suspension.awaiting().readyAt();
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        int updated;
        try (PreparedStatement u = connection.prepareStatement("UPDATE " + table + " SET workflow = ?, version = ?,"
                + " status = ?, awaiting = ?, wake_at = ?, body = ?, updated_at = ? WHERE id = ?")) {
            bind(u, suspension, awaiting, wake, body, now);
            updated = u.executeUpdate();
        }
        if (updated == 0) {
            try (PreparedStatement i = connection.prepareStatement("INSERT INTO " + table + " (workflow, version,"
                    + " status, awaiting, wake_at, body, updated_at, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                bind(i, suspension, awaiting, wake, body, now);
                i.executeUpdate();
            }
        }
    }

    private static void bind(PreparedStatement p, Suspension s, String awaiting, Instant wake, String body,
            OffsetDateTime now) throws SQLException {
        p.setString(1, s.workflow());
        p.setInt(2, s.version());
        p.setString(3, s.status().name());
        p.setString(4, awaiting);
        p.setObject(5, wake == null ? null : OffsetDateTime.ofInstant(wake, ZoneOffset.UTC));
        p.setString(6, body);
        p.setObject(7, now);
        p.setString(8, s.id());
    }

    @Override
    public Optional<Suspension> find(String id) {
        Objects.requireNonNull(id, "id");
        String body;
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT body FROM " + table + " WHERE id = ?")) {
            q.setString(1, id);
            try (ResultSet r = q.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                body = r.getString(1);
            }
        } catch (SQLException e) {
            throw new SuspensionStoreException("could not read suspension " + id + ": " + e.getMessage(), e);
        }
        return Optional.of(read(id, body));
    }

    @Override
    public List<StoredSuspension> list() {
        return summaries("", "could not list suspensions");
    }

    @Override
    public List<StoredSuspension> pending() {
        return summaries(" WHERE status IN ('READY', 'WAITING')", "could not list pending suspensions");
    }

    private List<StoredSuspension> summaries(String where, String failure) {
        List<StoredSuspension> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT id, workflow, version, status, awaiting, wake_at,"
                        + " updated_at FROM " + table + where + " ORDER BY id");
                ResultSet r = q.executeQuery()) {
            while (r.next()) {
                OffsetDateTime wake = r.getObject(6, OffsetDateTime.class);
                out.add(new StoredSuspension(r.getString(1), r.getString(2), r.getInt(3),
                        Suspension.Status.valueOf(r.getString(4)), r.getString(5),
                        wake == null ? null : wake.toInstant(), r.getObject(7, OffsetDateTime.class).toInstant()));
            }
        } catch (SQLException | IllegalArgumentException e) {
            throw new SuspensionStoreException(failure + " in " + table + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public boolean delete(String id) {
        Objects.requireNonNull(id, "id");
        try (Connection c = dataSource.getConnection();
                PreparedStatement d = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
            d.setString(1, id);
            return d.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new SuspensionStoreException("could not delete suspension " + id + ": " + e.getMessage(), e);
        }
    }

    private Suspension read(String id, String body) {
        try {
            return codec.load(body);
        } catch (RuntimeException e) {
            throw new SuspensionStoreException("stored suspension " + id + " in " + table + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    private static String describe(Await await) {
        return switch (await) {
            case Await.Nothing n -> "";
            case Await.Signal s -> "signal " + s.name();
            case Await.Timer t -> "timer " + t.due();
            case Await.Effect e -> "retry " + e.call().effect() + "." + e.call().method() + " at " + e.retryAt();
        };
    }

    /** Collects a store's table, clock, table creation and transaction participation. */
    public static final class Builder {
        private final DataSource dataSource;
        private final SuspensionCodec codec;
        private String table = DEFAULT_TABLE;
        private Clock clock = Clock.systemUTC();
        private boolean createTables = true;
        private BooleanSupplier inCallersTransaction = () -> false;

        private Builder(DataSource dataSource, SuspensionCodec codec) {
            this.dataSource = dataSource;
            this.codec = codec;
        }

        /** The suspension table ({@link #DEFAULT_TABLE} by default); a plain SQL name of up to 56 characters. */
        public Builder table(String table) {
            this.table = table;
            return this;
        }

        /** The clock of the {@code updated_at} column. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Whether the store creates its tables when missing and migrates those of an older release (true by
         * default); when false, missing or older tables fail the construction, naming the script to apply.
         */
        public Builder createTables(boolean createTables) {
            this.createTables = createTables;
            return this;
        }

        /**
         * Tells whether a save runs inside a transaction the caller manages on the connection the data source
         * hands out (a Spring {@code TransactionAwareDataSourceProxy} within {@code @Transactional} code): such a
         * save neither commits nor rolls back, so it commits with the caller's writes or not at all.
         */
        public Builder inCallersTransaction(BooleanSupplier inCallersTransaction) {
            this.inCallersTransaction = Objects.requireNonNull(inCallersTransaction, "inCallersTransaction");
            return this;
        }

        /**
         * The store, its tables prepared.
         *
         * @throws IllegalArgumentException when the table is not a plain SQL identifier
         * @throws SuspensionStoreException when the tables are missing and may not be created, cannot be created,
         *     or are of a newer schema version
         */
        public JdbcSuspensionStore build() {
            return new JdbcSuspensionStore(this);
        }
    }
}
