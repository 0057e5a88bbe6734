package io.fauxtp.benchmarks;

import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Core messaging costs: a GenServer call round trip from ordinary code (the JMH thread: no process of its
 * own), a ping-pong round trip between two processes, three processes calling one server at once, and 64 virtual
 * threads (no processes) calling one server at once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CoreMessagingBenchmark {

    record Ping(Pid from, int n) {}

    private Node node;
    private Pid echo;
    private Pid driver;
    private final LinkedBlockingQueue<Integer> rounds = new LinkedBlockingQueue<>();

    /** Calls each of the three callers makes per operation. */
    static final int CALLS_PER_CALLER = 1_000;

    private final LinkedBlockingQueue<Integer> callerRounds = new LinkedBlockingQueue<>();
    private final Pid[] callers = new Pid[3];

    @Setup(Level.Trial)
    public void start() {
        node = Node.create("bench");
        echo = GenServer.start(node, new EchoServer(), null);
        for (int c = 0; c < callers.length; c++) {
            callers[c] = node.spawn(self -> {
                while (true) {
                    int count = (Integer) self.receive();
                    for (int i = 0; i < count; i++) {
                        GenServer.call(echo, i);
                    }
                    callerRounds.put(count);
                }
            });
        }
        Pid ponger = node.spawn(self -> {
            while (true) {
                if (self.receive() instanceof Ping(Pid from, int n)) {
                    self.send(from, n);
                }
            }
        });
        // the driver plays 100 ping-pong rounds per request, so the JMH thread's hand-off is amortised
        driver = node.spawn(self -> {
            while (true) {
                int count = (Integer) self.receive();
                for (int i = 0; i < count; i++) {
                    self.send(ponger, new Ping(self.self(), i));
                    self.receive();
                }
                rounds.put(count);
            }
        });
    }

    @TearDown(Level.Trial)
    public void stop() {
        node.close();
    }

    @Benchmark
    public Object callFromOrdinaryThread() {
        return GenServer.call(echo, "hello");
    }

    /** 100 ping-pong round trips between two processes; divide the time by 100. */
    @Benchmark
    public Integer hundredProcessRoundTrips() throws InterruptedException {
        node.send(driver, 100);
        return rounds.take();
    }

    /**
     * Three processes each make 1,000 calls to one server, all at once (more callers than cores: each call's
     * request is also the node the next caller's request links to); divide the time by 3,000 for the time per
     * call the server answers.
     */
    @Benchmark
    public int threeCallersOneServer() throws InterruptedException {
        for (Pid caller : callers) {
            node.send(caller, CALLS_PER_CALLER);
        }
        int sum = 0;
        for (int c = 0; c < callers.length; c++) {
            sum += callerRounds.take();
        }
        return sum;
    }

    /** The calls of {@link #callsFromOneVirtualThread} per operation. */
    static final int CALLS_FROM_ONE_VIRTUAL_THREAD = 1_000;

    /**
     * One virtual thread that is no process (a request thread at one connection with {@code
     * spring.threads.virtual.enabled}) makes 1,000 calls to one server, one after the other; the score is the time
     * per call, the start and join of the thread amortised.
     */
    @Benchmark
    @OperationsPerInvocation(CALLS_FROM_ONE_VIRTUAL_THREAD)
    public void callsFromOneVirtualThread() throws InterruptedException {
        Throwable[] failure = new Throwable[1];
        Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < CALLS_FROM_ONE_VIRTUAL_THREAD; i++) {
                    GenServer.call(echo, "hello");
                }
            } catch (Throwable t) {
                failure[0] = t;
            }
        }).join();
        if (failure[0] != null) {
            // a call that failed would end the thread early and score too fast a time per call
            throw new IllegalStateException("a call failed", failure[0]);
        }
    }

    /** The virtual threads of {@link #callsFromVirtualThreads}, and the calls each makes per operation. */
    static final int VIRTUAL_CALLERS = 64;
    static final int CALLS_PER_VIRTUAL_CALLER = 100;

    /**
     * 64 virtual threads that are no processes (as request threads with {@code spring.threads.virtual.enabled})
     * each make 100 calls to one server, all at once; the score is the time per call the server answers.
     */
    @Benchmark
    @OperationsPerInvocation(VIRTUAL_CALLERS * CALLS_PER_VIRTUAL_CALLER)
    public void callsFromVirtualThreads() {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < VIRTUAL_CALLERS; t++) {
                threads.execute(() -> {
                    for (int i = 0; i < CALLS_PER_VIRTUAL_CALLER; i++) {
                        GenServer.call(echo, "hello");
                    }
                });
            }
        }
    }
}
