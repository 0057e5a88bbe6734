package io.fauxtp.benchmarks;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.fauxtp.cluster.hazelcast.FauxtpCluster;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.Pid;
import io.fauxtp.text.TextCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A GenServer call to a server on another cluster member, next to the same call to a server of the caller's own
 * member. The two Hazelcast members run in this JVM but talk over TCP on loopback, as separate machines would
 * (each member has its own port; a call is a request on the server member's inbox topic and a reply on the
 * caller's). JMH's sample mode gives the percentiles (p50, p99).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED"})
public class RemoteCallBenchmark {

    private HazelcastInstance callerMember;
    private HazelcastInstance serverMember;
    private FauxtpCluster caller;
    private FauxtpCluster server;
    private Pid remoteEcho;
    private Pid localEcho;

    @Setup
    public void form() {
        String cluster = "fauxtp-bench-" + UUID.randomUUID();
        int first = freePort();
        int second = freePort();
        callerMember = Hazelcast.newHazelcastInstance(config(cluster, first, second));
        serverMember = Hazelcast.newHazelcastInstance(config(cluster, second, first));
        caller = FauxtpCluster.join(callerMember, "caller", TextCodec.standard());
        server = FauxtpCluster.join(serverMember, "server", TextCodec.standard());
        remoteEcho = GenServer.start(server.node(), new EchoServer(), null);
        localEcho = GenServer.start(caller.node(), new EchoServer(), null);
    }

    @TearDown
    public void leave() {
        caller.close();
        server.close();
        callerMember.getLifecycleService().terminate();
        serverMember.getLifecycleService().terminate();
    }

    @Benchmark
    public Object remoteCall() {
        return caller.call(remoteEcho, "ping", Duration.ofSeconds(5));
    }

    @Benchmark
    public Object localCall() {
        return caller.call(localEcho, "ping", Duration.ofSeconds(5));
    }

    private static Config config(String cluster, int port, int peer) {
        Config config = new Config();
        config.setClusterName(cluster);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.getJetConfig().setEnabled(false);
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + port).addMember("127.0.0.1:" + peer);
        return config;
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
