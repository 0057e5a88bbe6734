package io.fauxtp.spring.workflow;

/**
 * The workflow store cannot start as configured: no database, two candidate DataSources and no choice, an
 * in-memory database nobody asked for, a table missing or of a newer schema version. Its
 * {@linkplain #action() action} says what to set; a failure analyzer prints both at startup.
 */
public class WorkflowStoreConfigurationException extends IllegalStateException {

    private final String description;

    private final String action;

    /**
     * @param description what is wrong
     * @param action what to do about it, naming the property or annotation
     */
    public WorkflowStoreConfigurationException(String description, String action) {
        super(description + " " + action);
        this.description = description;
        this.action = action;
    }

    /** @return what is wrong */
    public String description() {
        return this.description;
    }

    /** @return what to do about it */
    public String action() {
        return this.action;
    }

}
