package io.fauxtp.benchmarks;

import io.fauxtp.cluster.hazelcast.ShardRegion;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Throughput of calls to sharded entities on 1, 2 or 3 members ({@link ShardedMembers}: Hazelcast members in this
 * JVM, TCP on loopback). 32 callers (JMH threads) each call a random one of {@code entities} (10,000) at a time, caller
 * {@code i} through member {@code i % members} as behind a load balancer, so with {@code n} members about
 * {@code (n - 1) / n} of the calls go to an entity on another member. Every entity is started before the
 * measurement (no passivation during it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(ShardedCallBenchmark.CALLERS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.management/sun.management=ALL-UNNAMED",
        "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED"})
public class ShardedCallBenchmark {

    static final int CALLERS = 32;

    @Param({"1", "2", "3"})
    public int members;

    @Param({"10000"})
    public int entities;

    @Param({"h2"})
    public String database;

    ShardedMembers cluster;
    List<String> ids;

    @Setup(Level.Trial)
    public void form() {
        cluster = ShardedMembers.form(members, database);
        ids = ShardedMembers.entityIds(entities);
        List<ShardRegion> regions = cluster.members().stream().map(ShardedMembers.Member::region).toList();
        ShardedMembers.callAll(ids, regions, null, 64, Duration.ofMinutes(2));   // start every entity
    }

    @TearDown(Level.Trial)
    public void stop() {
        cluster.close();
    }

    /** One caller: the member it calls through and its own random entity picks. */
    @State(Scope.Thread)
    public static class Caller {
        ShardRegion via;
        SplittableRandom random;

        @Setup(Level.Trial)
        public void pick(ShardedCallBenchmark bench, ThreadParams thread) {
            via = bench.cluster.member(thread.getThreadIndex() % bench.members).region();
            random = new SplittableRandom(thread.getThreadIndex());
        }
    }

    @Benchmark
    public Object call(Caller caller) {
        return caller.via.call(ids.get(caller.random.nextInt(ids.size())), "ping");
    }
}
