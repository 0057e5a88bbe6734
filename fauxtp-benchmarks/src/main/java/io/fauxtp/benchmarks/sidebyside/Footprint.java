package io.fauxtp.benchmarks.sidebyside;

import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.Down;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Workload (d), one large event per measurement, so it runs outside JMH in a JVM of its own: spawn N idle
 * GenServers (actors), the heap per idle one after GC, stop them all and observe every exit, then N short-lived
 * processes, then N idle GenServers again with an asynchronous start ({@code GenServer.spawn}; Pekko's spawn),
 * timed until every init has run. Pekko's first spawn waits for each actor's setup, as a synchronous start does.
 * Usage: {@code Footprint fauxtp|pekko [N] [rounds]}; prints {@code RESULT key value unit} lines, the best round
 * of each figure.
 */
public final class Footprint {

    private Footprint() {}

    /** An idle GenServer: its state is nothing, it handles nothing. */
    public static final class Idle implements GenServer<Object> {
        @Override
        public Object init(Object args) {
            return Boolean.TRUE;
        }
    }

    /**
     * An idle GenServer spawned without waiting for its init (asynchronous start): its init counts itself in the
     * adder it gets as its argument, so the driver can tell when every init has run.
     */
    static final class CountingIdle implements GenServer<Object> {
        @Override
        public Object init(Object args) {
            ((LongAdder) args).increment();
            return Boolean.TRUE;
        }
    }

    record Figures(double spawnSeconds, double bytesPerProcess, double stopSeconds, double shortLivedSeconds,
                   double spawnAsyncSeconds) {}

    public static void main(String[] args) throws Exception {
        String impl = args.length > 0 ? args[0] : "fauxtp";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Figures best = null;
        for (int r = 0; r < rounds; r++) {
            Figures f = impl.equals("pekko") ? pekko(n) : fauxtp(n);
            System.out.printf("round %d: spawn %.3f s, %.0f B/process, stop+observe %.3f s, short-lived %.3f s,"
                            + " spawn async %.3f s%n", r + 1, f.spawnSeconds, f.bytesPerProcess, f.stopSeconds,
                    f.shortLivedSeconds, f.spawnAsyncSeconds);
            best = best == null ? f : new Figures(Math.min(best.spawnSeconds, f.spawnSeconds),
                    Math.min(best.bytesPerProcess, f.bytesPerProcess), Math.min(best.stopSeconds, f.stopSeconds),
                    Math.min(best.shortLivedSeconds, f.shortLivedSeconds),
                    Math.min(best.spawnAsyncSeconds, f.spawnAsyncSeconds));
        }
        System.out.printf("RESULT spawnIdle %.4f s%n", best.spawnSeconds);
        System.out.printf("RESULT bytesPerIdle %.0f B%n", best.bytesPerProcess);
        System.out.printf("RESULT stopAll %.4f s%n", best.stopSeconds);
        System.out.printf("RESULT shortLived %.4f s%n", best.shortLivedSeconds);
        System.out.printf("RESULT spawnAsync %.4f s%n", best.spawnAsyncSeconds);
        System.exit(0);
    }

    /** The heap in use after three full collections. */
    public static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100); // let concurrent GC phases settle; this is a measurement, not a test
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Waits until {@code count} reaches {@code n}, looking every 20 µs (a measurement, not a test). */
    static void awaitCount(LongAdder count, long n) {
        while (count.sum() < n) {
            LockSupport.parkNanos(20_000);
        }
    }

    static double seconds(long fromNanos) {
        return (System.nanoTime() - fromNanos) / 1e9;
    }

    // ----- fauxtp -----

    static Figures fauxtp(int n) throws Exception {
        try (Node node = Node.create("footprint")) {
            CompletableFuture<Figures> result = new CompletableFuture<>();
            long[] baseline = new long[1];
            baseline[0] = heapAfterGc();
            node.spawn(self -> {
                try {
                    List<Pid> servers = new ArrayList<>(n);
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        servers.add(GenServer.start(self.node(), new Idle(), null));
                    }
                    double spawn = seconds(t0);
                    double bytes = (double) (heapAfterGc() - baseline[0]) / n;
                    long t1 = System.nanoTime();
                    for (Pid pid : servers) {
                        self.monitor(pid);
                        self.exit(pid, ExitReason.KILL);
                    }
                    for (int i = 0; i < n; i++) {
                        self.receive(m -> m instanceof Down d ? d : null);
                    }
                    double stop = seconds(t1);
                    servers.clear();
                    CountDownLatch ran = new CountDownLatch(n);
                    long t2 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        self.spawn(child -> ran.countDown());
                    }
                    ran.await();
                    double shortLived = seconds(t2);
                    LongAdder inited = new LongAdder();
                    long t3 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        servers.add(GenServer.spawn(self.node(), new CountingIdle(), inited));
                    }
                    awaitCount(inited, n);
                    double spawnAsync = seconds(t3);
                    for (Pid pid : servers) {
                        self.exit(pid, ExitReason.KILL);
                    }
                    result.complete(new Figures(spawn, bytes, stop, shortLived, spawnAsync));
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
            return result.get(10, TimeUnit.MINUTES);
        }
    }

    // ----- Pekko -----

    record SpawnIdle(int n, CompletableFuture<List<ActorRef<Object>>> spawned) {}

    record StopAll(List<ActorRef<Object>> actors, CompletableFuture<Void> allTerminated) {}

    record SpawnShortLived(int n, CountDownLatch ran) {}

    record SpawnCounting(int n, LongAdder inited) {}

    /** An idle actor's setup has run (the synchronous start's acknowledgement). */
    record SetupDone() {}

    static final SetupDone SETUP_DONE = new SetupDone();

    static Behavior<Object> pekkoGuardian() {
        return Behaviors.setup(ctx -> {
            // Pekko has no start that waits for an actor's setup: the guardian spawns one idle actor, whose setup
            // tells it so, and spawns the next only then, as a synchronous start (gen_server:start) does
            ActorRef<Object> guardian = ctx.getSelf();
            Behavior<Object> idle = Behaviors.setup(c -> {
                guardian.tell(SETUP_DONE);
                return Behaviors.receiveMessage(m -> Behaviors.same());
            });
            SpawnIdle[] spawning = new SpawnIdle[1];
            List<ActorRef<Object>> spawned = new ArrayList<>();
            int[] watching = {0};
            Object[] whenAllTerminated = new Object[1];
            return Behaviors.receive(Object.class)
                    .onMessage(SpawnIdle.class, m -> {
                        spawning[0] = m;
                        spawned.clear();
                        spawned.add(ctx.spawnAnonymous(idle));
                        return Behaviors.same();
                    })
                    .onMessage(SetupDone.class, done -> {
                        SpawnIdle m = spawning[0];
                        if (spawned.size() < m.n()) {
                            spawned.add(ctx.spawnAnonymous(idle));
                        } else {
                            spawning[0] = null;
                            m.spawned().complete(new ArrayList<>(spawned));
                            spawned.clear();
                        }
                        return Behaviors.same();
                    })
                    .onMessage(StopAll.class, m -> {
                        watching[0] = m.actors().size();
                        whenAllTerminated[0] = m.allTerminated();
                        for (ActorRef<Object> ref : m.actors()) {
                            ctx.watch(ref);
                            ctx.stop(ref);
                        }
                        return Behaviors.same();
                    })
                    .onMessage(SpawnCounting.class, m -> {
                        Behavior<Object> counting = Behaviors.setup(c -> {
                            m.inited().increment();
                            return Behaviors.receiveMessage(msg -> Behaviors.same());
                        });
                        for (int i = 0; i < m.n(); i++) {
                            ctx.spawnAnonymous(counting);
                        }
                        return Behaviors.same();
                    })
                    .onMessage(SpawnShortLived.class, m -> {
                        Behavior<Object> shortLived = Behaviors.setup(c -> {
                            m.ran().countDown();
                            return Behaviors.stopped();
                        });
                        for (int i = 0; i < m.n(); i++) {
                            ctx.spawnAnonymous(shortLived);
                        }
                        return Behaviors.same();
                    })
                    .onSignal(Terminated.class, t -> {
                        if (--watching[0] == 0) {
                            @SuppressWarnings("unchecked")
                            CompletableFuture<Void> f = (CompletableFuture<Void>) whenAllTerminated[0];
                            f.complete(null);
                        }
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    static Figures pekko(int n) throws Exception {
        ActorSystem<Object> system = ActorSystem.create(pekkoGuardian(), "footprint");
        try {
            long baseline = heapAfterGc();
            CompletableFuture<List<ActorRef<Object>>> spawned = new CompletableFuture<>();
            long t0 = System.nanoTime();
            system.tell(new SpawnIdle(n, spawned));
            List<ActorRef<Object>> actors = spawned.get(10, TimeUnit.MINUTES);
            double spawn = seconds(t0);
            double bytes = (double) (heapAfterGc() - baseline) / n;
            CompletableFuture<Void> allTerminated = new CompletableFuture<>();
            long t1 = System.nanoTime();
            system.tell(new StopAll(actors, allTerminated));
            allTerminated.get(10, TimeUnit.MINUTES);
            double stop = seconds(t1);
            actors = null;
            CountDownLatch ran = new CountDownLatch(n);
            long t2 = System.nanoTime();
            system.tell(new SpawnShortLived(n, ran));
            ran.await(10, TimeUnit.MINUTES);
            double shortLived = seconds(t2);
            LongAdder inited = new LongAdder();
            long t3 = System.nanoTime();
            system.tell(new SpawnCounting(n, inited));
            awaitCount(inited, n);
            double spawnAsync = seconds(t3);
            return new Figures(spawn, bytes, stop, shortLived, spawnAsync);
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }
}
