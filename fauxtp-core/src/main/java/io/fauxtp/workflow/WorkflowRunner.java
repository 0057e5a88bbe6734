package io.fauxtp.workflow;

import io.fauxtp.genserver.CastResult;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.genserver.StartOptions;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.supervisor.ChildSpec;
import io.fauxtp.supervisor.DynamicSupervisor;
import io.fauxtp.supervisor.DynamicSupervisorSpec;
import io.fauxtp.supervisor.Restart;
import io.fauxtp.workflow.internal.RunServer;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs each unfinished workflow run as a process under one dynamic supervisor of a {@link Node}. A run's
 * process resumes it on start, when its timer or retry is due, and after a signal, and exits once the run has
 * finished. Starting the runner starts a process for every unfinished run in the store, which is how runs
 * continue after a restart of the application. Run processes are registered as {@code workflow:<id>}, so use
 * one runner per node.
 *
 * <pre>{@code
 * try (WorkflowRunner runner = WorkflowRunner.start(node, service)) {
 *     runner.start("order", "order-1", order);
 *     runner.deliver("order-1", "shipped", "TRACK-9");   // the run's process runs the next steps
 * }
 * }</pre>
 */
public final class WorkflowRunner implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WorkflowRunner.class.getName());
    private static final int MAX_IMMEDIATE_RESUMES = 1_000;

    private final Node node;
    private final WorkflowService service;
    private final RunServer behaviour;
    private final Pid supervisor;

    private WorkflowRunner(Node node, WorkflowService service, Clock clock, String supervisorName) {
        this.node = node;
        this.service = service;
        this.behaviour = new RunServer(service, clock);
        this.supervisor = DynamicSupervisor.start(node, DynamicSupervisorSpec.empty(), supervisorName);
    }

    /** Starts a runner on {@code node}, with a process for every unfinished run {@code service} has stored. */
    public static WorkflowRunner start(Node node, WorkflowService service) {
        return start(node, service, Clock.systemUTC());
    }

    /** Starts a runner whose timers are measured with {@code clock} (give it the engine's clock). */
    public static WorkflowRunner start(Node node, WorkflowService service, Clock clock) {
        return start(node, service, clock, null);
    }

    /**
     * Starts a runner whose dynamic supervisor is registered as {@code supervisorName} (null for none), so that
     * health, the supervision endpoint and metrics show it under a stable name instead of its pid.
     */
    public static WorkflowRunner start(Node node, WorkflowService service, Clock clock, String supervisorName) {
        WorkflowRunner runner = new WorkflowRunner(Objects.requireNonNull(node, "node"),
                Objects.requireNonNull(service, "service"), Objects.requireNonNull(clock, "clock"), supervisorName);
        for (StoredSuspension pending : service.list()) {
            if (pending.status() == Suspension.Status.READY || pending.status() == Suspension.Status.WAITING) {
                runner.ensureProcess(pending.id());
            }
        }
        return runner;
    }

    /** The registered name of the process of run {@code id}. */
    public static String processName(String id) {
        return "workflow:" + id;
    }

    /** Starts a run (see {@link WorkflowService#start(String, String, Object)}) and its process. */
    public Suspension start(String workflow, String id, Object input) {
        Suspension s = service.start(workflow, id, input);
        if (!s.isFinished()) {
            ensureProcess(id);
        }
        return s;
    }

    /**
     * Delivers a signal to run {@code id}, runs the steps it unblocks on the calling thread, and lets the run's
     * process go on from there. {@link #deliver} leaves the steps to the process.
     */
    public Suspension signal(String id, String name, Object value) {
        Suspension s = service.signal(id, name, value);
        wake(id);
        return s;
    }

    /**
     * Stores a signal for run {@code id} ({@link WorkflowService#deliver}) and wakes the run's process, which runs
     * the steps the signal unblocks: the caller does not wait for them, only for the signal to be stored.
     *
     * @return the stored run, holding the signal
     */
    public Suspension deliver(String id, String name, Object value) {
        Suspension s = service.deliver(id, name, value);
        wake(id);
        return s;
    }

    /**
     * Lets the process of run {@code id} look at its stored run again (after a signal delivered through
     * {@link WorkflowService} directly), starting one when the run is unfinished and has none.
     */
    public void wake(String id) {
        Optional<Pid> pid = process(id);
        if (pid.isPresent()) {
            GenServer.cast(pid.get(), RunServer.WAKE);   // goes on waiting, or exits when the run finished
        } else {
            follow(id);
        }
    }

    /**
     * Starts the process of the stored run {@code id} unless it has finished or has one already: for a run
     * stored by {@link WorkflowService} directly, e.g. inside a transaction that has committed since.
     */
    public void follow(String id) {
        service.find(id).filter(s -> !s.isFinished()).ifPresent(s -> ensureProcess(id));
    }

    /** The process of run {@code id}, while it has one. */
    public Optional<Pid> process(String id) {
        return node.registry().whereis(processName(id));
    }

    /** The dynamic supervisor of the run processes. */
    public Pid supervisor() {
        return supervisor;
    }

    /** Stops every run process and the supervisor; the runs stay stored. */
    @Override
    public void close() {
        if (node.isAlive(supervisor)) {
            DynamicSupervisor.stop(supervisor);
        }
    }

    /**
     * The step the process of run {@code id} takes whenever it is woken (started, told, or its timer due): resumes
     * the run until it finishes or waits, and says what the process does next. It stops normally once the run has
     * finished or is not stored; with a shutdown reason (a transient child is not restarted for it) when the run
     * cannot be resumed (non-determinism, an unhandled effect, a refused save), leaving the run stored as it was;
     * otherwise it waits for a message, with a timeout when a timer or retry is due. Shared by this runner's
     * processes and the cluster's.
     */
    public static CastResult<String> processStep(WorkflowService service, String id, Clock clock) {
        for (int i = 0; i < MAX_IMMEDIATE_RESUMES; i++) {
            Suspension s;
            try {
                s = service.resume(id);
            } catch (NoSuchElementException e) {
                return CastResult.stop(ExitReason.NORMAL, id);   // deleted, or never stored: nothing to run
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "workflow run " + id + " cannot be resumed; its process stops and the run stays"
                        + " stored as it was: " + e.getMessage(), e);
                return CastResult.stop(ExitReason.shutdown("workflow run " + id + " cannot be resumed: "
                        + e.getClass().getSimpleName()), id);
            }
            if (s.isFinished()) {
                return CastResult.stop(ExitReason.NORMAL, id);
            }
            Instant wake = s.awaiting().readyAt();
            if (wake == null) {
                return CastResult.noReply(id);   // waits for a signal: a message comes after one is delivered
            }
            Duration wait = Duration.between(clock.instant(), wake);
            if (wait.isPositive()) {
                return CastResult.noReply(id).withTimeout(wait);
            }
        }
        return CastResult.noReply(id).withTimeout(Duration.ofMillis(1));
    }

    private void ensureProcess(String id) {
        if (process(id).isPresent()) {
            return;
        }
        ChildSpec spec = ChildSpec.genServer("run-" + id, behaviour, id, StartOptions.defaults()
                .withName(processName(id))).withRestart(Restart.TRANSIENT);
        try {
            DynamicSupervisor.startChild(supervisor, spec);
        } catch (RuntimeException e) {
            if (process(id).isEmpty()) {
                throw e;   // not a lost race with another start of the same run
            }
        }
    }
}
