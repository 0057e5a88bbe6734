package io.fauxtp.benchmarks;

import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.process.RegistryEvent;
import io.fauxtp.supervisor.ChildSpec;
import io.fauxtp.supervisor.Supervisor;
import io.fauxtp.supervisor.SupervisorSpec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The work behind workload (e), restart to answer, counted rather than timed, for machines too loaded for timings to
 * mean much: per restart, the JVM's CPU time and its threads' context switches (voluntary / involuntary, from
 * {@code /proc/self/task/<tid>/status}, by thread name as the kernel keeps it: 15 characters, digits at the end
 * dropped, so the carriers and the JDK's timer thread share {@code ForkJoinPool-1-}). The restart loop is
 * {@code FauxtpWorkloads#restartToAnswer}'s: kill the registered child of a one_for_one supervisor, wait for the
 * registry event of its successor, call the successor by name. Linux only.
 *
 * <pre>
 * java -cp fauxtp-benchmarks/target/benchmarks.jar io.fauxtp.benchmarks.RestartSwitches \
 *      [restarts per round, default 20000] [rounds, default 4]
 * </pre>
 * The first round warms up; compare the others.
 */
public final class RestartSwitches {

    private RestartSwitches() {}

    static final String NAME = "restarted-echo";

    /** The registry told that {@code pid} now holds {@link #NAME}. */
    record Registered(Pid pid) {}

    public static void main(String[] args) throws Exception {
        int restarts = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (Node node = Node.create("restart-switches")) {
            Supervisor.start(node, SupervisorSpec.oneForOne(ChildSpec.genServer("echo", new EchoServer(), null)
                    .withName(NAME)).withIntensity(Integer.MAX_VALUE, Duration.ofSeconds(1)));
            LinkedBlockingQueue<Integer> done = new LinkedBlockingQueue<>();
            Pid restarter = node.spawn(self -> {
                while (true) {
                    int n = self.receive(m -> m instanceof Integer i ? i : null);
                    for (int i = 0; i < n; i++) {
                        Pid old = node.registry().whereis(NAME).orElseThrow();
                        self.exit(old, ExitReason.KILL);
                        self.receive(m -> m instanceof Registered r && !r.pid().equals(old) ? r : null);
                        GenServer.call(NAME, "who");
                    }
                    done.put(n);
                }
            });
            AutoCloseable registrations = node.registry().subscribe(event -> {
                if (event instanceof RegistryEvent.Registered(String name, Pid pid) && name.equals(NAME)) {
                    node.send(restarter, new Registered(pid));
                }
            });
            try {
                for (int round = 1; round <= rounds; round++) {
                    Map<String, long[]> switchesBefore = switches();
                    long cpuBefore = os.getProcessCpuTime();
                    long start = System.nanoTime();
                    node.send(restarter, restarts);
                    done.take();
                    long wall = System.nanoTime() - start;
                    long cpu = os.getProcessCpuTime() - cpuBefore;
                    StringBuilder byThread = new StringBuilder();
                    double all = 0;
                    for (Map.Entry<String, long[]> e : switches().entrySet()) {
                        long[] before = switchesBefore.getOrDefault(e.getKey(), new long[2]);
                        double voluntary = (double) (e.getValue()[0] - before[0]) / restarts;
                        double involuntary = (double) (e.getValue()[1] - before[1]) / restarts;
                        all += voluntary + involuntary;
                        if (voluntary + involuntary >= 0.01) {
                            byThread.append(String.format("  %s %.2f/%.2f", e.getKey(), voluntary, involuntary));
                        }
                    }
                    System.out.printf("round %d: %.2f us/restart, cpu %.2f us/restart, context switches %.2f/restart:%s%n",
                            round, wall / 1e3 / restarts, cpu / 1e3 / restarts, all, byThread);
                }
            } finally {
                registrations.close();
            }
        }
        System.exit(0);
    }

    /** Voluntary and involuntary context switches so far, summed by thread name. */
    static Map<String, long[]> switches() throws IOException {
        Map<String, long[]> byName = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String name;
                List<String> status;
                try {
                    name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+$", "");
                    status = Files.readAllLines(task.resolve("status"));
                } catch (IOException ended) {
                    continue; // the thread ended meanwhile
                }
                long voluntary = 0;
                long involuntary = 0;
                for (String line : status) {
                    if (line.startsWith("voluntary_ctxt_switches:")) {
                        voluntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                        involuntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    }
                }
                long[] add = {voluntary, involuntary};
                byName.merge(name, add, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            }
        }
        return byName;
    }
}
