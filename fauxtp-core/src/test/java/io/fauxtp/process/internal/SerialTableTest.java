package io.fauxtp.process.internal;

import static io.fauxtp.process.internal.SerialTable.CHUNK_SIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fauxtp.process.Down;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.process.SpawnOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The process table: a slot per pid serial in chunks, a chunk dropped once all of its serials have come and gone,
 * so a node that spawns and ends millions of processes keeps only the chunks that still hold someone.
 */
class SerialTableTest {

    /** Distinct value objects (a conditional remove compares by identity, as for processes). */
    private static Long[] boxes(long n) {
        Long[] values = new Long[(int) n];
        for (int i = 0; i < n; i++) {
            values[i] = Long.valueOf(i);
        }
        return values;
    }

    @Test
    void putGetAndRemove() {
        SerialTable<String> table = new SerialTable<>();
        table.put(1, "one");
        table.put(CHUNK_SIZE + 5, "far");

        assertThat(table.get(1)).isEqualTo("one");
        assertThat(table.get(CHUNK_SIZE + 5)).isEqualTo("far");
        assertThat(table.get(2)).isNull();
        assertThat(table.get(50L * CHUNK_SIZE)).isNull(); // no chunk there at all
        assertThat(table.values()).containsExactlyInAnyOrder("one", "far");

        assertThat(table.remove(1, "another")).isFalse(); // only the value that is there (the same object)
        assertThat(table.get(1)).isEqualTo("one");
        assertThat(table.remove(1, "one")).isTrue();
        assertThat(table.remove(1, "one")).isFalse();
        table.remove(CHUNK_SIZE + 5);
        assertThat(table.get(CHUNK_SIZE + 5)).isNull();
        assertThat(table.isEmpty()).isTrue();
    }

    @Test
    void aChunkIsDroppedOnceAllOfItsSerialsHaveComeAndGone() {
        SerialTable<Long> table = new SerialTable<>();
        // serials 1 .. 3 chunks' worth (serial 0 is a node's pseudo-pid, never a process)
        long last = 3L * CHUNK_SIZE - 1;
        long neverPut = CHUNK_SIZE + 7;
        Long[] values = boxes(last + 1);
        for (long s = 1; s <= last; s++) {
            if (s != neverPut) {
                table.put(s, values[(int) s]);
            }
        }
        assertThat(table.chunkCount()).isEqualTo(3);

        for (long s = 1; s < CHUNK_SIZE - 1; s++) {
            table.remove(s);
        }
        assertThat(table.chunkCount()).as("one serial of chunk 0 is still there").isEqualTo(3);
        table.remove(CHUNK_SIZE - 1);
        assertThat(table.chunkCount()).isEqualTo(2);
        assertThat(table.get(CHUNK_SIZE - 1)).isNull();
        assertThat(table.get(CHUNK_SIZE)).isEqualTo(CHUNK_SIZE);

        // a serial handed out but never put is given up, or its chunk could never be dropped
        for (long s = CHUNK_SIZE; s < 2L * CHUNK_SIZE; s++) {
            if (s != neverPut) {
                assertThat(table.remove(s, values[(int) s])).isTrue();
            }
        }
        assertThat(table.chunkCount()).as("chunk 1 waits for its serial " + neverPut).isEqualTo(2);
        table.abandon(neverPut);
        assertThat(table.chunkCount()).isEqualTo(1);
        assertThat(table.get(2L * CHUNK_SIZE)).isEqualTo(2L * CHUNK_SIZE);
        assertThat(table.values()).hasSize(CHUNK_SIZE);
    }

    @Test
    void manyLiveChunksAreAllFound() {
        SerialTable<Long> table = new SerialTable<>();
        // every 100th serial over 500 chunks: the directory grows well past its first size
        for (long s = 100; s < 500L * CHUNK_SIZE; s += 100) {
            table.put(s, s);
        }
        assertThat(table.chunkCount()).isEqualTo(500);
        for (long s = 100; s < 500L * CHUNK_SIZE; s += 100) {
            assertThat(table.get(s)).isEqualTo(s);
            assertThat(table.get(s + 1)).isNull();
        }
    }

    @Test
    void entriesPutOnOneThreadAndRemovedOnAnotherLeaveNothingBehind() throws Exception {
        SerialTable<Long> table = new SerialTable<>();
        int n = 20 * CHUNK_SIZE;
        Long[] values = boxes(n + 1);
        BlockingQueue<Long> handOver = new ArrayBlockingQueue<>(1024);
        CompletableFuture<Integer> removed = CompletableFuture.supplyAsync(() -> {
            int count = 0;
            try {
                for (int i = 0; i < n; i++) {
                    Long s = handOver.take();
                    if (table.remove(s, s)) {
                        count++;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return count;
        });
        for (int s = 1; s <= n; s++) {
            table.put(s, values[s]);
            handOver.put(values[s]);
        }

        assertThat(removed.get(30, TimeUnit.SECONDS)).isEqualTo(n);
        assertThat(table.isEmpty()).isTrue();
        // serials 1 .. 20 * CHUNK_SIZE: chunks 0 to 19 are complete and dropped, chunk 20 holds serial n only
        assertThat(table.chunkCount()).isEqualTo(1);
    }

    @Test
    void aPidTakenForASpawnThatIsRefusedIsGivenUp() {
        try (Node node = Node.create("refused-spawns")) {
            NodeRuntime runtime = NodeRuntime.of(node);
            SpawnOptions linked = SpawnOptions.defaults().withLink(); // needs a spawning process: refused here
            for (int i = 1; i < CHUNK_SIZE; i++) { // every serial of chunk 0 (serial 0 is the node's own)
                Pid pid = runtime.newPid();
                assertThatThrownBy(() -> runtime.spawnProcess(pid, linked, self -> { }, null, null, true))
                        .isInstanceOf(IllegalStateException.class);
                if (i == CHUNK_SIZE - 2) {
                    assertThat(runtime.tableChunkCount()).isEqualTo(1);
                }
            }
            assertThat(runtime.tableChunkCount()).as("a chunk whose serials were all given up is dropped").isZero();
        }
    }

    @Test
    void aNodeThatOutlivesMillionsOfProcessesKeepsOnlyTheChunksOfTheLiveOnes() throws Exception {
        try (Node node = Node.create("serial-table")) {
            NodeRuntime runtime = NodeRuntime.of(node);
            Pid longLived = node.spawn(self -> self.receive());
            int n = 5 * CHUNK_SIZE;
            CompletableFuture<Integer> downs = new CompletableFuture<>();
            node.spawn(self -> {
                List<Pid> pids = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    pids.add(self.spawn(child -> { }));
                }
                pids.forEach(self::monitor);
                int seen = 0;
                for (int i = 0; i < n; i++) {
                    self.receive(m -> m instanceof Down d ? d : null);
                    seen++;
                }
                downs.complete(seen);
            });
            assertThat(downs.get(30, TimeUnit.SECONDS)).isEqualTo(n);

            // the long-lived process keeps chunk 0; the spawner's chunk holds it until it ends
            await().atMost(Duration.ofSeconds(10)).until(() -> runtime.tableChunkCount() <= 2);
            assertThat(runtime.lookup(longLived)).isNotNull();
            assertThat(runtime.processes()).contains(longLived);
        }
    }
}
