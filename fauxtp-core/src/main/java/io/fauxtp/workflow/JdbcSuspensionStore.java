package io.fauxtp.workflow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A {@link SuspensionStore} in one table of a JDBC database (tested with H2 and meant for PostgreSQL too): one
 * row per run, holding the suspension's text ({@link SuspensionCodec}) and the columns needed to list and
 * schedule runs without reading it. The table is created on construction when missing. Each save is one
 * transaction; the text is written before the transaction starts, so a value that cannot be written leaves the
 * stored row as it was.
 */
public final class JdbcSuspensionStore implements SuspensionStore {

    /** The default table name. */
    public static final String DEFAULT_TABLE = "fauxtp_suspension";

    private static final int MAX_NAME = 200;
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final DataSource dataSource;
    private final SuspensionCodec codec;
    private final String table;
    private final Clock clock;

    /** A store in {@link #DEFAULT_TABLE}. */
    public JdbcSuspensionStore(DataSource dataSource, SuspensionCodec codec) {
        this(dataSource, codec, DEFAULT_TABLE, Clock.systemUTC());
    }

    /**
     * A store in {@code table}, creating it when missing.
     *
     * @throws IllegalArgumentException when {@code table} is not a plain SQL identifier
     * @throws SuspensionStoreException when the table cannot be created
     */
    public JdbcSuspensionStore(DataSource dataSource, SuspensionCodec codec, String table, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.codec = Objects.requireNonNull(codec, "codec");
        if (table == null || !TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("'" + table + "' is not a plain SQL table name (letters, digits and"
                    + " '_', up to 63 characters, not starting with a digit)");
        }
        this.table = table;
        this.clock = Objects.requireNonNull(clock, "clock");
        createTable();
    }

    private void createTable() {
        String ddl = "CREATE TABLE IF NOT EXISTS " + table + " ("
                + "id VARCHAR(200) PRIMARY KEY, "
                + "workflow VARCHAR(200) NOT NULL, "
                + "version INTEGER NOT NULL, "
                + "status VARCHAR(16) NOT NULL, "
                + "awaiting VARCHAR(1000) NOT NULL, "
                + "wake_at TIMESTAMP WITH TIME ZONE, "
                + "body TEXT NOT NULL, "
                + "updated_at TIMESTAMP WITH TIME ZONE NOT NULL)";
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(ddl);
        } catch (SQLException e) {
            throw new SuspensionStoreException("could not create the suspension table " + table + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void save(Suspension suspension) {
        Objects.requireNonNull(suspension, "suspension");
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
}
