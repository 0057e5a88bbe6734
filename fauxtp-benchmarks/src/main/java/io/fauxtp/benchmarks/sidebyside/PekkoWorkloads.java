package io.fauxtp.benchmarks.sidebyside;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
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
 * The workloads of {@link FauxtpWorkloads} (and (e), restart-to-answer) written the straightforward way on
 * Apache Pekko typed actors with the default dispatcher. Only this benchmark module depends on Pekko.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PekkoWorkloads {

    static final int BATCH = FauxtpWorkloads.BATCH;
    static final int CASTS = FauxtpWorkloads.CASTS;
    static final int SENDERS = FauxtpWorkloads.SENDERS;
    static final int CASTS_PER_SENDER = FauxtpWorkloads.CASTS_PER_SENDER;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    // ----- protocol -----

    /** A request that wants an answer (the actor form of a call). */
    record Request(Object body, ActorRef<Object> replyTo) {}

    record Cast(Object body) {}

    record AwaitCount(int count, ActorRef<Object> replyTo) {}

    /** Run {@code rounds} sequential round trips, then complete {@code done}. */
    record Run(int rounds, CompletableFuture<Integer> done) {}

    record Crash() {}

    /** Asks the guardian to spawn an actor and hand back its reference. */
    record Spawn(Behavior<Object> behavior, CompletableFuture<ActorRef<Object>> spawned) {}

    // ----- behaviours -----

    static Behavior<Object> echo() {
        return Behaviors.receiveMessage(m -> {
            if (m instanceof Request(Object body, ActorRef<Object> replyTo)) {
                replyTo.tell(body);
            }
            return Behaviors.same();
        });
    }

    /** Counts casts; answers an {@link AwaitCount} once that many arrived and resets the count. */
    static Behavior<Object> counter() {
        return Behaviors.setup(ctx -> {
            long[] count = {0};
            long[] awaited = {-1};
            @SuppressWarnings("unchecked")
            ActorRef<Object>[] waiter = new ActorRef[1];
            return Behaviors.receiveMessage(m -> {
                if (m instanceof Cast) {
                    if (++count[0] == awaited[0]) {
                        waiter[0].tell(count[0]);
                        count[0] = 0;
                        awaited[0] = -1;
                    }
                } else if (m instanceof AwaitCount(int n, ActorRef<Object> replyTo)) {
                    if (count[0] >= n) {
                        replyTo.tell(count[0]);
                        count[0] = 0;
                    } else {
                        awaited[0] = n;
                        waiter[0] = replyTo;
                    }
                }
                return Behaviors.same();
            });
        });
    }

    /** Makes {@code rounds} sequential request/answer round trips with {@code target} per {@link Run}. */
    static Behavior<Object> roundTripper(ActorRef<Object> target) {
        return Behaviors.setup(ctx -> {
            ActorRef<Object> self = ctx.getSelf();
            int[] left = {0};
            Object[] done = new Object[1];
            return Behaviors.receiveMessage(m -> {
                if (m instanceof Run(int rounds, CompletableFuture<Integer> future)) {
                    left[0] = rounds;
                    done[0] = future;
                    target.tell(new Request("hello", self));
                } else if (--left[0] > 0) {
                    target.tell(new Request("hello", self));
                } else {
                    @SuppressWarnings("unchecked")
                    CompletableFuture<Integer> future = (CompletableFuture<Integer>) done[0];
                    future.complete(0);
                }
                return Behaviors.same();
            });
        });
    }

    static Behavior<Object> guardian() {
        return Behaviors.setup(ctx -> Behaviors.receiveMessage(m -> {
            if (m instanceof Spawn(Behavior<Object> behavior, CompletableFuture<ActorRef<Object>> spawned)) {
                spawned.complete(ctx.spawnAnonymous(behavior));
            }
            return Behaviors.same();
        }));
    }

    // ----- JMH -----

    private ActorSystem<Object> system;
    private ActorRef<Object> echo;
    private ActorRef<Object> counter;
    private ActorRef<Object> caller;
    private ActorRef<Object> pinger;
    private ActorRef<Object> restartable;
    private ActorRef<Object> restarter;
    private final java.util.concurrent.atomic.AtomicInteger incarnation = new java.util.concurrent.atomic.AtomicInteger();

    ActorRef<Object> spawn(Behavior<Object> behavior) {
        CompletableFuture<ActorRef<Object>> spawned = new CompletableFuture<>();
        system.tell(new Spawn(behavior, spawned));
        return spawned.join();
    }

    @Setup(Level.Trial)
    public void start() {
        system = ActorSystem.create(guardian(), "side-by-side");
        echo = spawn(echo());
        counter = spawn(counter());
        caller = spawn(roundTripper(echo));
        pinger = spawn(roundTripper(spawn(echo())));
        Behavior<Object> child = Behaviors.setup(ctx -> {
            int me = incarnation.incrementAndGet();
            return Behaviors.receiveMessage(m -> {
                if (m instanceof Crash) {
                    throw new IllegalStateException("crash");
                }
                if (m instanceof Request(Object body, ActorRef<Object> replyTo)) {
                    replyTo.tell(me);
                }
                return Behaviors.same();
            });
        });
        restartable = spawn(Behaviors.supervise(child)
                .onFailure(IllegalStateException.class, SupervisorStrategy.restart().withLoggingEnabled(false)));
        restarter = spawn(crashAndAsk(restartable));
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private Object ask(ActorRef<Object> target, Object body) throws Exception {
        return AskPattern.<Object, Object>ask(target, replyTo -> new Request(body, replyTo), TIMEOUT,
                system.scheduler()).toCompletableFuture().get();
    }

    /** (a) Request/answer round trip between two actors. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OperationsPerInvocation(BATCH)
    public Integer callFromProcess() {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        caller.tell(new Run(BATCH, done));
        return done.join();
    }

    /** (a) The ask pattern from a platform thread. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public Object callFromPlatformThread() throws Exception {
        return ask(echo, "hello");
    }

    /** (b) One sender tells {@value #CASTS} times, then asks. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CASTS)
    public Object castThroughput() throws Exception {
        Cast cast = new Cast(1);
        for (int i = 0; i < CASTS; i++) {
            counter.tell(cast);
        }
        return AskPattern.<Object, Object>ask(counter, replyTo -> new AwaitCount(CASTS, replyTo), TIMEOUT,
                system.scheduler()).toCompletableFuture().get();
    }

    /** (c) Ping-pong between two actors; ns per round trip. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OperationsPerInvocation(BATCH)
    public Integer pingPong() {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        pinger.tell(new Run(BATCH, done));
        return done.join();
    }

    /**
     * (e) The supervised child crashes (restart strategy, the ref stays valid); time until the restarted child
     * answers a request. A driver actor does {@value FauxtpWorkloads#RESTARTS} crash-and-ask rounds per invocation.
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(FauxtpWorkloads.RESTARTS)
    public Integer restartToAnswer() {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        restarter.tell(new Run(FauxtpWorkloads.RESTARTS, done));
        return done.join();
    }

    /** Crashes {@code child}, asks it, and checks that a new incarnation answered; once per round of a {@link Run}. */
    Behavior<Object> crashAndAsk(ActorRef<Object> child) {
        return Behaviors.setup(ctx -> {
            ActorRef<Object> self = ctx.getSelf();
            int[] left = {0};
            int[] before = {0};
            Object[] done = new Object[1];
            return Behaviors.receiveMessage(m -> {
                if (m instanceof Run(int rounds, CompletableFuture<Integer> future)) {
                    left[0] = rounds;
                    done[0] = future;
                } else if ((Integer) m == before[0]) {
                    throw new IllegalStateException("the crashed incarnation answered");
                } else if (--left[0] == 0) {
                    @SuppressWarnings("unchecked")
                    CompletableFuture<Integer> future = (CompletableFuture<Integer>) done[0];
                    future.complete(0);
                    return Behaviors.same();
                }
                before[0] = incarnation.get();
                child.tell(new Crash());
                child.tell(new Request("who", self));
                return Behaviors.same();
            });
        });
    }

    /** (f) {@value #SENDERS} sender actors tell {@value #CASTS_PER_SENDER} times each to one actor. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(SENDERS * CASTS_PER_SENDER)
    public Object fanIn() throws Exception {
        Cast cast = new Cast(1);
        Behavior<Object> sender = Behaviors.setup(ctx -> {
            for (int i = 0; i < CASTS_PER_SENDER; i++) {
                counter.tell(cast);
            }
            return Behaviors.stopped();
        });
        for (int s = 0; s < SENDERS; s++) {
            system.tell(new Spawn(sender, new CompletableFuture<>()));
        }
        return AskPattern.<Object, Object>ask(counter, replyTo -> new AwaitCount(SENDERS * CASTS_PER_SENDER, replyTo),
                TIMEOUT, system.scheduler()).toCompletableFuture().get();
    }
}
