package io.fauxtp.benchmarks;

import io.fauxtp.cluster.hazelcast.FauxtpCluster;
import io.fauxtp.cluster.hazelcast.ShardRegion;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.Pid;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * The cost of a remote hop for a sharded call: from member 0 of two ({@link ShardedMembers}), a call to an entity
 * whose shard member 0 owns ({@code shardedLocal}) against one whose shard member 1 owns ({@code shardedRemote}),
 * next to the plain calls of {@link RemoteCallBenchmark} on the same two members ({@code plainLocal}: an echo
 * GenServer of member 0; {@code plainRemote}: one of member 1), so the routing through the region process is
 * measured apart from the hop. One caller (JMH's thread); sample mode gives the percentiles.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.management/sun.management=ALL-UNNAMED",
        "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED"})
public class ShardHopBenchmark {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Param({"h2"})
    public String database;

    ShardedMembers cluster;
    ShardRegion caller;
    FauxtpCluster callerNode;
    String localEntity;
    String remoteEntity;
    Pid localEcho;
    Pid remoteEcho;

    @Setup
    public void form() {
        cluster = ShardedMembers.form(2, database);
        ShardedMembers.Member self = cluster.member(0);
        ShardedMembers.Member other = cluster.member(1);
        caller = self.region();
        callerNode = self.cluster();
        localEntity = firstOwnedBy(self.uuid());
        remoteEntity = firstOwnedBy(other.uuid());
        localEcho = GenServer.start(self.cluster().node(), new EchoServer(), null);
        remoteEcho = GenServer.start(other.cluster().node(), new EchoServer(), null);
        // Where the entities run, by their own answer: the ids were picked by the caller's view of the owners.
        check(localEntity, self.uuid());
        check(remoteEntity, other.uuid());
    }

    private String firstOwnedBy(UUID member) {
        for (int i = 0; i < 100_000; i++) {
            if (member.equals(caller.ownerOf("e" + i))) {
                return "e" + i;
            }
        }
        throw new IllegalStateException("member " + member + " owns no shard");
    }

    private void check(String entity, UUID member) {
        String at = caller.call(entity, ShardedMembers.WHERE, TIMEOUT);
        if (!member.toString().equals(at)) {
            throw new IllegalStateException("entity " + entity + " runs on " + at + ", not on " + member);
        }
    }

    @TearDown
    public void stop() {
        cluster.close();
    }

    @Benchmark
    public Object shardedLocal() {
        return caller.call(localEntity, "ping", TIMEOUT);
    }

    @Benchmark
    public Object shardedRemote() {
        return caller.call(remoteEntity, "ping", TIMEOUT);
    }

    @Benchmark
    public Object plainLocal() {
        return callerNode.call(localEcho, "ping", TIMEOUT);
    }

    @Benchmark
    public Object plainRemote() {
        return callerNode.call(remoteEcho, "ping", TIMEOUT);
    }
}
