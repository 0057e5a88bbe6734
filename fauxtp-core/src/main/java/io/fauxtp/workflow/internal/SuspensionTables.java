package io.fauxtp.workflow.internal;

import io.fauxtp.workflow.SuspensionStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tables of a JDBC suspension store: the suspension table (one header row per run), its index of unfinished
 * runs, {@code <table>_journal} (one row per journal entry) and {@code <table>_schema}, which holds the schema
 * version. Creates them from the shipped script of the database ({@code io/fauxtp/workflow/schema-h2.sql},
 * {@code schema-postgresql.sql}) when missing and allowed, migrates the tables of an older release (with the
 * shipped {@code migrate-<from>-to-<to>-h2.sql} or {@code -postgresql.sql}, one version after the other) when
 * allowed and refuses them with what to run otherwise, and refuses a version newer than this release reads. Version 1 kept a run's whole text in its row,
 * version 2 added the journal table, version 3 tags each journal row with the save that wrote it and no longer
 * counts the journal in the header, so that a step that changes nothing else is one {@code INSERT}.
 */
public final class SuspensionTables {

    /** The schema version this release writes and reads. */
    public static final int VERSION = 3;

    private static final String SCRIPT_TABLE = "fauxtp_suspension";

    /** The columns of the suspension table that every schema version has. */
    private static final List<String> COLUMNS = List.of("id", "workflow", "version", "status", "awaiting", "wake_at",
            "body", "updated_at");

    private SuspensionTables() {
    }

    /** The version table of {@code table}. */
    public static String versionTable(String table) {
        return table + "_schema";
    }

    /** The journal table of {@code table}: one row per journal entry of a run. */
    public static String journalTable(String table) {
        return table + "_journal";
    }

    /** The shipped script that migrates tables of version {@code from} to {@code from + 1} on this database. */
    public static String migrationFor(String databaseProduct, int from) {
        return scriptFor(databaseProduct).replace("schema-", "migrate-" + from + "-to-" + (from + 1) + "-");
    }

    /** The shipped scripts that migrate tables of version {@code from} to {@link #VERSION}, in order. */
    static List<String> migrationsFor(String databaseProduct, int from) {
        List<String> scripts = new java.util.ArrayList<>();
        for (int v = from; v < VERSION; v++) {
            scripts.add(migrationFor(databaseProduct, v));
        }
        return scripts;
    }

    /** The shipped script that creates the tables on this database, e.g. {@code io/fauxtp/workflow/schema-h2.sql}. */
    public static String scriptFor(String databaseProduct) {
        return "io/fauxtp/workflow/schema-" + (databaseProduct.toLowerCase(Locale.ROOT).contains("postgres")
                ? "postgresql" : "h2") + ".sql";
    }

    /**
     * Makes sure the tables of {@code table} exist at {@link #VERSION}.
     *
     * @param create whether missing tables may be created and an older schema migrated
     * @return whether the database is PostgreSQL
     * @throws SuspensionStoreException when the tables are missing or older and {@code create} is false, or the
     *     schema is newer than this release reads; the message says which and what to do
     */
    public static boolean prepare(javax.sql.DataSource dataSource, String table, boolean create) {
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            String script = scriptFor(meta.getDatabaseProductName());
            boolean postgres = script.endsWith("postgresql.sql");
            boolean suspensions = exists(meta, table);
            boolean versions = exists(meta, versionTable(table));
            if (!suspensions) {
                if (!create) {
                    throw new SuspensionStoreException("the workflow store's table '" + table + "' does not exist in "
                            + meta.getURL() + ", and the store may not create it; create it with the shipped "
                            + "classpath:" + script + " (with '" + SCRIPT_TABLE + "' replaced by '" + table + "')",
                            null);
                }
                run(c, script, table);
                return postgres;
            }
            Set<String> missing = new TreeSet<>(COLUMNS);
            missing.removeAll(columns(meta, table));
            if (!missing.isEmpty()) {
                throw new SuspensionStoreException("table '" + table + "' of " + meta.getURL() + " is not a fauxtp "
                        + "suspension table: it lacks the columns " + missing + "; give the store a table of its own",
                        null);
            }
            if (!versions) {
                // A table of a release from before the version table: version 1's columns, maybe not the index.
                if (!create) {
                    throw new SuspensionStoreException("the workflow store's table '" + table + "' in " + meta.getURL()
                            + " has no version table '" + versionTable(table) + "' (it was created by an older "
                            + "fauxtp release), and the store may not migrate it; create it as the shipped classpath:"
                            + script + " does, holding the version 1, then run " + String.join(" and ", migrationsFor(
                            meta.getDatabaseProductName(), 1).stream().map(m -> "classpath:" + m).toList()), null);
                }
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE INDEX IF NOT EXISTS " + table + "_unfinished ON " + table + " (status, wake_at)");
                    s.execute("CREATE TABLE " + versionTable(table) + " (version INTEGER NOT NULL)");
                    s.execute("INSERT INTO " + versionTable(table) + " (version) VALUES (1)");
                }
            }
            int version = version(c, table);
            if (version > VERSION) {
                throw new SuspensionStoreException("the workflow store's tables '" + table + "' in " + meta.getURL()
                        + " are at schema version " + version + ", written by a newer fauxtp release; this release "
                        + "reads version " + VERSION + " only. Run the newer release, or restore the database from "
                        + "before it was upgraded", null);
            }
            if (version < VERSION) {
                List<String> migrations = migrationsFor(meta.getDatabaseProductName(), version);
                if (!create) {
                    throw new SuspensionStoreException("the workflow store's tables '" + table + "' in "
                            + meta.getURL() + " are at schema version " + version + ", written by an older fauxtp "
                            + "release; this release reads version " + VERSION + ", and the store may not migrate "
                            + "them. Run the shipped " + String.join(" then ", migrations.stream()
                                    .map(m -> "classpath:" + m).toList())
                            + " (with '" + SCRIPT_TABLE + "' replaced by '" + table + "'), e.g. as Flyway or "
                            + "Liquibase migrations, or let fauxtp migrate them (fauxtp.workflow.store."
                            + "initialize-schema=always)", null);
                }
                migrate(c, migrations, table);
            }
            return postgres;
        }
        catch (SQLException e) {
            throw new SuspensionStoreException("could not prepare the workflow store's table '" + table + "': "
                    + e.getMessage(), e);
        }
    }

    private static int version(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT MAX(version) FROM " + versionTable(table))) {
            if (!r.next() || r.getObject(1) == null) {
                throw new SuspensionStoreException("the version table '" + versionTable(table) + "' of the workflow "
                        + "store is empty; insert the version " + VERSION + " as the shipped schema script does",
                        null);
            }
            return r.getInt(1);
        }
    }

    /** Runs {@code scripts} in one transaction (H2 commits each {@code ALTER TABLE} on its own, PostgreSQL not). */
    private static void migrate(Connection c, List<String> scripts, String table) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String script : scripts) {
                for (String statement : statements(read(script))) {
                    s.execute(statement.replace(SCRIPT_TABLE, table));
                }
            }
            c.commit();
        }
        catch (SQLException | RuntimeException e) {
            c.rollback();
            if (version(c, table) == VERSION) {
                return;   // another instance migrated it at the same time
            }
            throw e;
        }
        finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static String read(String script) {
        try (InputStream in = SuspensionTables.class.getClassLoader().getResourceAsStream(script)) {
            if (in == null) {
                throw new SuspensionStoreException("the schema script " + script + " is not on the class path", null);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new SuspensionStoreException("could not read " + script + ": " + e.getMessage(), e);
        }
    }

    private static void run(Connection c, String script, String table) throws SQLException {
        String sql = read(script);
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String statement : statements(sql)) {
                s.execute(statement.replace(SCRIPT_TABLE, table));
            }
            c.commit();
        }
        catch (SQLException | RuntimeException e) {
            c.rollback();
            if (exists(c.getMetaData(), table)) {
                return;   // another instance created it at the same time
            }
            throw e;
        }
        finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** The statements of a script: comment lines dropped, split at the semicolons that end lines. */
    static List<String> statements(String script) {
        StringBuilder kept = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                kept.append(line).append('\n');
            }
        }
        return java.util.Arrays.stream(kept.toString().split(";\\s*\n")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    private static Set<String> columns(DatabaseMetaData meta, String table) throws SQLException {
        Set<String> columns = new TreeSet<>();
        for (String name : new LinkedHashSet<>(List.of(table, table.toUpperCase(Locale.ROOT),
                table.toLowerCase(Locale.ROOT)))) {
            try (ResultSet rows = meta.getColumns(null, null, name, null)) {
                while (rows.next()) {
                    columns.add(rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
        }
        return columns;
    }

    private static boolean exists(DatabaseMetaData meta, String table) throws SQLException {
        // Unquoted names are stored upper case by H2 and lower case by PostgreSQL: look under both.
        for (String name : new LinkedHashSet<>(List.of(table, table.toUpperCase(Locale.ROOT),
                table.toLowerCase(Locale.ROOT)))) {
            try (ResultSet rows = meta.getTables(null, null, name, new String[] {"TABLE", "BASE TABLE"})) {
                if (rows.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
