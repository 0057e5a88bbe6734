package io.fauxtp.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.fauxtp.cluster.hazelcast.internal.FencedSuspensionStore;
import io.fauxtp.process.Pid;
import io.fauxtp.text.TextCodec;
import io.fauxtp.workflow.Await;
import io.fauxtp.workflow.JdbcSuspensionStore;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.SuspensionCodec;
import io.fauxtp.workflow.SuspensionStoreException;
import io.fauxtp.workflow.WorkflowDefinition;
import io.fauxtp.workflow.WorkflowEngine;
import io.fauxtp.workflow.WorkflowRunner;
import io.fauxtp.workflow.WorkflowService;
import io.fauxtp.workflow.WorkflowSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Workflow runs owned by one member, kept in SQL, taken over by another member when the owner crashes. */
class ClusterWorkflowsTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final WorkflowDefinition<String, String> AWAIT_SHIPPING =
            (ctx, id) -> id + "/" + ctx.awaitSignal("shipped", String.class);

    private final List<HazelcastInstance> members = new ArrayList<>();
    private final List<FauxtpCluster> clusters = new ArrayList<>();
    private final List<ClusterWorkflows> workflows = new ArrayList<>();

    @AfterEach
    void stop() {
        workflows.forEach(ClusterWorkflows::close);
        clusters.forEach(FauxtpCluster::close);
        members.forEach(hz -> hz.getLifecycleService().terminate());
    }

    @Test
    void runsMoveToTheNextOwnerWithTheirSuspensionsWhenTheOwnerCrashes() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:workflows-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        String clusterName = "fauxtp-workflows-" + UUID.randomUUID();
        WorkflowEngine engine = WorkflowEngine.builder().register(WorkflowSpec.of("order", 1, AWAIT_SHIPPING)).build();
        JdbcSuspensionStore store = new JdbcSuspensionStore(dataSource, SuspensionCodec.standard());
        WorkflowService service = new WorkflowService(engine, store);
        for (int i = 0; i < 2; i++) {
            members.add(TestClusters.member(clusterName));
            clusters.add(FauxtpCluster.join(members.getLast(), "member" + i, TextCodec.standard()));
            workflows.add(ClusterWorkflows.start(clusters.getLast(), engine, store, dataSource,
                    ClusterSingleton.Options.defaults().withLease(Duration.ofSeconds(3)), WAIT));
        }
        await().atMost(WAIT).until(() -> workflows.stream().filter(w -> w.singleton().status().active()).count() == 1);
        int owner = workflows.get(0).singleton().status().active() ? 0 : 1;
        int other = 1 - owner;
        long ownerToken = workflows.get(owner).singleton().status().token();

        await().atMost(WAIT).until(() -> clusters.get(other).whereis(ClusterWorkflows.GLOBAL_NAME).isPresent());
        workflows.get(other).start("order", "o-1", "o-1");   // from the member that does not own the runs
        assertThat(clusters.get(owner).node().registry().whereis(WorkflowRunner.processName("o-1"))).isPresent();
        await().atMost(WAIT).until(() -> service.find("o-1").orElseThrow().awaiting()
                .equals(new Await.Signal("shipped")));

        // The owner's copy: its front process (the root), the runner's supervisor and the run's process.
        io.fauxtp.process.Node ownerNode = clusters.get(owner).node();
        Pid front = workflows.get(owner).singleton().status().tree().orElseThrow();
        List<Pid> copy = List.of(front,
                ownerNode.registry().whereis(WorkflowRunner.processName("o-1")).orElseThrow(),
                ownerNode.info(ownerNode.registry().whereis(WorkflowRunner.processName("o-1")).orElseThrow())
                        .orElseThrow().links().iterator().next());
        assertThat(copy).allMatch(ownerNode::isAlive);

        members.get(owner).getLifecycleService().terminate();
        // Without its cluster the former owner kills its copy: the front (which traps exits) and the runner too.
        await().atMost(WAIT).until(() -> copy.stream().noneMatch(ownerNode::isAlive));
        await().atMost(WAIT).until(() -> workflows.get(other).singleton().status().active()
                && clusters.get(other).whereis(ClusterWorkflows.GLOBAL_NAME)
                        .map(pid -> pid.node() == clusters.get(other).node().id()).orElse(false));
        // The new owner's runner found the stored run and gave it a process.
        assertThat(clusters.get(other).node().registry().whereis(WorkflowRunner.processName("o-1"))).isPresent();

        // A save by the former owner, with the token it held, is refused: it cannot overwrite the new owner's runs.
        Suspension stored = service.find("o-1").orElseThrow();
        FencedSuspensionStore formerOwners = new FencedSuspensionStore(store, workflows.get(owner).singleton(), ownerToken);
        assertThatThrownBy(() -> formerOwners.save(stored))
                .isInstanceOf(SuspensionStoreException.class).hasMessageContaining("no longer owns");
        FencedSuspensionStore currentOwners = new FencedSuspensionStore(store, workflows.get(other).singleton(),
                workflows.get(other).singleton().status().token());
        currentOwners.save(stored);   // the owner's own fenced save passes

        Suspension done = workflows.get(other).signal("o-1", "shipped", "T-1");
        assertThat(done.status()).isEqualTo(Suspension.Status.COMPLETED);
        assertThat(done.result()).isEqualTo("o-1/T-1");
    }
}
