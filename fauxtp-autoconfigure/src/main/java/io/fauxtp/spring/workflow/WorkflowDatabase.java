package io.fauxtp.spring.workflow;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Where the workflow store keeps its suspensions: the application's own {@link DataSource} (PostgreSQL, H2, any
 * JDBC database), or, when the application has none, an embedded H2 file database that this object opens and
 * closes with the application context.
 */
public final class WorkflowDatabase implements AutoCloseable {

    private static final Log logger = LogFactory.getLog(WorkflowDatabase.class);

    private final DataSource dataSource;

    private final String description;

    private final @Nullable AutoCloseable owned;

    private WorkflowDatabase(DataSource dataSource, String description, @Nullable AutoCloseable owned) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.description = description;
        this.owned = owned;
    }

    /**
     * The application's data source, which the application closes.
     * @param dataSource the data source
     * @return the database
     */
    public static WorkflowDatabase of(DataSource dataSource) {
        String description = describe(dataSource);
        if (description.contains("jdbc:h2:mem:") || description.contains("jdbc:hsqldb:mem:")
                || description.contains("jdbc:derby:memory:")) {
            logger.warn("fauxtp workflows are stored in the application's in-memory database (" + description
                    + "): runs will not survive a restart. Point spring.datasource.url at a durable database.");
        }
        return new WorkflowDatabase(dataSource, description, null);
    }

    /**
     * A database this object owns: closing it closes {@code owner}.
     * @param dataSource its data source
     * @param description what it is, for logs and the actuator endpoint
     * @param owner what closes it
     * @return the database
     */
    public static WorkflowDatabase owned(DataSource dataSource, String description, AutoCloseable owner) {
        return new WorkflowDatabase(dataSource, description, Objects.requireNonNull(owner, "owner"));
    }

    /** @return the data source of the store */
    public DataSource dataSource() {
        return this.dataSource;
    }

    /** @return the database product and URL, e.g. {@code PostgreSQL jdbc:postgresql://localhost:5432/app} */
    public String description() {
        return this.description;
    }

    /** Closes the embedded database this object opened; an application data source is left alone. */
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

    private static String describe(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName() + " " + connection.getMetaData().getURL();
        }
        catch (SQLException ex) {
            return dataSource.getClass().getName() + " (unreachable: " + ex.getMessage() + ")";
        }
    }

}
