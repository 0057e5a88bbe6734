package io.fauxtp.supervisor;

import static io.fauxtp.supervisor.SupTestKit.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.genserver.StartOptions;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.supervisor.SupervisorEvent.ChildRestarted;
import io.fauxtp.testkit.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A property-style crash test: a tree of supervisors with 100 named workers, and a few thousand seeded random
 * kills of workers and of supervisors in the middle of the tree. Afterwards every permanent child is alive,
 * every name resolves to a live pid, the process table holds exactly the tree, and the restart counts the
 * supervisors report match the kills.
 */
class SupervisionTreeCrashTest {

    private static final long SEED = 20261123L;
    private static final int GROUPS = 4;
    private static final int WORKERS_PER_GROUP = 25;
    private static final int KILLS = 3000;

    @RegisterExtension
    final TestNode fauxtp = new TestNode("crash-tree");
    private final Node node = fauxtp.node();

    /** A named worker that answers "ping". */
    static final class Echo implements GenServer<String> {
        @Override
        public String init(Object args) {
            return (String) args;
        }

        @Override
        public CallResult<String> handleCall(Object request, From from, String state) {
            return CallResult.reply(state, state);
        }
    }

    private static String workerName(int group, int i) {
        return "w-" + group + "-" + i;
    }

    @Test
    void randomKillsLeaveExactlyTheTreeWithMatchingRestartCounts() throws Exception {
        Echo echo = new Echo();
        List<ChildSpec> groups = new ArrayList<>();
        for (int g = 0; g < GROUPS; g++) {
            List<ChildSpec> workers = new ArrayList<>();
            for (int i = 0; i < WORKERS_PER_GROUP; i++) {
                String name = workerName(g, i);
                workers.add(ChildSpec.genServer(name, echo, name, StartOptions.defaults().withName(name))
                        .withShutdown(Shutdown.brutalKill()));
            }
            groups.add(ChildSpec.supervisor("group-" + g,
                    SupervisorSpec.of(Strategy.ONE_FOR_ONE, workers).withIntensity(1_000_000, Duration.ofSeconds(1))));
        }
        SupervisorSpec rootSpec = SupervisorSpec.of(Strategy.ONE_FOR_ONE, groups).withIntensity(1_000_000, Duration.ofSeconds(1));

        BlockingQueue<ChildRestarted> restarts = new LinkedBlockingQueue<>();
        try (AutoCloseable sub = Supervisor.subscribe(node, e -> {
            if (e instanceof ChildRestarted r) {
                restarts.add(r);
            }
        })) {
            Pid root = Supervisor.start(node, rootSpec, "root");
            Random random = new Random(SEED);
            // The model: restarts expected per group (in root) and per worker (in the current group instance).
            int[] groupKills = new int[GROUPS];
            Map<String, Integer> workerKills = new HashMap<>();
            int supervisorKills = 0;

            for (int k = 0; k < KILLS; k++) {
                int g = random.nextInt(GROUPS);
                String groupId = "group-" + g;
                Pid group = SupTestKit.pidOf(root, groupId);
                if (random.nextInt(100) < 2) {
                    node.exit(group, ExitReason.KILL);
                    supervisorKills++;
                    groupKills[g]++;
                    for (int i = 0; i < WORKERS_PER_GROUP; i++) {
                        workerKills.remove(workerName(g, i));   // a new group instance counts from zero
                    }
                    awaitRestart(restarts, root, groupId, group);
                } else {
                    String name = workerName(g, random.nextInt(WORKERS_PER_GROUP));
                    Pid victim = node.registry().whereis(name).orElseThrow(() -> new AssertionError(name + " unregistered"));
                    node.exit(victim, ExitReason.KILL);
                    workerKills.merge(name, 1, Integer::sum);
                    awaitRestart(restarts, group, name, victim);
                }
            }

            // Every permanent child alive, every name resolving to a live pid.
            SupervisorSnapshot rootSnapshot = Supervisor.snapshot(root).orElseThrow();
            Set<Pid> tree = new HashSet<>();
            tree.add(root);
            for (int g = 0; g < GROUPS; g++) {
                ChildInfo groupInfo = rootSnapshot.child("group-" + g).orElseThrow();
                assertThat(groupInfo.isRunning()).isTrue();
                assertThat(groupInfo.restartCount()).as("restarts of group-" + g).isEqualTo(groupKills[g]);
                tree.add(groupInfo.pid());
                SupervisorSnapshot groupSnapshot = Supervisor.snapshot(groupInfo.pid()).orElseThrow();
                assertThat(groupSnapshot.children()).hasSize(WORKERS_PER_GROUP);
                for (ChildInfo w : groupSnapshot.children()) {
                    assertThat(w.isRunning()).as(w.id()).isTrue();
                    assertThat(node.isAlive(w.pid())).as(w.id()).isTrue();
                    assertThat(node.registry().whereis(w.name())).as(w.name()).contains(w.pid());
                    assertThat(w.restartCount()).as("restarts of " + w.id()).isEqualTo(workerKills.getOrDefault(w.id(), 0));
                    tree.add(w.pid());
                }
            }
            assertThat(tree).hasSize(1 + GROUPS + GROUPS * WORKERS_PER_GROUP);
            assertThat(supervisorKills).isPositive();
            // No orphans: once the killed processes are gone, the process table is exactly the tree.
            eventually().until(() -> new HashSet<>(node.processes()).equals(tree));
            assertThat(node.registry().registeredNames()).hasSize(1 + GROUPS * WORKERS_PER_GROUP);
            assertThat(GenServer.<String>call(node, workerName(3, 24), "ping")).isEqualTo(workerName(3, 24));
        }
    }

    /** Waits for the restart of {@code childId} in {@code supervisor}, replacing {@code old}. */
    private static void awaitRestart(BlockingQueue<ChildRestarted> restarts, Pid supervisor, String childId, Pid old)
            throws InterruptedException {
        long deadline = System.nanoTime() + SupTestKit.PATIENCE.toNanos();
        while (true) {
            ChildRestarted r = restarts.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (r == null) {
                throw new AssertionError("no restart of " + childId + " in " + supervisor + " (old pid " + old + "); "
                        + "supervisor: " + Supervisor.snapshot(supervisor).flatMap(s -> s.child(childId))
                        + ", old process: " + Node.byId(old.node()).flatMap(n -> n.info(old)));
            }
            if (r.supervisor().equals(supervisor) && r.childId().equals(childId)) {
                assertThat(r.pid()).isNotEqualTo(old);
                return;
            }
        }
    }
}
