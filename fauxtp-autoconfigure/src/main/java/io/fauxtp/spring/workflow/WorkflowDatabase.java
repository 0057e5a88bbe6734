package io.fauxtp.spring.workflow;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Where the workflow store keeps its suspensions: an application {@link DataSource} (PostgreSQL, H2, any JDBC
 * database), or a database the store opened for itself (the embedded H2 file, or a private in-memory H2
 * database when asked for), which this object closes with the application context.
 */
public final class WorkflowDatabase implements AutoCloseable {

    private final DataSource dataSource;

    private final String description;

    private final boolean inMemory;

    private final @Nullable AutoCloseable owned;

    private WorkflowDatabase(DataSource dataSource, String description, boolean inMemory,
            @Nullable AutoCloseable owned) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.description = description;
        this.inMemory = inMemory;
        this.owned = owned;
    }

    /**
     * An application data source, which the application closes.
     * @param dataSource the data source
     * @return the database
     */
    public static WorkflowDatabase of(DataSource dataSource) {
        String description = describe(dataSource);
        return new WorkflowDatabase(dataSource, description, isInMemory(description), null);
    }

    /**
     * A database this object owns: closing it closes {@code owner}.
     * @param dataSource its data source
     * @param description what it is, for logs and the actuator endpoint
     * @param owner what closes it
     * @return the database
     */
    public static WorkflowDatabase owned(DataSource dataSource, String description, AutoCloseable owner) {
        return new WorkflowDatabase(dataSource, description, isInMemory(description),
                Objects.requireNonNull(owner, "owner"));
    }

    /** @return the data source of the store */
    public DataSource dataSource() {
        return this.dataSource;
    }

    /** @return the database product and URL, e.g. {@code PostgreSQL jdbc:postgresql://localhost:5432/app} */
    public String description() {
        return this.description;
    }

    /** @return whether the database lives in memory only: its runs are lost when the application stops */
    public boolean inMemory() {
        return this.inMemory;
    }

    /**
     * @return whether the store opened this database for itself (the embedded H2 file or a private in-memory
     * database), so no other application instance can share it
     */
    public boolean embedded() {
        return this.owned != null;
    }

    /** Closes the database this object opened; an application data source is left alone. */
    @Override
    public void close() throws Exception {
        if (this.owned != null) {
            this.owned.close();
        }
    }

    @Override
    public String toString() {
        return "WorkflowDatabase[" + this.description + "]";
    }

    private static boolean isInMemory(String description) {
        return description.contains("jdbc:h2:mem:") || description.contains("jdbc:hsqldb:mem:")
                || description.contains("jdbc:derby:memory:");
    }

    private static String describe(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName() + " " + connection.getMetaData().getURL();
        }
        catch (SQLException ex) {
            return dataSource.getClass().getName() + " (unreachable: " + ex.getMessage() + ")";
        }
    }

}
