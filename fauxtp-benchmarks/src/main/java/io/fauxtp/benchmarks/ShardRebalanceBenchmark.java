package io.fauxtp.benchmarks;

import io.fauxtp.cluster.hazelcast.ShardRegion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The time to rebalance {@code entities} (10,000) after a member leaves. Three members ({@link ShardedMembers}) run
 * them, every one started, before each operation; the operation makes member 2 leave and at the same moment
 * 64 callers call every entity once through the two remaining members, retrying a call that failed, and ends when
 * every entity has answered from a remaining member (a call answered from the leaving member is made again).
 * {@code leave}: {@code none} (no one leaves: the cost of the calls alone), {@code graceful} (the member's
 * application stops: its region hands its shards over, then its Hazelcast member shuts down) or {@code crash}
 * (its Hazelcast member terminates at once, its sockets closed as a killed process's are). A single shot per
 * iteration, on a fresh cluster each time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.management/sun.management=ALL-UNNAMED",
        "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED"})
public class ShardRebalanceBenchmark {

    static final int CALLERS = 64;
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    @Param({"none", "graceful", "crash"})
    public String leave;

    @Param({"10000"})
    public int entities;

    @Param({"h2"})
    public String database;

    ShardedMembers cluster;
    List<String> ids;

    @Setup(Level.Iteration)
    public void form() {
        cluster = ShardedMembers.form(3, database);
        ids = ShardedMembers.entityIds(entities);
        ShardedMembers.callAll(ids, regions(cluster.members()), null, CALLERS, DEADLINE);   // start every entity
    }

    @TearDown(Level.Iteration)
    public void stop() {
        cluster.close();
    }

    private static List<ShardRegion> regions(List<ShardedMembers.Member> members) {
        return members.stream().map(ShardedMembers.Member::region).toList();
    }

    @Benchmark
    public Map<String, Long> memberLeavesUntilEveryEntityAnswers() throws InterruptedException {
        ShardedMembers.Member leaving = cluster.member(2);
        List<ShardRegion> remaining = List.of(cluster.member(0).region(), cluster.member(1).region());
        Thread leaver = switch (leave) {
            case "none" -> null;
            case "graceful" -> Thread.ofPlatform().name("bench-leaver").start(() -> cluster.leave(2));
            case "crash" -> {
                cluster.crash(2);
                yield null;
            }
            default -> throw new IllegalArgumentException("leave must be none, graceful or crash, got " + leave);
        };
        UUID departing = leave.equals("none") ? null : leaving.uuid();
        Map<String, Long> answered = ShardedMembers.callAll(ids, remaining, departing, CALLERS, DEADLINE);
        if (leaver != null) {
            leaver.join();
        }
        long total = answered.values().stream().mapToLong(Long::longValue).sum();
        if (total != entities) {
            throw new IllegalStateException(total + " entities answered, not " + entities);
        }
        return answered;
    }
}
