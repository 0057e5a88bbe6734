package io.fauxtp.cluster.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hazelcast members for tests: loopback only, TCP-IP join, multicast and phone-home off, fast failure detection.
 * Every member listens on a port of its own that the system gave out as free, and joins through the ports of its
 * cluster's earlier members: never a fixed port range, which builds running at the same time
 * on one machine would share, with members probing and blocking each other's ports.
 */
final class TestClusters {

    /** The ports of the members of each cluster started in this JVM, by cluster name. */
    private static final Map<String, List<Integer>> PORTS = new ConcurrentHashMap<>();

    private TestClusters() {}

    /** A config for a new member of the cluster {@code clusterName} of this JVM, on a free port. */
    static Config config(String clusterName) {
        List<Integer> ports = PORTS.computeIfAbsent(clusterName, name -> new CopyOnWriteArrayList<>());
        int port = freePort();
        ports.add(port);
        return config(clusterName, port, ports);
    }

    /** A config for a member listening on {@code port} that joins through the members on {@code peers}. */
    static Config config(String clusterName, int port, List<Integer> peers) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setInstanceName(clusterName + "-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
        // Split-brain healing: a member that was dropped looks for the others every few seconds, not minutes.
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        config.getJetConfig().setEnabled(false);
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (int peer : peers) {
            join.getTcpIpConfig().addMember("127.0.0.1:" + peer);
        }
        return config;
    }

    /** A new member of the cluster {@code clusterName}. */
    static HazelcastInstance member(String clusterName) {
        return Hazelcast.newHazelcastInstance(config(clusterName));
    }

    /** A loopback port no one listens on now. */
    static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for a test member", e);
        }
    }
}
