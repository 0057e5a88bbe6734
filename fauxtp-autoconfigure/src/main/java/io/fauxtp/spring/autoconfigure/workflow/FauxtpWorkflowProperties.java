package io.fauxtp.spring.autoconfigure.workflow;

import io.fauxtp.spring.workflow.SignalSteps;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

/**
 * The {@code fauxtp.workflow.*} configuration: whether workflows run, and where their suspensions are stored.
 */
@ConfigurationProperties("fauxtp.workflow")
public class FauxtpWorkflowProperties {

    /**
     * Whether to enable the workflow auto-configuration: the engine, the store, the suspension converters, the
     * effect handler check and the workflow supervisor.
     */
    private boolean enabled = true;

    /**
     * Which thread runs the steps a signal unblocks: 'process' (the run's own process; signal returns once the
     * signal is stored) or 'caller' (the thread calling signal, which returns the run as far as it got).
     */
    private SignalSteps signalSteps = SignalSteps.PROCESS;

    /**
     * Where suspensions are stored.
     */
    private final Store store = new Store();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public SignalSteps getSignalSteps() {
        return this.signalSteps;
    }

    public void setSignalSteps(SignalSteps signalSteps) {
        this.signalSteps = signalSteps;
    }

    public Store getStore() {
        return this.store;
    }

    /**
     * The suspension store ({@code fauxtp.workflow.store.*}): a table in the application's DataSource (the one
     * qualified with {@code @FauxtpDataSource}, else its only or {@code @Primary} one), or in an embedded H2 file
     * database when the application has none. An explicit h2-path or in-memory setting wins over any DataSource.
     */
    public static class Store {

        /** The embedded H2 file used when the application has no DataSource and h2-path is not set. */
        public static final String DEFAULT_H2_PATH = "./data/fauxtp-workflows";

        /**
         * Table of the suspensions (a plain SQL name).
         */
        private String table = "fauxtp_suspension";

        /**
         * File path (without the '.mv.db' suffix) of an embedded H2 database for the store. When set, it is used
         * even if the application has a DataSource; when not set (or empty), it is used (at
         * ./data/fauxtp-workflows) only when the application has none.
         */
        private @Nullable String h2Path;

        /**
         * Whether runs may be kept in memory, lost when the application stops (tests and demos only): in the
         * application's in-memory DataSource, which is refused otherwise, or, when the application has no
         * DataSource, in a private in-memory H2 database instead of the embedded H2 file.
         */
        private boolean inMemory;

        /**
         * When to create the store's tables (from the shipped schema-h2.sql or schema-postgresql.sql) if they are
         * missing: 'embedded' for the store's own embedded H2 database and in-memory databases only, 'always',
         * or 'never' (the application creates them, e.g. with a Flyway or Liquibase migration copied from the
         * shipped script).
         */
        private DatabaseInitializationMode initializeSchema = DatabaseInitializationMode.EMBEDDED;

        public @Nullable String getH2Path() {
            return this.h2Path;
        }

        public void setH2Path(@Nullable String h2Path) {
            this.h2Path = h2Path;
        }

        public boolean isInMemory() {
            return this.inMemory;
        }

        public void setInMemory(boolean inMemory) {
            this.inMemory = inMemory;
        }

        public DatabaseInitializationMode getInitializeSchema() {
            return this.initializeSchema;
        }

        public void setInitializeSchema(DatabaseInitializationMode initializeSchema) {
            this.initializeSchema = initializeSchema;
        }

        public String getTable() {
            return this.table;
        }

        public void setTable(String table) {
            this.table = table;
        }

    }

}
