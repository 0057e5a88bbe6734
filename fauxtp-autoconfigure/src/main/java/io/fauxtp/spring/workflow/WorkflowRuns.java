package io.fauxtp.spring.workflow;

import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.workflow.StoredSuspension;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.WorkflowRunner;
import io.fauxtp.workflow.WorkflowService;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import io.fauxtp.spring.workflow.internal.AfterCommit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * The workflow runs of an application context: start a run, signal it, look it up. Each unfinished run is a
 * process under the workflow supervisor of a {@link WorkflowRunner}, which this lifecycle starts once the
 * context is refreshed (in {@link #PHASE}, after the supervision trees) and stops first when it closes. Starting
 * takes over every unfinished run in the store: never-started runs go on, timers that fell due while the
 * application was down fire, runs waiting for a signal wait on.
 *
 * <pre>{@code
 * runs.start("order", "order-1", order);          // runs until it awaits the "shipped" signal
 * runs.signal("order-1", "shipped", "TRACK-9");   // stored; the run's process runs the next steps
 * }</pre>
 */
public final class WorkflowRuns implements SmartLifecycle {

    /** After the supervision trees' phase, so runs start once the trees are up and stop before them. */
    public static final int PHASE = io.fauxtp.spring.autoconfigure.FauxtpLifecycle.PHASE + 1;

    /**
     * The registered name of the dynamic supervisor of the runs, so that health, the {@code supervision} endpoint
     * and metrics show it as a tree of that name rather than under its pid.
     */
    public static final String SUPERVISOR_NAME = "fauxtp-workflows";

    private static final Log logger = LogFactory.getLog(WorkflowRuns.class);

    private final Node node;

    private final WorkflowService service;

    private final Clock clock;

    private final SignalSteps signalSteps;

    private final Object lock = new Object();

    private @Nullable WorkflowRunner runner;

    /**
     * Creates the runs of a context; nothing runs before {@link #start()}.
     * @param node the node the run processes live on
     * @param service the engine and the store
     * @param clock the engine's clock, which timers are measured with
     */
    public WorkflowRuns(Node node, WorkflowService service, Clock clock) {
        this(node, service, clock, SignalSteps.PROCESS);
    }

    /**
     * Creates the runs of a context; nothing runs before {@link #start()}.
     * @param node the node the run processes live on
     * @param service the engine and the store
     * @param clock the engine's clock, which timers are measured with
     * @param signalSteps which thread runs the steps a signal unblocks, unless a call says otherwise
     */
    public WorkflowRuns(Node node, WorkflowService service, Clock clock, SignalSteps signalSteps) {
        this.node = Objects.requireNonNull(node, "node");
        this.service = Objects.requireNonNull(service, "service");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.signalSteps = Objects.requireNonNull(signalSteps, "signalSteps");
    }

    /**
     * Starts a run with a new random id.
     * @param workflow the workflow name
     * @param input its input, of a type the suspension codec knows
     * @return the run as far as it got before it had to wait
     */
    public Suspension start(String workflow, Object input) {
        return start(workflow, UUID.randomUUID().toString(), input);
    }

    /**
     * Starts a run: it is stored, runs until it must wait and, unless finished, goes on in its own process.
     * Before this lifecycle has started the run is stored and advanced, and its process starts with the
     * lifecycle. Inside a Spring transaction on the store's DataSource the run is stored in that transaction:
     * it commits with the caller's own writes or not at all, and its process starts after the commit.
     * @param workflow the workflow name
     * @param id the run id, unique in the store
     * @param input its input
     * @return the run as far as it got before it had to wait
     * @throws IllegalStateException when a run with this id is stored already
     */
    public Suspension start(String workflow, String id, Object input) {
        Suspension started = this.service.start(workflow, id, input);
        if (!started.isFinished()) {
            // Inside the caller's transaction the run is stored with its writes: its process starts on commit.
            AfterCommit.run(() -> {
                WorkflowRunner current = runner();
                if (current != null) {
                    current.follow(id);
                }
            });
        }
        return started;
    }

    /**
     * Delivers a signal to run {@code id}; the steps it unblocks run where {@code fauxtp.workflow.signal-steps}
     * says (by default in the run's process, see {@link #signal(String, String, Object, SignalSteps)}).
     * @param id the run id
     * @param name the signal name
     * @param value the signal's value
     * @return the run as stored when this returns
     * @throws java.util.NoSuchElementException when no such run is stored
     * @throws IllegalStateException when the run has finished
     */
    public Suspension signal(String id, String name, Object value) {
        return signal(id, name, value, this.signalSteps);
    }

    /**
     * Delivers a signal to run {@code id}. The signal is stored before this returns, in the caller's Spring
     * transaction on the store's DataSource if there is one (the process is woken after its commit). With
     * {@link SignalSteps#PROCESS} the steps the signal unblocks run in the run's process: this returns the stored
     * run holding the signal ({@code READY} when it awaited it) without waiting for them, and a slow effect does
     * not hold up the caller. With {@link SignalSteps#CALLER} they run on the calling thread before this returns
     * the run as far as it got.
     * @param id the run id
     * @param name the signal name
     * @param value the signal's value
     * @param steps which thread runs the steps the signal unblocks
     * @return the run as stored when this returns
     * @throws java.util.NoSuchElementException when no such run is stored
     * @throws IllegalStateException when the run has finished
     */
    public Suspension signal(String id, String name, Object value, SignalSteps steps) {
        Suspension signalled = (steps == SignalSteps.CALLER) ? this.service.signal(id, name, value)
                : this.service.deliver(id, name, value);
        AfterCommit.run(() -> {
            WorkflowRunner current = runner();
            if (current != null) {
                current.wake(id);
            }
        });
        return signalled;
    }

    /**
     * @param id a run id
     * @return the stored run
     */
    public Optional<Suspension> find(String id) {
        return this.service.find(id);
    }

    /** @return every stored run, summarised, by id */
    public List<StoredSuspension> list() {
        return this.service.list();
    }

    /**
     * @param id a run id
     * @return the process of the run while it has one (only while this lifecycle runs)
     */
    public Optional<Pid> process(String id) {
        WorkflowRunner current = runner();
        return current != null ? current.process(id) : Optional.empty();
    }

    /** @return the workflow supervisor, while this lifecycle runs */
    public Optional<Pid> supervisor() {
        WorkflowRunner current = runner();
        return current != null ? Optional.of(current.supervisor()) : Optional.empty();
    }

    @Override
    public void start() {
        synchronized (this.lock) {
            if (this.runner == null) {
                this.runner = WorkflowRunner.start(this.node, this.service, this.clock, SUPERVISOR_NAME);
                if (logger.isInfoEnabled()) {
                    long unfinished = this.service.list().stream().filter((s) -> !s.status().equals(
                            Suspension.Status.COMPLETED) && !s.status().equals(Suspension.Status.FAILED)).count();
                    logger.info("Started the workflow supervisor on node " + this.node.name() + " with "
                            + unfinished + " unfinished run(s)");
                }
            }
        }
    }

    @Override
    public void stop() {
        synchronized (this.lock) {
            if (this.runner != null) {
                this.runner.close();
                this.runner = null;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return runner() != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private @Nullable WorkflowRunner runner() {
        synchronized (this.lock) {
            return this.runner;
        }
    }

}
