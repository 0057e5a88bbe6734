package io.fauxtp.benchmarks;

import io.fauxtp.benchmarks.sidebyside.Footprint;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a synchronous start ({@code GenServer.start}, workload (d)) allocates: one process starts N idle servers,
 * and the bytes the JVM allocated meanwhile on all its threads, divided by N, are what a start allocates (the
 * idle server's own objects included); then the heap each idle server keeps after a full collection. Unlike the
 * time, the bytes barely depend on the machine's load. Each round starts the servers on a fresh node and kills
 * them after.
 *
 * <pre>
 * java -Xms3g -Xmx3g -cp fauxtp-benchmarks/target/benchmarks.jar io.fauxtp.benchmarks.SpawnAllocation \
 *      [servers, default 200000] [rounds, default 3]
 * </pre>
 */
public final class SpawnAllocation {

    private SpawnAllocation() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int r = 0; r < rounds; r++) {
            int number = r + 1;
            long baseline = Footprint.heapAfterGc();
            try (Node node = Node.create("spawn-allocation")) {
                CompletableFuture<String> round = new CompletableFuture<>();
                node.spawn(self -> {
                    List<Pid> servers = new ArrayList<>(n);
                    long allocated = threads.getTotalThreadAllocatedBytes();
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        servers.add(GenServer.start(self.node(), new Footprint.Idle(), null));
                    }
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    double perStart = (double) (threads.getTotalThreadAllocatedBytes() - allocated) / n;
                    double kept = (double) (Footprint.heapAfterGc() - baseline) / n;
                    for (Pid pid : servers) {
                        self.exit(pid, ExitReason.KILL);
                    }
                    round.complete(String.format("round %d: %.0f B allocated per start, %.0f B kept per idle server,"
                            + " %.3f s", number, perStart, kept, seconds));
                });
                System.out.println(round.get(10, TimeUnit.MINUTES));
            }
        }
        System.exit(0);
    }
}
