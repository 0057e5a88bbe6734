package io.fauxtp.benchmarks;

import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the time of a million synchronous starts ({@code GenServer.start}, workload (d)) goes: a JFR recording of
 * execution samples and collections, taken in this JVM around rounds of spawning, and summed over the spawning
 * windows only (not the kills between them, nor the first round, which warms up). Samples are put in a few
 * groups by the frames on their stacks; collections are reported as their pause time, which samples do not see.
 *
 * <pre>
 * java -Xms6g -Xmx6g -XX:+AlwaysPreTouch -cp fauxtp-benchmarks/target/benchmarks.jar \
 *      io.fauxtp.benchmarks.SpawnProfile [servers, default 1000000] [rounds, default 4]
 * </pre>
 */
public final class SpawnProfile {

    /** An idle server, as in the side-by-side footprint workload. */
    static final class Idle implements GenServer<Boolean> {
        @Override
        public Boolean init(Object args) {
            return Boolean.TRUE;
        }
    }

    private record Window(Instant from, Instant to, double seconds) {
        boolean contains(Instant t) {
            return !t.isBefore(from) && !t.isAfter(to);
        }
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        List<Window> windows = new ArrayList<>();
        Path file = Files.createTempFile("spawn-profile", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(2));
            recording.enable("jdk.GarbageCollection");
            recording.start();
            for (int r = 0; r < rounds; r++) {
                Window w = spawnRound(n);
                System.out.printf("round %d: %.3f s%s%n", r + 1, w.seconds(), r == 0 ? " (warm-up, not profiled)" : "");
                if (r > 0) {
                    windows.add(w);
                }
            }
            recording.stop();
            recording.dump(file);
        }
        report(file, windows);
        Files.delete(file);
        System.exit(0);
    }

    private static Window spawnRound(int n) throws Exception {
        try (Node node = Node.create("spawn-profile")) {
            CompletableFuture<Window> done = new CompletableFuture<>();
            node.spawn(self -> {
                List<Pid> servers = new ArrayList<>(n);
                Instant from = Instant.now();
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    servers.add(GenServer.start(self.node(), new Idle(), null));
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                done.complete(new Window(from, Instant.now(), seconds));
                for (Pid pid : servers) {
                    self.exit(pid, ExitReason.KILL);
                }
            });
            return done.get(10, TimeUnit.MINUTES);
        }
    }

    private static void report(Path file, List<Window> windows) throws Exception {
        Map<String, Integer> groups = new LinkedHashMap<>();
        int samples = 0;
        double gcMillis = 0;
        int collections = 0;
        try (RecordingFile events = new RecordingFile(file)) {
            while (events.hasMoreEvents()) {
                RecordedEvent e = events.readEvent();
                if (windows.stream().noneMatch(w -> w.contains(e.getStartTime()))) {
                    continue;
                }
                String type = e.getEventType().getName();
                if (type.equals("jdk.GarbageCollection")) {
                    gcMillis += e.getDuration("sumOfPauses").toNanos() / 1e6;
                    collections++;
                } else if (type.equals("jdk.ExecutionSample") && e.getStackTrace() != null) {
                    samples++;
                    groups.merge(group(e.getStackTrace().getFrames()), 1, Integer::sum);
                }
            }
        }
        double wall = windows.stream().mapToDouble(Window::seconds).sum();
        double[] times = windows.stream().mapToDouble(Window::seconds).sorted().toArray();
        System.out.printf("%nprofiled rounds: %d, median %.3f s; execution samples in them: %d%n", windows.size(),
                times[times.length / 2], samples);
        int total = samples;
        groups.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(g -> System.out.printf("  %5.1f %%  %s%n", 100.0 * g.getValue() / total, g.getKey()));
        System.out.printf("collections: %d, pauses %.0f ms = %.0f %% of the profiled rounds' %.2f s%n", collections,
                gcMillis, 100 * gcMillis / 1000 / wall, wall);
        System.out.println("rounds (s): " + Arrays.toString(times));
    }

    /** The group of a sample, by the frames of its stack (top first). */
    private static String group(List<RecordedFrame> frames) {
        String top = frames.isEmpty() ? "" : name(frames.getFirst());
        String all = String.join(" ", frames.stream().map(SpawnProfile::name).toList());
        if (all.contains("ThreadContainers")) {
            return "JDK: registering virtual threads for thread dumps (jdk.trackAllThreads)";
        }
        if (all.contains("SerialTable") || all.contains("ConcurrentHashMap")) {
            return "process table and maps";
        }
        if (all.contains("signalWork")) {
            return "scheduler: ForkJoinPool.signalWork (waking the other carrier)";
        }
        if (all.contains("Thread.yield") || all.contains("tryYield")) {
            return "scheduler: Thread.yield (the starter lets init run)";
        }
        String topType = frames.isEmpty() ? "" : frames.getFirst().getMethod().getType().getName();
        if (topType.startsWith("java.lang.VirtualThread") || topType.startsWith("jdk.internal.vm.Continuation")
                || topType.startsWith("java.util.concurrent.ForkJoin") || top.equals("Thread.runWith")) {
            return "scheduler: mounting and running continuations";
        }
        if (all.contains("awaitInit")) {
            return "starter waits for init (spin, timed wait)";
        }
        if (all.contains("ThreadBuilders") || all.contains("newVirtualThread")) {
            return "creating the Thread object";
        }
        if (all.contains("ServerLoop") || all.contains("ProcessImpl.runOn")) {
            return "new server: init, first wait, hibernation";
        }
        if (all.contains("GenServerRuntime") || all.contains("NodeRuntime")) {
            return "starter: start path (objects, spawnProcess)";
        }
        return "other";
    }

    private static String name(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }
}
