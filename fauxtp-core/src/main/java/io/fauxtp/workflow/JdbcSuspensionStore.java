package io.fauxtp.workflow;

import io.fauxtp.workflow.internal.GroupCommit;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A {@link SuspensionStore} in the tables of a JDBC database (tested with H2 and PostgreSQL). A run is a header
 * row (the columns needed to list and schedule runs without reading any text, and the run's text without its
 * journal) and one row per journal entry in {@code <table>_journal}, each in the text format
 * ({@link SuspensionCodec}); {@link #find} puts them together into the whole {@link Suspension}. A step of a run
 * that only adds to its journal (an effect's result, at each checkpoint between effects) costs one {@code INSERT}
 * of its entry, whatever the journal's length; a step that also changes the header (status, what the run awaits,
 * its inbox, result or failure) adds an {@code UPDATE} of the header row. The store keeps the last run it wrote
 * or read per id, checks it against the header's revision (changed by every write of the header) and the tag of
 * the last journal row (written by every save), and writes only what follows it. The tables (those two and
 * {@code <table>_schema}, the schema version) are created from the shipped script of the database
 * ({@code io/fauxtp/workflow/schema-h2.sql}, {@code schema-postgresql.sql}) when missing and tables of an older
 * schema version migrated, unless the store is built with {@link Builder#createTables(boolean)
 * createTables(false)}; a schema version newer than this release reads is refused.
 *
 * <p>Each save is one transaction, committed before {@link #save} returns, unless the caller's transaction is in
 * progress on the store's connection ({@link Builder#inCallersTransaction}), which then commits or rolls back the
 * save with the caller's own writes. A save of one statement (a new run; a checkpoint that only appends an entry)
 * on a connection in auto-commit mode runs without a transaction of its own: the statement is atomic and
 * committed when it returns, which saves a commit round trip; so is, on PostgreSQL, a save that changes the header
 * and adds one entry (a run's end), as one statement with the {@code UPDATE} in a {@code WITH} clause; a save of
 * more statements sets auto-commit off. The text is written before the transaction starts, so a value that cannot be
 * written leaves the stored row as it was. A save is only as durable as the database's commit: see the
 * documentation of the database (H2: {@code WRITE_DELAY=0}; PostgreSQL: {@code synchronous_commit=on}).
 *
 * <p>On H2 (any database but PostgreSQL), saves outside the caller's transaction are committed in groups
 * ({@link GroupCommit}): a save that finds no other being written is written at once, as above; saves that
 * arrive while one is being written wait, and the first of them then writes all those waiting on one connection,
 * in one transaction, committed once (H2 writes its changed pages at each commit, which took most of a durable
 * run's time). Each waiting save returns only after that commit, with its own answer; a save that fails in a
 * group rolls the group back and fails alone, and the others are written again, each alone. So a save that
 * returned is committed, as without groups. Saves in the caller's transaction and {@link #save(Connection,
 * Suspension)} are never grouped. PostgreSQL flushes the commits of concurrent connections together itself: there
 * each save is written on its own connection.
 */
public final class JdbcSuspensionStore implements SuspensionStore {

    /** The default table name. */
    public static final String DEFAULT_TABLE = "fauxtp_suspension";

    private static final int MAX_NAME = 200;
    /** The most saves one transaction of {@link #commits} writes, so that a transaction stays short. */
    private static final int MAX_GROUP = 256;
    /** Up to 56 characters, so that {@code <table>_schema} and {@code <table>_unfinished} stay within 63. */
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,55}");

    private final DataSource dataSource;
    private final SuspensionCodec codec;
    private final String table;
    private final Clock clock;
    private final BooleanSupplier inCallersTransaction;
    private final String journal;
    /** Per run id, what this store last wrote or read of it; see {@link #remember}. */
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private static final Held ABSENT = new Held(null, 0, 0, false);
    private final int maxHeld;
    /** Whether the database is PostgreSQL, which writes a header and an entry in one statement. */
    private final boolean postgres;
    /**
     * Writes saves outside the caller's transaction, several in one transaction when they wait together; null on
     * PostgreSQL, whose server already flushes the commits of concurrent connections together, where one
     * connection writing every waiting save halved the throughput of 1,000 concurrent runs.
     */
    private final GroupCommit commits;

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
        this.journal = SuspensionTables.journalTable(b.table);
        this.clock = b.clock;
        this.inCallersTransaction = b.inCallersTransaction;
        this.maxHeld = b.heldRuns;
        this.postgres = SuspensionTables.prepare(dataSource, table, b.createTables);
        this.commits = postgres ? null : new GroupCommit(dataSource, MAX_GROUP);
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
        inTransaction(suspension, "save", c -> appendOne(c, suspension), c -> {
            save(c, suspension);
            return true;
        });
    }

    /**
     * Stores {@code suspension} as a new run with one conditional {@code INSERT} of its header (and one per
     * journal entry, if it has any), unless a run with its id is stored already.
     */
    @Override
    public boolean saveNew(Suspension suspension) {
        Objects.requireNonNull(suspension, "suspension");
        return inTransaction(suspension, "save new",
                suspension.journal().isEmpty() ? c -> saveNew(c, suspension) : null, c -> saveNew(c, suspension));
    }

    private interface Work {
        boolean run(Connection connection) throws SQLException;
    }

    /** A save of one statement, or null (having written nothing) when the save takes more. */
    private interface OneStatement {
        Boolean run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in its own transaction, or in the caller's when there is one. Outside the caller's
     * transaction, on a connection in auto-commit mode, {@code oneStatement} (when given) runs first without a
     * transaction of its own: one statement is atomic, and auto-commit commits it before it returns, so it saves
     * the transaction's begin and commit; when it answers null (it wrote nothing), {@code work} runs in a
     * transaction. On H2, a save that waits for another is written with the others waiting in one transaction
     * ({@link GroupCommit}), {@code oneStatement} first there too.
     */
    private boolean inTransaction(Suspension suspension, String what, OneStatement oneStatement, Work work) {
        if (inCallersTransaction.getAsBoolean()) {
            try (Connection c = dataSource.getConnection()) {
                return work.run(c);   // committed or rolled back with the caller's transaction
            } catch (SQLException e) {
                throw new SuspensionStoreException("could not " + what + " suspension " + suspension.id()
                        + " of workflow '" + suspension.workflow() + "' in the caller's transaction: "
                        + e.getMessage(), e);
            }
        }
        return commits == null ? alone(suspension, what, oneStatement, work)
                : commits.save(new Grouped(suspension, what, oneStatement, work));
    }

    /** How many saves wait to be written with the next group (for tests). */
    int savesWaiting() {
        return commits == null ? 0 : commits.waiting();
    }

    /** A save outside the caller's transaction, written alone or with others by {@link #commits}. */
    private final class Grouped implements GroupCommit.Save {
        private final Suspension suspension;
        private final String what;
        private final OneStatement oneStatement;
        private final Work work;
        /** What this store held of the run before the save was written in a group. */
        private Held before;

        Grouped(Suspension suspension, String what, OneStatement oneStatement, Work work) {
            this.suspension = suspension;
            this.what = what;
            this.oneStatement = oneStatement;
            this.work = work;
        }

        @Override
        public boolean write(Connection c) throws SQLException {
            before = held.get(suspension.id());
            if (oneStatement != null) {   // in the group's transaction, but as cheap as alone
                Boolean done = oneStatement.run(c);
                if (done != null) {
                    return done;
                }
            }
            return work.run(c);
        }

        @Override
        public boolean alone() {
            return JdbcSuspensionStore.this.alone(suspension, what, oneStatement, work);
        }

        @Override
        public void rolledBack() {
            // What the save remembered was not committed. Holding it would cost a full rewrite, not a wrong one;
            // holding what was held before keeps the next save of the run an append.
            if (before == null) {
                held.remove(suspension.id());
            } else {
                hold(suspension.id(), before);
            }
        }

        @Override
        public RuntimeException failure(SQLException e) {
            return new SuspensionStoreException("could not " + what + " suspension " + suspension.id()
                    + " of workflow '" + suspension.workflow() + "': " + e.getMessage(), e);
        }
    }

    /**
     * A save alone, in its own transaction (or as one auto-committed statement): each save on PostgreSQL, and on
     * H2 a save that meets no other ({@link GroupCommit}).
     */
    private boolean alone(Suspension suspension, String what, OneStatement oneStatement, Work work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            if (autoCommit && oneStatement != null) {
                Boolean done = oneStatement.run(c);
                if (done != null) {
                    return done;
                }
            }
            c.setAutoCommit(false);
            try {
                boolean done = work.run(c);
                c.commit();
                return done;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new SuspensionStoreException("could not " + what + " suspension " + suspension.id()
                    + " of workflow '" + suspension.workflow() + "': " + e.getMessage(), e);
        }
    }

    /**
     * The save of {@code s} as one statement, when it adds one journal entry to the run this store holds: a
     * conditional {@code INSERT} of the entry when that is all it changes (an effect's result at a checkpoint
     * between effects), and on PostgreSQL also when the header changed (the end of a run), a conditional
     * {@code UPDATE} of the header and the {@code INSERT} in one statement ({@link #appendWithHeader}). Null,
     * having written nothing, when it changes more or the stored run is not the one held.
     */
    private Boolean appendOne(Connection c, Suspension s) throws SQLException {
        checkNames(s);
        Held base = held.get(s.id());
        if (base == null || base.suspension == null || !base.compact
                || s.journal().size() != base.suspension.journal().size() + 1 || !goesOnFrom(base.suspension, s)) {
            return null;
        }
        boolean sameHeader = sameHeader(base.suspension, s);
        if (!sameHeader && !postgres) {
            return null;
        }
        String header = sameHeader ? null : codec.dumpHeader(s);   // text first
        List<String> entries = entries(s, base.suspension.journal().size());
        long tag = nextRevision();
        if (sameHeader ? !append(c, s, null, base, entries, base.revision, tag)
                : !appendWithHeader(c, s, header, base, entries.get(0), tag)) {
            return null;
        }
        remember(s, sameHeader ? base.revision : tag, tag);
        return true;
    }

    /**
     * On PostgreSQL, writes the header of {@code s} and its one new journal entry in one statement, auto-committed
     * on its own: the {@code UPDATE} of the header, conditional as in {@link #append} (its revision, no entry after
     * {@code base}'s, the tag of {@code base}'s last entry), and an {@code INSERT} of the entry from the updated
     * row, so the entry goes in exactly when the header is written. False, having written nothing, when the
     * stored run is not {@code base}.
     */
    private boolean appendWithHeader(Connection c, Suspension s, String header, Held base, String entry, long tag)
            throws SQLException {
        String id = s.id();
        int from = base.suspension.journal().size();
        StringBuilder sql = new StringBuilder("WITH h AS (UPDATE ").append(table).append(" SET status = ?,")
                .append(" awaiting = ?, wake_at = ?, updated_at = ?, body = ?, revision = ? WHERE id = ?")
                .append(" AND revision = ? AND NOT EXISTS (SELECT 1 FROM ").append(journal)
                .append(" WHERE run_id = ? AND seq = ?)");
        if (from > 0) {
            sql.append(" AND EXISTS (SELECT 1 FROM ").append(journal)
                    .append(" WHERE run_id = ? AND seq = ? AND tag = ?)");
        }
        sql.append(" RETURNING id) INSERT INTO ").append(journal).append(" (run_id, seq, entry, tag)")
                .append(" SELECT id, ?, ?, ? FROM h");
        try (PreparedStatement u = c.prepareStatement(sql.toString())) {
            int k = 1;
            u.setString(k++, s.status().name());
            u.setString(k++, describe(s.awaiting()));
            OffsetDateTime wake = wake(s);
            if (wake == null) {
                u.setNull(k++, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                u.setObject(k++, wake);
            }
            u.setObject(k++, now());
            u.setString(k++, header);
            u.setLong(k++, tag);
            u.setString(k++, id);
            u.setLong(k++, base.revision);
            u.setString(k++, id);
            u.setInt(k++, from);
            if (from > 0) {
                u.setString(k++, id);
                u.setInt(k++, from - 1);
                u.setLong(k++, base.lastTag);
            }
            u.setInt(k++, from);
            u.setString(k++, entry);
            u.setLong(k, tag);
            return u.executeUpdate() == 1;
        }
    }

    private boolean saveNew(Connection c, Suspension s) throws SQLException {
        checkNames(s);
        String header = codec.dumpHeader(s);   // text first: a value that cannot be written stores nothing
        List<String> entries = entries(s, 0);
        long tag = nextRevision();
        try (PreparedStatement i = c.prepareStatement("INSERT INTO " + table + " (workflow, version, status,"
                + " awaiting, wake_at, body, updated_at, revision, id) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?"
                + " WHERE NOT EXISTS (SELECT 1 FROM " + table + " WHERE id = ?)")) {
            bindHeader(i, s, header, tag);
            i.setString(10, s.id());
            if (i.executeUpdate() == 0) {
                return false;
            }
        }
        insert(c, s.id(), 0, entries, tag);
        remember(s, tag, tag);
        return true;
    }

    private static void checkNames(Suspension s) {
        if (s.id().length() > MAX_NAME || s.workflow().length() > MAX_NAME) {
            throw new IllegalArgumentException("suspension ids and workflow names are stored in at most " + MAX_NAME
                    + " characters; '" + s.id() + "' of '" + s.workflow() + "' is longer");
        }
    }

    /**
     * Stores {@code suspension} within the caller's transaction on {@code connection} (a connection of this
     * store's database), which commits or rolls it back: for saves that must commit together with another
     * write, such as a fencing check.
     *
     * <p>When {@code suspension} goes on from the run this store last saved or read (the same run, its journal
     * longer or as long), only what changed is written: an {@code INSERT} per new journal entry and, when the
     * header changed (status, what the run awaits, its inbox, result or failure), an {@code UPDATE} of the
     * header row. The first statement is conditional on the run being stored as this store holds it (the
     * header's revision and the tag of the last journal entry); otherwise (another writer, a rolled-back save,
     * a run written by schema version 1) the whole run is rewritten.
     */
    public void save(Connection connection, Suspension suspension) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(suspension, "suspension");
        checkNames(suspension);
        String id = suspension.id();
        Held base = held.get(id);
        long tag = nextRevision();
        if (base != null && base.suspension != null && base.compact && goesOnFrom(base.suspension, suspension)) {
            // Text first: a value that cannot be written leaves the stored run as it was.
            boolean sameHeader = sameHeader(base.suspension, suspension);
            String header = sameHeader ? null : codec.dumpHeader(suspension);
            List<String> entries = entries(suspension, base.suspension.journal().size());
            long revision = sameHeader ? base.revision : tag;
            if (append(connection, suspension, header, base, entries, revision, tag)) {
                remember(suspension, revision, entries.isEmpty() ? base.lastTag : tag);
                return;
            }
        }
        String header = codec.dumpHeader(suspension);
        List<String> entries = entries(suspension, 0);
        if (base == null || base.suspension != null) {
            try (PreparedStatement d = connection.prepareStatement("DELETE FROM " + journal + " WHERE run_id = ?")) {
                d.setString(1, id);
                d.executeUpdate();
            }
        }
        int updated = 0;
        if (base == null || base.suspension != null) {
            try (PreparedStatement u = connection.prepareStatement("UPDATE " + table + " SET workflow = ?,"
                    + " version = ?, status = ?, awaiting = ?, wake_at = ?, body = ?, updated_at = ?,"
                    + " revision = ? WHERE id = ?")) {
                bindHeader(u, suspension, header, tag);
                updated = u.executeUpdate();
            }
        }
        if (updated == 0) {   // a new run (this store read that it is not stored), or gone since
            try (PreparedStatement i = connection.prepareStatement("INSERT INTO " + table + " (workflow, version,"
                    + " status, awaiting, wake_at, body, updated_at, revision, id) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?"
                    + " WHERE NOT EXISTS (SELECT 1 FROM " + table + " WHERE id = ?)")) {
                bindHeader(i, suspension, header, tag);
                i.setString(10, id);
                updated = i.executeUpdate();
            }
        }
        if (updated == 0) {
            // Stored after all: this store's read that it was not (held) raced with a save of it. Rewrite it.
            try (PreparedStatement d = connection.prepareStatement("DELETE FROM " + journal + " WHERE run_id = ?")) {
                d.setString(1, id);
                d.executeUpdate();
            }
            try (PreparedStatement u = connection.prepareStatement("UPDATE " + table + " SET workflow = ?,"
                    + " version = ?, status = ?, awaiting = ?, wake_at = ?, body = ?, updated_at = ?,"
                    + " revision = ? WHERE id = ?")) {
                bindHeader(u, suspension, header, tag);
                u.executeUpdate();
            }
        }
        insert(connection, id, 0, entries, tag);
        remember(suspension, tag, tag);
    }

    /**
     * Writes what {@code s} adds to {@code base}, when the stored run is {@code base}: the header (when it
     * changed) conditional on its revision and on no entry following {@code base}'s, the first new entry
     * conditional on the tag of the entry before it (and on the header's revision and no entry in its place when
     * the header is not written), the others by their place in the journal.
     * False, having written nothing, when the stored run is not {@code base}.
     */
    private boolean append(Connection c, Suspension s, String header, Held base, List<String> entries,
            long revision, long tag) throws SQLException {
        String id = s.id();
        int from = base.suspension.journal().size();
        // Appends leave the header's revision as it is, so the revision alone does not show that entries were
        // added after those this store holds (its hold was replaced by a read that raced with one of its own
        // saves, or by another writer's append): the first statement also checks that no entry follows them.
        String nothingAfter = " AND NOT EXISTS (SELECT 1 FROM " + journal + " WHERE run_id = ? AND seq = ?)";
        if (header != null) {
            try (PreparedStatement u = c.prepareStatement("UPDATE " + table + " SET status = ?, awaiting = ?,"
                    + " wake_at = ?, updated_at = ?, body = ?, revision = ? WHERE id = ? AND revision = ?"
                    + nothingAfter)) {
                u.setString(1, s.status().name());
                u.setString(2, describe(s.awaiting()));
                u.setObject(3, wake(s));
                u.setObject(4, now());
                u.setString(5, header);
                u.setLong(6, revision);
                u.setString(7, id);
                u.setLong(8, base.revision);
                u.setString(9, id);
                u.setInt(10, from);
                if (u.executeUpdate() == 0) {
                    return false;   // changed by another writer, or a save of ours was rolled back
                }
            }
        }
        if (entries.isEmpty()) {
            return header != null || stored(c, id, base);
        }
        // The first new entry goes in only after the entry this store holds last (and, when the header is not
        // written, under the header it holds): a journal never mixes the steps of two writers.
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(journal).append(" (run_id, seq, entry, tag)")
                .append(" SELECT ?, ?, ?, ? FROM ").append(table).append(" WHERE id = ?");
        if (header == null) {
            sql.append(" AND revision = ?").append(nothingAfter);
        }
        if (from > 0) {
            sql.append(" AND EXISTS (SELECT 1 FROM ").append(journal)
                    .append(" WHERE run_id = ? AND seq = ? AND tag = ?)");
        }
        try (PreparedStatement i = c.prepareStatement(sql.toString())) {
            int k = 1;
            i.setString(k++, id);
            i.setInt(k++, from);
            i.setString(k++, entries.get(0));
            i.setLong(k++, tag);
            i.setString(k++, id);
            if (header == null) {
                i.setLong(k++, base.revision);
                i.setString(k++, id);
                i.setInt(k++, from);
            }
            if (from > 0) {
                i.setString(k++, id);
                i.setInt(k++, from - 1);
                i.setLong(k, base.lastTag);
            }
            if (i.executeUpdate() == 0) {
                return false;   // a header written above is written again by the rewrite that follows
            }
        }
        insert(c, id, from + 1, entries.subList(1, entries.size()), tag);
        return true;
    }

    /** Whether run {@code id} is stored as {@code base} says: its header's revision, its last entry's tag. */
    private boolean stored(Connection c, String id, Held base) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT h.revision, (SELECT MAX(j.seq) FROM " + journal
                + " j WHERE j.run_id = h.id), (SELECT j.tag FROM " + journal + " j WHERE j.run_id = h.id AND"
                + " j.seq = ?) FROM " + table + " h WHERE h.id = ?")) {
            int size = base.suspension.journal().size();
            q.setInt(1, size - 1);
            q.setString(2, id);
            try (ResultSet r = q.executeQuery()) {
                if (!r.next() || r.getLong(1) != base.revision) {
                    return false;
                }
                int last = r.getInt(2);
                boolean none = r.wasNull();
                if (size == 0) {
                    return none;
                }
                long lastTag = r.getLong(3);
                return !none && last == size - 1 && !r.wasNull() && lastTag == base.lastTag;
            }
        }
    }

    private void insert(Connection c, String id, int from, List<String> entries, long tag) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        try (PreparedStatement i = c.prepareStatement("INSERT INTO " + journal + " (run_id, seq, entry, tag)"
                + " VALUES (?, ?, ?, ?)")) {
            for (int k = 0; k < entries.size(); k++) {
                i.setString(1, id);
                i.setInt(2, from + k);
                i.setString(3, entries.get(k));
                i.setLong(4, tag);
                if (entries.size() == 1) {
                    i.executeUpdate();
                } else {
                    i.addBatch();
                }
            }
            if (entries.size() > 1) {
                i.executeBatch();
            }
        }
    }

    private List<String> entries(Suspension s, int from) {
        List<JournalEntry> all = s.journal();
        List<String> out = new ArrayList<>(all.size() - from);
        for (int k = from; k < all.size(); k++) {
            out.add(codec.dumpEntry(s, k, all.get(k)));
        }
        return out;
    }

    /** Whether {@code next} is {@code base} gone on: the same run, with {@code base}'s journal as its beginning. */
    private static boolean goesOnFrom(Suspension base, Suspension next) {
        int n = base.journal().size();
        return next.journal().size() >= n && base.workflow().equals(next.workflow())
                && base.version() == next.version() && Objects.equals(base.input(), next.input())
                && (n == 0 || base.journal().get(n - 1).equals(next.journal().get(n - 1)));
    }

    private static boolean sameHeader(Suspension a, Suspension b) {
        return a.status() == b.status() && a.awaiting().equals(b.awaiting()) && a.inbox().equals(b.inbox())
                && Objects.equals(a.result(), b.result()) && Objects.equals(a.failure(), b.failure());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private void bindHeader(PreparedStatement p, Suspension s, String header, long revision) throws SQLException {
        p.setString(1, s.workflow());
        p.setInt(2, s.version());
        p.setString(3, s.status().name());
        p.setString(4, describe(s.awaiting()));
        OffsetDateTime wake = wake(s);
        if (wake == null) {
            p.setNull(5, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);   // typed, for PostgreSQL's INSERT ... SELECT
        } else {
            p.setObject(5, wake);
        }
        p.setString(6, header);
        p.setObject(7, now());
        p.setLong(8, revision);
        p.setString(9, s.id());
    }

    private static OffsetDateTime wake(Suspension s) {
        Instant wake = s.isFinished() ? null : s.awaiting().readyAt();
        return wake == null ? null : OffsetDateTime.ofInstant(wake, ZoneOffset.UTC);
    }

    /**
     * Keeps what was just written (or read) of an unfinished run, so that the next save of it appends and the next
     * read of it checks the revision and the last entry only. Every use is checked against the stored run, so a
     * save that is rolled back afterwards (in the caller's transaction) costs a full read or write, never a wrong
     * one.
     */
    private void remember(Suspension s, long revision, long lastTag) {
        if (s.isFinished()) {
            held.remove(s.id());
        } else {
            hold(s.id(), new Held(s, revision, lastTag, true));
        }
    }

    /**
     * Holds {@code h} for run {@code id}; past {@link Builder#heldRuns} runs only those held already are replaced, so the
     * memory is bounded and a run not held costs a full read and a full write, never a wrong one.
     */
    private void hold(String id, Held h) {
        if (held.size() < maxHeld) {
            held.put(id, h);
        } else {
            held.replace(id, h);
        }
    }

    private static long nextRevision() {
        long r;
        do {
            r = java.util.concurrent.ThreadLocalRandom.current().nextLong();
        } while (r == 0);   // 0 is the revision and tag of rows written by earlier schema versions
        return r;
    }

    /**
     * The run this store last saved or read, with the revision of its header row and the tag of its last journal
     * row; or, without a run, that the run is not stored. {@code compact}: the stored header holds no journal
     * entries of its own (it does in a row of schema version 1).
     */
    private record Held(Suspension suspension, long revision, long lastTag, boolean compact) {
    }

    @Override
    public Optional<Suspension> find(String id) {
        Objects.requireNonNull(id, "id");
        Held known = held.get(id);
        try (Connection c = dataSource.getConnection()) {
            if (known != null && known.suspension != null && known.compact && stored(c, id, known)) {
                return Optional.of(known.suspension);   // unchanged since this store wrote or read it
            }
            // Header and entries are read by two statements: read again when the header changed in between
            // (every save that writes the header changes its revision, to a value never used before), so the run
            // read is one that was stored. Entries appended in between belong to the header read.
            for (int attempt = 1; ; attempt++) {
                Optional<Read> read = read(c, id);
                if (read.isEmpty()) {
                    hold(id, ABSENT);
                    return Optional.empty();
                }
                Read r = read.get();
                if (r == TORN) {
                    if (attempt == 20) {
                        throw new SuspensionStoreException("stored suspension " + id + " in " + table + " was"
                                + " rewritten each of the 20 times it was read", null);
                    }
                    continue;
                }
                if (r.revision == revision(c, id) || attempt == 20) {
                    if (!r.run.isFinished()) {
                        hold(id, new Held(r.run, r.revision, r.lastTag, r.compact));
                    }
                    return Optional.of(r.run);
                }
            }
        } catch (SQLException e) {
            throw new SuspensionStoreException("could not read suspension " + id + ": " + e.getMessage(), e);
        }
    }

    private record Read(Suspension run, long revision, long lastTag, boolean compact) {
    }

    /** A read that met a run being rewritten: read again. */
    private static final Read TORN = new Read(null, 0, 0, false);

    private long revision(Connection c, String id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT revision FROM " + table + " WHERE id = ?")) {
            q.setString(1, id);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    private Optional<Read> read(Connection c, String id) throws SQLException {
        String body;
        long revision;
        try (PreparedStatement q = c.prepareStatement("SELECT body, revision FROM " + table + " WHERE id = ?")) {
            q.setString(1, id);
            try (ResultSet r = q.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                body = r.getString(1);
                revision = r.getLong(2);
            }
        }
        Suspension header = read(id, body);
        List<JournalEntry> journal = new ArrayList<>(header.journal());   // a version 1 row keeps it in body
        boolean compact = journal.isEmpty();
        long lastTag = 0;
        try (PreparedStatement q = c.prepareStatement("SELECT seq, entry, tag FROM " + this.journal
                + " WHERE run_id = ? ORDER BY seq")) {
            q.setString(1, id);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    int seq = r.getInt(1);
                    if (seq != journal.size() || !compact) {
                        if (revision != revision(c, id)) {
                            return Optional.of(TORN);   // rewritten while this was read
                        }
                        throw new SuspensionStoreException("stored suspension " + id + " in " + table + " lacks"
                                + " journal entry " + journal.size() + " in " + this.journal + " (the next stored"
                                + " is " + seq + ")", null);
                    }
                    journal.add(readEntry(id, seq, r.getString(2)));
                    lastTag = r.getLong(3);
                }
            }
        }
        return Optional.of(new Read(header.advanced(journal, header.awaiting(), header.inbox(), header.status(),
                header.result(), header.failure()), revision, lastTag, compact));
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
        held.remove(id);
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement e = c.prepareStatement("DELETE FROM " + journal + " WHERE run_id = ?");
                    PreparedStatement d = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
                e.setString(1, id);
                e.executeUpdate();
                d.setString(1, id);
                boolean deleted = d.executeUpdate() > 0;
                c.commit();
                return deleted;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
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

    private JournalEntry readEntry(String id, int seq, String text) {
        try {
            return codec.loadEntry(text);
        } catch (RuntimeException e) {
            throw new SuspensionStoreException("step " + seq + " of stored suspension " + id + " in " + journal
                    + " cannot be read: " + e.getMessage(), e);
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
        private int heldRuns = 100_000;

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
         * How many unfinished runs the store keeps in memory at most (100,000 by default), so that their next step
         * neither reads nor rewrites their journal; a step of a run beyond them reads and rewrites it whole.
         */
        public Builder heldRuns(int heldRuns) {
            if (heldRuns < 0) {
                throw new IllegalArgumentException("heldRuns must not be negative, not " + heldRuns);
            }
            this.heldRuns = heldRuns;
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
