package io.fauxtp.cluster.hazelcast;

import io.fauxtp.cluster.hazelcast.internal.FencedSuspensionStore;
import io.fauxtp.cluster.hazelcast.internal.WorkflowRunProcess;
import io.fauxtp.text.Tuple;
import io.fauxtp.workflow.JdbcSuspensionStore;
import io.fauxtp.workflow.StoredSuspension;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.WorkflowEngine;
import io.fauxtp.workflow.WorkflowService;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Workflow runs spread over the members of the cluster. A run's id maps to one of {@link ShardRegion.Options#shards()}
 * shards by a hash, and each shard is owned by one live member at a time, exactly as a sharded GenServer's
 * ({@link ShardRegion}, type {@value #SHARD_TYPE}): rendezvous hashing over Hazelcast's member list, a lease row
 * per shard in the singletons' table, a fencing token per shard. The owner of a shard runs a process for each of
 * its unfinished runs; when a member takes a shard (its owner died, left, or a member joined), it starts a
 * process for every unfinished run of the shard that it finds in the SQL {@code SuspensionStore}, so no run is
 * lost. Once per lease period each member also starts a process for every unfinished run of a shard it holds that
 * has none (it stopped after a refused save, or crashed), as the single-JVM runner's supervisor restarts a run's
 * process. Any member starts and signals runs through this object; the request goes to the owner of the run's shard.
 *
 * <p>Suspensions are always in SQL, never only in Hazelcast. Every save of a run's process commits in the same
 * transaction as a check that its member still holds the shard's lease with the token it started the process
 * under: a former owner that was paused or cut off cannot overwrite a suspension once another member took the
 * shard over (its save fails and the process stops). Effects stay at-least-once, as on a restart.
 */
public final class ClusterWorkflows implements AutoCloseable {

    /** The sharded type of the runs: its lease rows are {@code fauxtp.shard.fauxtp.workflows.<n>}. */
    public static final String SHARD_TYPE = "fauxtp.workflows";
    /** How many shards the runs are spread over unless told otherwise. */
    public static final int DEFAULT_SHARDS = 64;

    private static final System.Logger LOG = System.getLogger("io.fauxtp.cluster.workflows");
    /** Runs wait for a signal or a timer with a process of their own: they are never passivated. */
    private static final Duration NEVER = Duration.ofDays(365L * 100);

    private final JdbcSuspensionStore store;
    private final WorkflowService fenced;
    private final ShardRegion region;
    private final ConcurrentLinkedQueue<Integer> activated = new ConcurrentLinkedQueue<>();
    private final Semaphore wake = new Semaphore(0);
    private final Thread recovery;
    /** How often this member looks for unfinished runs of its shards without a process: once per lease. */
    private final Duration sweepPeriod;
    private volatile boolean closed;

    private ClusterWorkflows(FauxtpCluster cluster, WorkflowEngine engine, JdbcSuspensionStore store,
                             DataSource dataSource, ShardRegion.Options options) {
        this.store = store;
        this.sweepPeriod = options.lease();
        this.fenced = new WorkflowService(engine, new FencedSuspensionStore(store));
        this.recovery = Thread.ofVirtual().name("fauxtp-workflow-recovery").unstarted(this::recover);
        this.region = ShardRegion.start(cluster, dataSource, SHARD_TYPE,
                new WorkflowRunProcess(fenced, Clock.systemUTC()), id -> id, options.withPassivateAfter(NEVER),
                Clock.systemUTC(), shard -> {
                    activated.add(shard);
                    wake.release();
                }, this::releaseKilled);
        recovery.start();
    }

    /**
     * Competes for this member's share of the workflow runs of {@code engine}, whose suspensions are in {@code
     * store} (the SQL store shared by all members, in the database of {@code dataSource}, which also holds the
     * leases): the runs are spread over {@code options.shards()} shards, each leased for {@code options.lease()}
     * and owned only by a member that sees a quorum of {@code options.expectedMembers()}; a start or signal waits
     * at most {@code options.callTimeout()}. The runs are never passivated ({@code options.passivateAfter()} is
     * not used).
     */
    public static ClusterWorkflows start(FauxtpCluster cluster, WorkflowEngine engine, JdbcSuspensionStore store,
                                         DataSource dataSource, ShardRegion.Options options) {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(options, "options");
        return new ClusterWorkflows(cluster, engine, store, dataSource, options);
    }

    /**
     * As {@link #start(FauxtpCluster, WorkflowEngine, JdbcSuspensionStore, DataSource, ShardRegion.Options)} with
     * {@value #DEFAULT_SHARDS} shards, the lease, quorum and table of {@code options}, and requests waiting at
     * most {@code callTimeout}.
     */
    public static ClusterWorkflows start(FauxtpCluster cluster, WorkflowEngine engine, JdbcSuspensionStore store,
                                         DataSource dataSource, ClusterSingleton.Options options,
                                         Duration callTimeout) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(callTimeout, "callTimeout");
        return start(cluster, engine, store, dataSource, ShardRegion.Options.defaults().withShards(DEFAULT_SHARDS)
                .withLease(options.lease()).withExpectedMembers(options.expectedMembers()).withTable(options.table())
                .withCallTimeout(callTimeout));
    }

    /**
     * Ends the live code of run {@code id}, whose process the region killed because this member lost the run's
     * shard: a killed process runs no {@code terminate} (as in Erlang, whether it traps exits or not), so
     * {@link WorkflowRunProcess#terminate} did not release it. On a thread of its own: the release waits for an
     * operation of the run still under way on the killed process's thread (an effect call that ignores interrupts)
     * and must hold up neither the region nor the recovery of other runs. Should the member have taken the shard
     * again meanwhile, the run's new process replays the run once.
     */
    private void releaseKilled(String id) {
        Thread.ofVirtual().name("fauxtp-workflow-release").start(() -> fenced.release(id));
    }

    /** How many runs this member keeps live (their code parked where they wait). */
    int liveRuns() {
        return fenced.liveRuns();
    }

    /** The shard region of the runs: which member owns a run ({@code ownerOf(id)}), and what this member runs. */
    public ShardRegion region() {
        return region;
    }

    /**
     * Starts run {@code id} on the member that owns its shard (its input must be a value the cluster's wire format
     * carries) and returns its suspension as stored.
     *
     * @throws IllegalStateException when a run with this id is stored already
     * @throws io.fauxtp.genserver.CallTimeoutException when no owner answered within the call timeout (the run may
     *         or may not have started)
     */
    public Suspension start(String workflow, String id, Object input) {
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(id, "id");
        request(id, Tuple.of(WorkflowRunProcess.START, workflow, input));
        return store.find(id).orElseThrow();
    }

    /**
     * Delivers a signal to run {@code id} on the member that owns its shard, runs the steps it unblocks there, and
     * returns the run's suspension as stored.
     *
     * @throws NoSuchElementException when no run {@code id} is stored
     * @throws IllegalStateException  when the run has finished
     */
    public Suspension signal(String id, String name, Object value) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        request(id, Tuple.of(WorkflowRunProcess.SIGNAL, name, value));
        return store.find(id).orElseThrow();
    }

    private void request(String id, Tuple request) {
        Object answer = region.call(id, request);
        if (answer instanceof Tuple t && t.size() == 3 && WorkflowRunProcess.ERROR.equals(t.get(0))) {
            String message = (String) t.get(2);
            throw WorkflowRunProcess.MISSING.equals(t.get(1)) ? new NoSuchElementException(message)
                    : new IllegalStateException(message);
        }
    }

    /**
     * Starts a process for each unfinished run of the shards this member has just taken, reading the unfinished
     * runs once for all the shards taken together; after a database failure it tries again a second later. Once
     * per {@link #sweepPeriod} it also starts again the unfinished runs of the shards this member holds that have
     * no process here (stopped after a refused save, or crashed), as the single-JVM runner's supervisor restarts
     * them.
     */
    private void recover() {
        Set<Integer> shards = new HashSet<>();
        long nextSweep = System.nanoTime() + sweepPeriod.toNanos();
        while (!closed) {
            try {
                wake.tryAcquire(1, TimeUnit.SECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
            for (Integer shard; (shard = activated.poll()) != null; ) {
                shards.add(shard);
            }
            if (closed) {
                return;
            }
            if (!shards.isEmpty()) {
                try {
                    resumeRunsOf(shards);
                    shards.clear();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, () -> "could not read the unfinished workflow runs of the shards this "
                            + "member took; trying again in a second: " + e);
                }
            }
            if (System.nanoTime() - nextSweep >= 0) {
                nextSweep = System.nanoTime() + sweepPeriod.toNanos();
                try {
                    restartStoppedRuns();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, () -> "could not read the unfinished workflow runs to start again those "
                            + "whose process stopped; trying again in " + sweepPeriod + ": " + e);
                }
            }
        }
    }

    private void resumeRunsOf(Set<Integer> shards) {
        int started = 0;
        for (StoredSuspension run : store.pending()) {
            if (shards.contains(region.shardOf(run.id()))) {
                region.cast(run.id(), WorkflowRunProcess.RESUME);   // starts its process on the owner
                started++;
            }
        }
        int count = started;
        int taken = shards.size();
        LOG.log(Level.DEBUG, () -> "resumed " + count + " unfinished workflow runs of " + taken + " shards");
    }

    /**
     * Has the region start a process for each unfinished run of a shard this member holds that has none here:
     * one read of the unfinished runs' ids and states (not their journals), one message to the region process.
     */
    private void restartStoppedRuns() {
        List<String> ours = new ArrayList<>();
        for (StoredSuspension run : store.pending()) {
            if (region.holds(region.shardOf(run.id()))) {
                ours.add(run.id());
            }
        }
        region.startMissing(ours, WorkflowRunProcess.RESUME);
    }

    /**
     * Withdraws this member: hands its shards of runs over (their processes stop here; another member starts
     * them again from the store once this member has left the Hazelcast cluster).
     */
    @Override
    public void close() {
        closed = true;
        wake.release();
        region.close();
        fenced.close();   // the live runs' threads, should a process not have stopped
        try {
            recovery.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
