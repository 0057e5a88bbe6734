package io.fauxtp.cluster.hazelcast;

import io.fauxtp.cluster.hazelcast.internal.FencedSuspensionStore;
import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.genserver.StartOptions;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.ProcessContext;
import io.fauxtp.text.Tuple;
import io.fauxtp.workflow.JdbcSuspensionStore;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.WorkflowEngine;
import io.fauxtp.workflow.WorkflowRunner;
import io.fauxtp.workflow.WorkflowService;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Workflow runs owned by one member of the cluster: the member holding the SQL lease of the singleton
 * {@value #SINGLETON} runs a {@link WorkflowRunner} (a process per unfinished run), and when it dies or
 * loses the lease, the next holder's runner starts a process for every unfinished run it finds in the SQL
 * {@code SuspensionStore}, so no suspension is lost. Any member starts and signals runs through this object;
 * the request goes to the owner under the global name {@value #GLOBAL_NAME}.
 *
 * <p>Suspensions are always in SQL, never only in Hazelcast. Started with a {@link JdbcSuspensionStore}
 * ({@link #start(FauxtpCluster, WorkflowEngine, JdbcSuspensionStore, DataSource, ClusterSingleton.Options, Duration)},
 * what the auto-configuration does), every save of the owner is fenced with its lease token in the same
 * transaction: a former owner that was paused cannot overwrite a suspension once another member took the runs
 * over (its save fails and its copy stops). Effects stay at-least-once, as on a restart.
 */
public final class ClusterWorkflows implements AutoCloseable {

    /** The name of the singleton (and its lease row). */
    public static final String SINGLETON = "fauxtp.workflows";
    /** The global name of the owner's workflow front process. */
    public static final String GLOBAL_NAME = "fauxtp.workflows";

    private final FauxtpCluster cluster;
    private final WorkflowService service;
    private final ClusterSingleton singleton;
    private final Duration callTimeout;

    private ClusterWorkflows(FauxtpCluster cluster, DataSource dataSource, WorkflowService service,
                             ClusterSingleton.TreeStart startFront, ClusterSingleton.Options options,
                             Duration callTimeout) {
        this.cluster = cluster;
        this.service = service;
        this.callTimeout = callTimeout;
        this.singleton = ClusterSingleton.startFenced(cluster, dataSource, SINGLETON, startFront, options);
    }

    /**
     * Competes for the ownership of the workflow runs of {@code engine}, whose suspensions are in {@code store}
     * (the SQL store shared by all members, in the database of {@code dataSource}, which also holds the lease).
     * The owner's saves are fenced with its lease token. Requests to the owner wait at most {@code callTimeout}.
     */
    public static ClusterWorkflows start(FauxtpCluster cluster, WorkflowEngine engine, JdbcSuspensionStore store,
                                         DataSource dataSource, ClusterSingleton.Options options,
                                         Duration callTimeout) {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(callTimeout, "callTimeout");
        ClusterSingleton.TreeStart startFront = (node, lease, token) -> GenServer.start(node,
                new Front(lease, token, new WorkflowService(engine, new FencedSuspensionStore(store, lease, token))),
                null, StartOptions.defaults().withTrapExit(true));
        return new ClusterWorkflows(cluster, dataSource, new WorkflowService(engine, store), startFront, options,
                callTimeout);
    }

    /**
     * Competes for the ownership of the workflow runs of {@code service} (whose store must be the SQL store
     * shared by all members). Requests to the owner wait at most {@code callTimeout}. The saves of this form
     * are not fenced (the service's store is used as it is): a former owner that was paused may still save the
     * step it was running before its next lease renewal stops it; prefer the form taking a
     * {@link JdbcSuspensionStore}.
     */
    public static ClusterWorkflows start(FauxtpCluster cluster, DataSource dataSource, WorkflowService service,
                                         ClusterSingleton.Options options, Duration callTimeout) {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(callTimeout, "callTimeout");
        return new ClusterWorkflows(cluster, dataSource, service, (node, lease, token) -> GenServer.start(node,
                new Front(lease, token, service), null, StartOptions.defaults().withTrapExit(true)), options,
                callTimeout);
    }

    /** The singleton that decides which member owns the runs. */
    public ClusterSingleton singleton() {
        return singleton;
    }

    /**
     * Starts run {@code id} on the owning member (its input must be a value the cluster's wire format
     * carries) and returns its suspension as stored.
     *
     * @throws io.fauxtp.genserver.CallExitException with {@code NO_PROCESS} while no member owns the runs
     */
    public Suspension start(String workflow, String id, Object input) {
        cluster.call(GLOBAL_NAME, Tuple.of("start", workflow, id, input), callTimeout);
        return service.find(id).orElseThrow();
    }

    /** Delivers a signal to run {@code id} on the owning member and returns its suspension as stored. */
    public Suspension signal(String id, String name, Object value) {
        cluster.call(GLOBAL_NAME, Tuple.of("signal", id, name, value), callTimeout);
        return service.find(id).orElseThrow();
    }

    /** Withdraws this member; if it owned the runs, their processes stop here and another member takes them. */
    @Override
    public void close() {
        singleton.close();
    }

    /**
     * The owner's front process: holds the runner, answers start and signal requests from any member. It links
     * to the runner's supervisor, so the runner's processes are part of the singleton's copy and end with it.
     */
    private record Front(ClusterSingleton singleton, long token, WorkflowService service)
            implements GenServer<WorkflowRunner> {
        @Override
        public WorkflowRunner init(Object args) {
            ProcessContext self = ProcessContext.current();
            WorkflowRunner runner = WorkflowRunner.start(self.node(), service);
            self.link(runner.supervisor());
            singleton.registerName(GLOBAL_NAME, self.self(), token);
            return runner;
        }

        @Override
        public CallResult<WorkflowRunner> handleCall(Object request, From from, WorkflowRunner runner) {
            if (!(request instanceof Tuple t) || t.size() != 4) {
                throw new IllegalArgumentException("unexpected workflow request " + request);
            }
            Suspension s = switch ((String) t.get(0)) {
                case "start" -> runner.start((String) t.get(1), (String) t.get(2), t.get(3));
                case "signal" -> runner.signal((String) t.get(1), (String) t.get(2), t.get(3));
                default -> throw new IllegalArgumentException("unexpected workflow request " + request);
            };
            return CallResult.reply(s.status().name(), runner);
        }

        @Override
        public void terminate(ExitReason reason, WorkflowRunner runner) {
            runner.close();
        }
    }
}
