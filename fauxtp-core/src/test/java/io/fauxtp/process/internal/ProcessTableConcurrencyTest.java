package io.fauxtp.process.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.process.SpawnOptions;
import io.fauxtp.process.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The node's process table under concurrent spawns, exits, tasks, failed registrations and a close: every live
 * process stays reachable by pid, none is left behind, and only the chunks of the table that still hold someone
 * are kept.
 */
class ProcessTableConcurrencyTest {

    @Test
    void liveProcessesStayReachableWhileOthersComeAndGoOnSeveralThreads() throws Exception {
        try (Node node = Node.create("table-churn"); ExecutorService pool = Executors.newFixedThreadPool(2)) {
            NodeRuntime runtime = NodeRuntime.of(node);
            ConcurrentLinkedQueue<Pid> longLived = new ConcurrentLinkedQueue<>();
            AtomicInteger misses = new AtomicInteger();
            List<CompletableFuture<Void>> workers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                workers.add(CompletableFuture.runAsync(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < 10_000; i++) {
                        int k = random.nextInt(100);
                        if (k < 1) {
                            longLived.add(node.spawn(self -> self.receive()));
                        } else if (k < 30) {
                            Task.async(node, () -> 1); // a pid taken before its process exists
                        } else if (k < 40) {
                            try {
                                node.spawn(SpawnOptions.defaults().withName("clash-" + random.nextInt(4)), self -> { });
                            } catch (RuntimeException nameTaken) {
                                // the process was in the table for a moment, and must be gone again
                            }
                        } else {
                            Pid p = node.spawn(self -> self.receive());
                            if (runtime.lookup(p) == null && node.isAlive(p)) {
                                misses.incrementAndGet();
                            }
                            node.exit(p, ExitReason.KILL);
                        }
                    }
                }, pool));
            }
            CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            assertThat(misses).hasValue(0);
            List<Pid> expected = new ArrayList<>(longLived);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(node.processes()).containsExactlyInAnyOrderElementsOf(expected));
            expected.forEach(p -> assertThat(runtime.lookup(p)).isNotNull());
            long chunksWithLongLived = expected.stream().map(p -> p.serial() >>> SerialTable.CHUNK_BITS).distinct()
                    .count();
            assertThat(runtime.tableChunkCount()).isLessThanOrEqualTo((int) chunksWithLongLived + 1);
        }
    }

    @Test
    void aSpawnRacingCloseIsEitherRefusedOrKilled() throws Exception {
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            for (int round = 0; round < 50; round++) {
                closeWhileSpawning(round, pool);
            }
        }
    }

    private static void closeWhileSpawning(int round, ExecutorService pool) throws Exception {
        Node node = Node.create("closing-" + round);
        NodeRuntime runtime = NodeRuntime.of(node);
        AtomicInteger spawned = new AtomicInteger();
        CompletableFuture<Void> spawner = CompletableFuture.runAsync(() -> {
            try {
                while (true) {
                    runtime.spawnProcess(null, SpawnOptions.defaults(), self -> self.receive(), null, null, true);
                    spawned.incrementAndGet();
                }
            } catch (IllegalStateException closed) {
                // the node is closed: the spawn was refused
            }
        }, pool);
        try {
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(10))
                    .until(() -> spawned.get() >= 100);
        } finally {
            node.close(); // the spawner stops at its next spawn
        }
        spawner.get(10, TimeUnit.SECONDS);

        assertThat(runtime.processes()).as("round %d", round).isEmpty();
    }
}
