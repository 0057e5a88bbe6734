package io.fauxtp.test;

import io.fauxtp.spring.workflow.WorkflowRuns;
import io.fauxtp.workflow.Suspension;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;

/**
 * Drives a test context's workflow runs from one wait to the next. A run's process runs the steps a signal
 * unblocks ({@code fauxtp.workflow.signal-steps}); these methods wait until it has stopped at its next wait. A bean
 * of {@link FauxtpTest}.
 *
 * <pre>{@code
 * Suspension done = workflows.signalAndAwaitNextWait("refund-1", "approved", "carol");
 * assertThat(done.result()).isEqualTo("refunded 500 by carol");
 * }</pre>
 */
public final class WorkflowTester {

    /** How long the methods without a timeout wait: generous, for loaded build machines. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final WorkflowRuns runs;

    /** @param runs the runs of the test context */
    public WorkflowTester(WorkflowRuns runs) {
        this.runs = Objects.requireNonNull(runs, "runs");
    }

    /**
     * Waits until run {@code id} is at a wait: stored as {@code WAITING} (for a signal, a timer or a retry) or
     * finished, not {@code READY} with steps to run.
     * @param id a run id
     * @return the run as stored at that wait
     */
    public Suspension awaitNextWait(String id) {
        return awaitNextWait(id, DEFAULT_TIMEOUT);
    }

    /**
     * {@link #awaitNextWait(String)} with a timeout.
     * @param id a run id
     * @param timeout how long to wait
     * @return the run as stored at that wait
     */
    public Suspension awaitNextWait(String id, Duration timeout) {
        AtomicReference<Suspension> at = new AtomicReference<>();
        Awaitility.await("workflow run '" + id + "' at its next wait")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    Suspension stored = this.runs.find(id).orElseThrow(() -> new NoSuchElementException(
                            "no workflow run with id '" + id + "' is stored"));
                    at.set(stored);
                    return stored.status() != Suspension.Status.READY;
                });
        return at.get();
    }

    /**
     * Sends a signal to run {@code id} and waits until the run is at its next wait.
     * @param id a run id
     * @param name the signal name
     * @param value its value
     * @return the run as stored at its next wait
     */
    public Suspension signalAndAwaitNextWait(String id, String name, Object value) {
        this.runs.signal(id, name, value);
        return awaitNextWait(id);
    }

    /**
     * Starts a run and waits until it is at its first wait.
     * @param workflow the workflow name
     * @param id the run id
     * @param input its input
     * @return the run as stored at its first wait
     */
    public Suspension startAndAwaitNextWait(String workflow, String id, Object input) {
        this.runs.start(workflow, id, input);
        return awaitNextWait(id);
    }

}
