package io.fauxtp.spring.autoconfigure.workflow;

import org.springframework.boot.context.properties.ConfigurationProperties;

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
     * Where suspensions are stored.
     */
    private final Store store = new Store();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Store getStore() {
        return this.store;
    }

    /**
     * The suspension store ({@code fauxtp.workflow.store.*}): a table in the application's DataSource, or in an
     * embedded H2 file database when the application has no DataSource.
     */
    public static class Store {

        /**
         * Table of the suspensions (a plain SQL name), created on startup when missing.
         */
        private String table = "fauxtp_suspension";

        /**
         * File path (without the '.mv.db' suffix) of the embedded H2 database used when the application has no
         * DataSource.
         */
        private String h2Path = "./data/fauxtp-workflows";

        public String getTable() {
            return this.table;
        }

        public void setTable(String table) {
            this.table = table;
        }

        public String getH2Path() {
            return this.h2Path;
        }

        public void setH2Path(String h2Path) {
            this.h2Path = h2Path;
        }

    }

}
