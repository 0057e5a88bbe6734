package io.fauxtp.spring.observation;

import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.WorkflowObserver;
import io.micrometer.observation.Observation;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an observation of a workflow step knows: the workflow (a registered name and version), the run's id, why
 * the run advanced and, once the step ended, the run's status (null when the engine threw).
 */
public final class WorkflowStepContext extends Observation.Context {

    private final String workflow;

    private final int version;

    private final String runId;

    private final WorkflowObserver.Operation operation;

    private Suspension.@Nullable Status status;

    /**
     * Creates a context.
     * @param workflow the workflow's registered name
     * @param version its version
     * @param runId the run's id
     * @param operation why the run advances
     */
    public WorkflowStepContext(String workflow, int version, String runId, WorkflowObserver.Operation operation) {
        this.workflow = Objects.requireNonNull(workflow, "workflow");
        this.version = version;
        this.runId = Objects.requireNonNull(runId, "runId");
        this.operation = Objects.requireNonNull(operation, "operation");
    }

    /** @return the workflow's registered name */
    public String workflow() {
        return this.workflow;
    }

    /** @return the workflow's version */
    public int version() {
        return this.version;
    }

    /** @return the run's id */
    public String runId() {
        return this.runId;
    }

    /** @return why the run advanced */
    public WorkflowObserver.Operation operation() {
        return this.operation;
    }

    /** @return the run's status after the step; null while it runs or when the engine threw */
    public Suspension.@Nullable Status status() {
        return this.status;
    }

    void status(Suspension.@Nullable Status status) {
        this.status = status;
    }

}
