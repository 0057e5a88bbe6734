package io.fauxtp.benchmarks.sidebyside;

import io.fauxtp.benchmarks.EchoServer;
import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.CastResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.supervisor.ChildSpec;
import io.fauxtp.supervisor.Supervisor;
import io.fauxtp.supervisor.SupervisorSpec;
import java.time.Duration;
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
 * Workloads (a), (b), (c) and (f) of the side-by-side comparison, on fauxtp. {@link PekkoWorkloads} has the
 * same methods on Pekko typed, and {@code erlang/bench.erl} on Erlang/OTP; (d) is {@link Footprint}. Method
 * names are the workload keys of {@link CompareTable}.
 *
 * <p>Work that runs inside processes is driven in batches: the JMH thread hands a batch size to a driver
 * process and waits for it to finish, so the hand-off between the JMH thread and the runtime is amortised.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FauxtpWorkloads {

    static final int BATCH = 1_000;
    static final int CASTS = 100_000;
    static final int SENDERS = 1_000;
    static final int CASTS_PER_SENDER = 1_000;

    record Ping(Pid from) {}

    /** Asks the counter for a reply once it has counted {@code count} casts since the last such reply. */
    record AwaitCount(int count) {}

    /** Counts casts; a call {@link AwaitCount} is answered once that many have arrived, and resets the count. */
    static final class Counter implements GenServer<Counter.State> {
        static final class State {
            long count;
            long awaited = -1;
            From waiter;
        }

        @Override
        public State init(Object args) {
            return new State();
        }

        @Override
        public CastResult<State> handleCast(Object request, State state) {
            state.count++;
            if (state.count == state.awaited) {
                answer(state);
            }
            return CastResult.noReply(state);
        }

        @Override
        public CallResult<State> handleCall(Object request, From from, State state) {
            if (request instanceof AwaitCount(int count)) {
                state.awaited = count;
                state.waiter = from;
                if (state.count >= count) {
                    answer(state);
                }
                return CallResult.noReply(state);
            }
            return CallResult.reply(state.count, state);
        }

        private static void answer(State state) {
            GenServer.reply(state.waiter, state.count);
            state.count = 0;
            state.awaited = -1;
            state.waiter = null;
        }
    }

    static final String RESTARTED = "restarted-echo";
    static final int RESTARTS = 100;

    /** The registry told that {@code pid} now holds the name {@link #RESTARTED}. */
    record Registered(Pid pid) {}

    private Node node;
    private Pid echo;
    private Pid counter;
    private Pid caller;
    private Pid pinger;
    private Pid restarter;
    private AutoCloseable registrations;
    private final LinkedBlockingQueue<Integer> done = new LinkedBlockingQueue<>();

    @Setup(Level.Trial)
    public void start() {
        node = Node.create("side-by-side");
        echo = GenServer.start(node, new EchoServer(), null);
        counter = GenServer.start(node, new Counter(), null);
        Supervisor.start(node, SupervisorSpec.oneForOne(ChildSpec.genServer("echo", new EchoServer(), null).withName(RESTARTED))
                .withIntensity(Integer.MAX_VALUE, Duration.ofSeconds(1)));
        restarter = node.spawn(self -> {
            while (true) {
                int n = (Integer) self.receive(m -> m instanceof Integer i ? i : null);
                for (int i = 0; i < n; i++) {
                    Pid old = node.registry().whereis(RESTARTED).orElseThrow();
                    self.exit(old, ExitReason.KILL);
                    self.receive(m -> m instanceof Registered r && !r.pid().equals(old) ? r : null);
                    GenServer.call(RESTARTED, "who");
                }
                done.put(n);
            }
        });
        registrations = node.registry().subscribe(event -> {
            if (event instanceof io.fauxtp.process.RegistryEvent.Registered(String name, Pid pid)
                    && name.equals(RESTARTED)) {
                node.send(restarter, new Registered(pid));
            }
        });
        caller = node.spawn(self -> {
            while (true) {
                int n = (Integer) self.receive();
                for (int i = 0; i < n; i++) {
                    GenServer.call(echo, "hello");
                }
                done.put(n);
            }
        });
        Pid ponger = node.spawn(self -> {
            while (true) {
                if (self.receive() instanceof Ping(Pid from)) {
                    self.send(from, "pong");
                }
            }
        });
        pinger = node.spawn(self -> {
            Ping ping = new Ping(self.self());
            while (true) {
                int n = (Integer) self.receive();
                for (int i = 0; i < n; i++) {
                    self.send(ponger, ping);
                    self.receive();
                }
                done.put(n);
            }
        });
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        registrations.close();
        node.close();
    }

    /** (a) GenServer call round trip from a process. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OperationsPerInvocation(BATCH)
    public Integer callFromProcess() throws InterruptedException {
        node.send(caller, BATCH);
        return done.take();
    }

    /** (a) GenServer call round trip from a platform thread (the JMH thread, no process of its own). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public Object callFromPlatformThread() {
        return GenServer.call(echo, "hello");
    }

    /** (b) One sender casts {@value #CASTS} times; a synchronous call ends the batch. Score: casts per second. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CASTS)
    public Object castThroughput() {
        Integer message = 1;
        for (int i = 0; i < CASTS; i++) {
            GenServer.cast(counter, message);
        }
        return GenServer.call(counter, new AwaitCount(CASTS));
    }

    /** (c) Send/receive ping-pong between two processes; ns per round trip. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OperationsPerInvocation(BATCH)
    public Integer pingPong() throws InterruptedException {
        node.send(pinger, BATCH);
        return done.take();
    }

    /**
     * (e) A one_for_one supervisor's registered child is killed; time until the restarted child answers a call
     * by name. A driver process kills the child, waits for the registry event of the new registration (no
     * spinning, no failed calls) and calls the new child by name, {@value #RESTARTS} times per invocation.
     * {@link io.fauxtp.benchmarks.SupervisorRestartBenchmark} measures the same from a platform thread that
     * retries failed calls.
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(RESTARTS)
    public Integer restartToAnswer() throws InterruptedException {
        node.send(restarter, RESTARTS);
        return done.take();
    }

    /** (f) {@value #SENDERS} sender processes cast {@value #CASTS_PER_SENDER} times each to one GenServer. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(SENDERS * CASTS_PER_SENDER)
    public Object fanIn() {
        Integer message = 1;
        for (int s = 0; s < SENDERS; s++) {
            node.spawn(self -> {
                for (int i = 0; i < CASTS_PER_SENDER; i++) {
                    GenServer.cast(counter, message);
                }
            });
        }
        return GenServer.call(counter, new AwaitCount(SENDERS * CASTS_PER_SENDER), java.time.Duration.ofSeconds(60));
    }
}
