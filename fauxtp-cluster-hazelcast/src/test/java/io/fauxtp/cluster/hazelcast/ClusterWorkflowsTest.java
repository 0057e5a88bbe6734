package io.fauxtp.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Pid;
import io.fauxtp.process.ProcessContext;
import io.fauxtp.workflow.Await;
import io.fauxtp.workflow.JdbcSuspensionStore;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.SuspensionCodec;
import io.fauxtp.workflow.WorkflowDefinition;
import io.fauxtp.workflow.WorkflowEngine;
import io.fauxtp.workflow.WorkflowRunner;
import io.fauxtp.workflow.WorkflowSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Workflow runs spread over three members in one JVM, their runs and shard leases in a real PostgreSQL database:
 * runs started on every member run on the owners of their shards, a crashed member's runs go on, on the others,
 * within the takeover bound, signals reach them wherever they are, and a former owner's saves never commit.
 */
class ClusterWorkflowsTest {

    private static final System.Logger LOG = System.getLogger(ClusterWorkflowsTest.class.getName());
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration LEASE = Duration.ofSeconds(3);
    /** The members' Hazelcast max.no.heartbeat ({@link TestClusters}). */
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);
    /** A crashed member's run goes on elsewhere: Hazelcast drops it, a lease check, reading the runs, slack. */
    private static final Duration TAKEOVER_BOUND = HEARTBEAT_TIMEOUT.plus(LEASE.dividedBy(3)).plusSeconds(4);
    private static final Duration NAP = Duration.ofSeconds(2);
    private static final int RUNS = 30;

    /** Waits for "shipped", sleeps (a timer the run's process must keep), waits for "delivered". */
    private static final WorkflowDefinition<String, String> ORDER = (ctx, id) -> {
        String tracking = ctx.awaitSignal("shipped", String.class);
        ctx.sleep(NAP);
        return id + "/" + tracking + "/" + ctx.awaitSignal("delivered", String.class);
    };

    /** Ships (an effect a test may hold up on one member), then notifies (the next effect). */
    private static final WorkflowDefinition<String, String> SHIPMENT = (ctx, id) -> {
        Shipping shipping = ctx.effect(Shipping.class);
        String by = shipping.ship(id);
        shipping.notifyCustomer(id);
        return by;
    };

    /** Packs (an effect that tells the test which process runs the run), sleeps, then hands over (an effect). */
    private static final WorkflowDefinition<String, String> PARCEL = (ctx, id) -> {
        Parcels parcels = ctx.effect(Parcels.class);
        parcels.pack(id);
        ctx.sleep(NAP);
        return parcels.handOver(id);
    };

    interface Parcels {
        void pack(String id);

        String handOver(String id);
    }

    interface Shipping {
        String ship(String id);

        void notifyCustomer(String id);
    }

    /** A notification: by which member, under which token of the run's shard, from which process. */
    private record Notified(int member, String run, long token, Pid process) {}

    @RegisterExtension
    static final PostgresPool postgres = new PostgresPool(16);

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String leases = "wf_lease_" + suffix;
    private final String runs = "wf_run_" + suffix;
    private final InJvmMembers members = new InJvmMembers("fauxtp-workflows");
    private final List<ClusterWorkflows> workflows = new CopyOnWriteArrayList<>();
    private JdbcSuspensionStore store;

    /** Per member: where its Shipping effect may be held up, and what it shipped and notified. */
    private final Map<Integer, CountDownLatch> holdShipping = new ConcurrentHashMap<>();
    private final CountDownLatch heldUp = new CountDownLatch(1);
    private final AtomicReference<Thread> heldThread = new AtomicReference<>();
    private final List<Notified> notified = new CopyOnWriteArrayList<>();
    /** The process that packed each parcel run. */
    private final Map<String, Pid> packedBy = new ConcurrentHashMap<>();

    /** The messages of the runs' processes that stopped because their run could not be resumed (a failed save). */
    private final List<String> stopsOfRun = new CopyOnWriteArrayList<>();
    /** Where the runner logs them (held here: the logging framework keeps its loggers weakly). */
    private static final Logger RUNNER_LOG = Logger.getLogger(WorkflowRunner.class.getName());
    private final Handler stops = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getMessage() != null && record.getMessage().contains("cannot be resumed")) {
                stopsOfRun.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void form() {
        RUNNER_LOG.addHandler(stops);
        store = JdbcSuspensionStore.builder(postgres.pool(), SuspensionCodec.standard()).table(runs).build();
        for (int i = 0; i < 3; i++) {
            addMember(i);
        }
        await().atMost(WAIT).until(() -> members.formed(3)
                && workflows.stream().mapToInt(w -> w.region().stats().shards()).sum() == 30
                && workflows.stream().allMatch(w -> w.region().stats().shards() > 0));
    }

    @AfterEach
    void stop() throws SQLException {
        RUNNER_LOG.removeHandler(stops);
        holdShipping.values().forEach(CountDownLatch::countDown);
        workflows.forEach(ClusterWorkflows::close);
        members.close();
        try (Connection c = postgres.pool().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + leases);
            for (String table : List.of(runs + "_journal", runs + "_schema", runs)) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    private void addMember(int index) {
        FauxtpCluster cluster = members.cluster(members.add());
        Shipping shipping = new Shipping() {
            @Override
            public String ship(String id) {
                CountDownLatch hold = holdShipping.get(index);
                if (hold != null) {
                    heldThread.set(Thread.currentThread());
                    heldUp.countDown();
                    awaitUninterruptibly(hold);   // as a call to a slow service that does not heed interrupts
                }
                return "member" + index;
            }

            @Override
            public void notifyCustomer(String id) {
                notified.add(new Notified(index, id, ShardedEntity.current().token(), ProcessContext.current().self()));
            }
        };
        Parcels parcels = new Parcels() {
            @Override
            public void pack(String id) {
                packedBy.put(id, ProcessContext.current().self());
            }

            @Override
            public String handOver(String id) {
                return "member" + index;
            }
        };
        WorkflowEngine engine = WorkflowEngine.builder()
                .register(WorkflowSpec.of("order", 1, ORDER))
                .register(WorkflowSpec.of("shipment", 1, SHIPMENT))
                .register(WorkflowSpec.of("parcel", 1, PARCEL))
                .handler(EffectHandler.of("shipping", Shipping.class, shipping))
                .handler(EffectHandler.of("parcels", Parcels.class, parcels))
                .build();
        workflows.add(ClusterWorkflows.start(cluster, engine, store, postgres.pool(), ShardRegion.Options.defaults()
                .withShards(30).withLease(LEASE).withExpectedMembers(3).withTable(leases)
                .withCallTimeout(Duration.ofSeconds(20))));
    }

    /** Waits for {@code latch} whatever interrupts come (killing a process interrupts its thread). */
    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // go on waiting
            }
        }
    }

    private int indexOf(UUID member) {
        return members.indexOf(member);
    }


    private Suspension stored(String id) {
        return store.find(id).orElseThrow();
    }

    @Test
    void runsSpreadOverTheMembersAndACrashedMembersRunsGoOnElsewhereWithinTheBound() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            String id = "order-" + i;
            ids.add(id);
            ClusterWorkflows here = workflows.get(i % 3);   // start runs from every member in turn
            // tag::cluster-workflows[]
            Suspension s = here.start("order", id, id);     // runs on the owner of the shard of `id`
            UUID owner = here.region().ownerOf(id);         // that member, by this member's view
            // end::cluster-workflows[]
            assertThat(s.awaiting()).isEqualTo(new Await.Signal("shipped"));
            assertThat(owner).isEqualTo(workflows.getFirst().region().ownerOf(id));
        }
        int[] owned = new int[3];
        for (String id : ids) {
            owned[indexOf(workflows.getFirst().region().ownerOf(id))]++;
        }
        // Each run has its process on the owner of its shard, and every member owns some.
        await().atMost(WAIT).untilAsserted(() -> {
            for (int m = 0; m < 3; m++) {
                assertThat(workflows.get(m).region().stats().entities()).as("runs on member%d", m)
                        .isEqualTo(owned[m]).isPositive();
            }
        });
        assertThatThrownBy(() -> workflows.get(1).start("order", "order-0", "again"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exists already");
        assertThatThrownBy(() -> workflows.get(2).signal("nowhere", "shipped", "x"))
                .isInstanceOf(NoSuchElementException.class);

        // Signal every run from a member that is mostly not its owner: each now sleeps on its owner's timer.
        for (int i = 0; i < RUNS; i++) {
            ClusterWorkflows here = workflows.get((i + 1) % 3);
            String id = ids.get(i);
            // tag::cluster-signal[]
            here.signal(id, "shipped", "T" + i);            // goes to the run's owner, wherever it is now
            // end::cluster-signal[]
        }
        int victim = 0;
        List<String> victims = ids.stream()
                .filter(id -> indexOf(workflows.getFirst().region().ownerOf(id)) == victim).toList();
        long crashedAt = System.nanoTime();
        members.crash(victim);   // a crash: no hand-over

        // Every run has a process on the two others again, and the victim's runs wake from their timers there:
        // only a process on a member that took the run over can do that.
        await().atMost(WAIT).until(() -> workflows.get(1).region().stats().entities()
                + workflows.get(2).region().stats().entities() == RUNS);
        Duration takeover = Duration.ofNanos(System.nanoTime() - crashedAt);
        await().atMost(WAIT).until(() -> ids.stream().allMatch(id -> stored(id).awaiting()
                .equals(new Await.Signal("delivered"))));
        Duration woke = Duration.ofNanos(System.nanoTime() - crashedAt);
        System.out.println("cluster workflows: the crashed member's " + victims.size() + " runs had processes on the"
                + " others " + takeover.toMillis() + " ms after the crash and woke from their timers there after "
                + woke.toMillis() + " ms (due " + NAP.toMillis() + " ms after their signal)");
        assertThat(takeover).as("the takeover bound").isLessThan(TAKEOVER_BOUND);
        assertThat(woke).as("timers due, plus the takeover bound").isLessThan(NAP.plus(TAKEOVER_BOUND));
        assertThat(workflows.get(victim).region().stats().entities()).as("the crashed member's processes")
                .isZero();
        assertThat(workflows.get(1).region().stats().entities() + workflows.get(2).region().stats().entities())
                .isEqualTo(RUNS);

        for (int i = 0; i < RUNS; i++) {   // signals reach the runs on their new owners
            Suspension done = workflows.get(1 + i % 2).signal(ids.get(i), "delivered", "D" + i);
            assertThat(done.status()).isEqualTo(Suspension.Status.COMPLETED);
            assertThat(done.result()).isEqualTo(ids.get(i) + "/T" + i + "/D" + i);
        }
        await().atMost(WAIT).until(() -> workflows.stream().mapToInt(w -> w.region().stats().entities()).sum() == 0);
    }

    @Test
    void aFormerOwnersSaveNeverCommitsAfterTheNewOwnerTookTheRunOver() throws InterruptedException {
        int victim = 0;
        String id = null;
        for (int i = 0; id == null; i++) {   // a run whose shard the victim owns
            if (indexOf(workflows.get(1).region().ownerOf("shipment-" + i)) == victim) {
                id = "shipment-" + i;
            }
        }
        holdShipping.put(victim, new CountDownLatch(1));
        String run = id;
        long lossesBefore = workflows.get(1).region().losses() + workflows.get(2).region().losses();
        Thread starter = Thread.ofVirtual().start(() -> {
            try {
                workflows.get(1).start("shipment", run, run);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.INFO, "the start's call ended with " + e);   // the owner crashed meanwhile
            }
        });
        assertThat(heldUp.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the victim ships").isTrue();

        members.crash(victim);
        // The new owner runs the run again from its last save: it ships (at least once) and finishes it.
        await().atMost(WAIT).until(() -> stored(run).isFinished());
        assertThat(stored(run).result()).isNotEqualTo("member" + victim);
        Suspension done = stored(run);

        holdShipping.get(victim).countDown();   // the former owner's process goes on: its next save is refused
        assertThat(heldThread.get().join(WAIT)).as("the former owner's process thread ended").isTrue();
        starter.join(WAIT);
        assertThat(stored(run)).as("the run as the new owner left it").isEqualTo(done);
        assertThat(notified).as("notifications").allMatch(n -> n.run().equals(run))
                .noneMatch(n -> n.member() == victim);   // its process's next save (before notifying) was refused
        assertThat(notified).as("notifications").isNotEmpty();
        assertThat("member" + notified.getLast().member()).as("the last notification's member")
                .isEqualTo(done.result());   // the member whose execution shipped, notified and finished the run
        // The new owner runs each effect once. An effect runs again only as after a restart: when the run's process
        // stopped with the effect in flight, because the member lost the shard's lease (a renewal that ran late on a
        // loaded machine: the process is killed, or its save refused) or a save timed out. Any other failed save
        // (one that tripped over what this member's store wrote before) is a fault, and so is any other re-run.
        long lost = workflows.get(1).region().losses() + workflows.get(2).region().losses() - lossesBefore;
        List<String> failed = stopsOfRun.stream().filter(m -> m.contains(run)).toList();
        assertThat(failed).as("why the run's processes stopped unfinished: their save was refused or timed out")
                .allMatch(m -> m.contains("no longer owns shard") || m.contains("timeout"));
        assertThat(notified).as("notifications: one, and one more only per stop of the run's process for a reason"
                + " above (%d shard leases lost by the new owners, failed saves %s)", lost, failed)
                .hasSizeLessThanOrEqualTo(1 + (int) lost + failed.size());
        if (notified.size() > 1) {
            LOG.log(System.Logger.Level.INFO, "the notification ran again (a loaded machine): " + notified
                    + " after " + lost + " lost leases and the failed saves " + failed);
        }
    }

    @Test
    void aRunWhoseProcessStopsWhileItsMemberKeepsTheShardIsStartedAgainThere() throws SQLException {
        String id = "parcel-1";
        int owner = indexOf(workflows.getFirst().region().ownerOf(id));
        String lease = "fauxtp.shard." + ClusterWorkflows.SHARD_TYPE + "." + workflows.getFirst().region().shardOf(id);
        Suspension started = workflows.get((owner + 1) % 3).start("parcel", id, id);
        assertThat(started.awaiting()).isInstanceOf(Await.Timer.class);   // its process keeps the timer
        String leaseBefore = leaseRow(lease);

        Pid process = packedBy.get(id);
        members.cluster(owner).node().exit(process, ExitReason.KILL);   // as a crash, or a stop after a refused save
        long killedAt = System.nanoTime();
        await().atMost(WAIT).until(() -> workflows.get(owner).region().stats().entities() == 0);

        // Nothing is sent to the run: only the owner's sweep can start it again, and its timer finish it there.
        await().atMost(WAIT).until(() -> stored(id).isFinished());
        Duration finished = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.println("cluster workflows: a run whose process was killed finished on its owner "
                + finished.toMillis() + " ms after the kill (its timer was due " + NAP.toMillis() + " ms after its"
                + " start; the owner looks for runs without a process every " + LEASE.toMillis() + " ms)");
        assertThat(stored(id).status()).isEqualTo(Suspension.Status.COMPLETED);
        assertThat(stored(id).result()).as("handed over by the member that kept the shard").isEqualTo("member" + owner);
        assertThat(packedBy.get(id)).as("packed once, by the killed process").isEqualTo(process);
        assertThat(leaseRow(lease)).as("the shard's lease stayed with its owner, same token")
                .startsWith(leaseBefore.substring(0, leaseBefore.lastIndexOf(' ') + 1));
        assertThat(finished).as("timer, plus one sweep period, plus slack").isLessThan(NAP.plus(LEASE).plusSeconds(15));
    }

    /**
     * A member that loses the lease of a run's shard kills the run's process at once: a kill runs no
     * {@code terminate} (as in Erlang, trapping exits or not), yet the run's code, parked on the member where the
     * run waits, must end too, not stay parked until the member stops.
     */
    @Test
    void aRunsLiveCodeEndsWhenItsMemberLosesTheShardAndKillsItsProcess() throws SQLException {
        String id = "order-live";
        int owner = indexOf(workflows.getFirst().region().ownerOf(id));
        int other = (owner + 1) % 3;
        workflows.get(other).start("order", id, id);   // waits for "shipped": its code stays parked on the owner
        await().atMost(WAIT).until(() -> workflows.get(owner).liveRuns() == 1);

        // Another live member holds the lease for a minute now (as after the owner paused): the owner's renewal
        // fails, it kills the shard's processes, and it cannot take the lease back before the minute is out.
        String lease = "fauxtp.shard." + ClusterWorkflows.SHARD_TYPE + "." + workflows.getFirst().region().shardOf(id);
        try (Connection c = postgres.pool().getConnection(); var u = c.prepareStatement("UPDATE " + leases
                + " SET owner = ?, token = token + 1, lease_until = ? WHERE name = ?")) {
            u.setString(1, members.cluster(other).localMember().toString());
            u.setLong(2, System.currentTimeMillis() + 60_000);
            u.setString(3, lease);
            assertThat(u.executeUpdate()).isEqualTo(1);
        }
        await().atMost(WAIT).until(() -> workflows.get(owner).region().stats().entities() == 0);
        await().atMost(WAIT).untilAsserted(() -> assertThat(workflows.get(owner).liveRuns())
                .as("runs whose code stays parked on the member that lost their shard").isZero());
    }

    /** {@code <owner> <token> <lease_until>} of the lease row {@code name}. */
    private String leaseRow(String name) throws SQLException {
        try (Connection c = postgres.pool().getConnection();
                var q = c.prepareStatement("SELECT owner, token, lease_until FROM " + leases + " WHERE name = ?")) {
            q.setString(1, name);
            try (var r = q.executeQuery()) {
                assertThat(r.next()).as("lease row %s", name).isTrue();
                return r.getString(1) + " " + r.getLong(2) + " " + r.getLong(3);
            }
        }
    }
}
