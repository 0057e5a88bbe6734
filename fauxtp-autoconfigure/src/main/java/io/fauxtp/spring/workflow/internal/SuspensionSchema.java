package io.fauxtp.spring.workflow.internal;

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
import javax.sql.DataSource;

/**
 * Brings the suspension table up to date on startup, after the store created it when missing: checks that a
 * table found under that name really is a suspension table (not another application's table of the same name),
 * and adds what later versions added (the index the scheduler's queries of unfinished runs use).
 */
public final class SuspensionSchema {

    /** The columns every version of the table has. */
    static final List<String> COLUMNS = List.of("id", "workflow", "version", "status", "awaiting", "wake_at",
            "body", "updated_at");

    private SuspensionSchema() {
    }

    /**
     * @param dataSource the store's database
     * @param table the store's table, which exists
     * @throws IllegalStateException when the table lacks columns of a suspension table
     */
    public static void migrate(DataSource dataSource, String table) {
        try (Connection connection = dataSource.getConnection()) {
            Set<String> missing = new TreeSet<>(COLUMNS);
            missing.removeAll(columns(connection.getMetaData(), table));
            if (!missing.isEmpty()) {
                throw new IllegalStateException(("Table '%s' of %s is not a fauxtp suspension table: it lacks the "
                        + "columns %s. Set fauxtp.workflow.store.table to a table name of its own.")
                        .formatted(table, connection.getMetaData().getURL(), missing));
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE INDEX IF NOT EXISTS " + indexName(table) + " ON " + table
                        + " (status, wake_at)");
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not bring the suspension table '" + table + "' up to date: "
                    + ex.getMessage(), ex);
        }
    }

    private static String indexName(String table) {
        String name = table + "_unfinished";
        return name.length() <= 63 ? name : name.substring(0, 63);
    }

    private static Set<String> columns(DatabaseMetaData metaData, String table) throws SQLException {
        Set<String> columns = new TreeSet<>();
        // Unquoted names are stored upper case by H2 and lower case by PostgreSQL: look under both.
        for (String name : new LinkedHashSet<>(List.of(table, table.toUpperCase(Locale.ROOT),
                table.toLowerCase(Locale.ROOT)))) {
            try (ResultSet rows = metaData.getColumns(null, null, name, null)) {
                while (rows.next()) {
                    columns.add(rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
        }
        return columns;
    }

}
