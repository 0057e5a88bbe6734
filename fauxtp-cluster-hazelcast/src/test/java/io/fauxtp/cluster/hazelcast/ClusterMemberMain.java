package io.fauxtp.cluster.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.fauxtp.process.Matcher;
import io.fauxtp.supervisor.ChildSpec;
import io.fauxtp.supervisor.Supervisor;
import io.fauxtp.supervisor.SupervisorSpec;
import io.fauxtp.text.TextCodec;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.jdbcx.JdbcDataSource;

/**
 * One cluster member in its own JVM, for {@link MultiJvmFailoverTest}: it competes for the singleton
 * {@code ticker}, whose worker records fenced writes, and reports on stdout ({@code READY <uuid>},
 * {@code ACTIVE <token>}, {@code INACTIVE}). It exits when its stdin closes (the test JVM ended).
 * Arguments: cluster name, JDBC URL, its Hazelcast port, the ports of all members (comma-separated).
 */
public final class ClusterMemberMain {

    private ClusterMemberMain() {}

    public static void main(String[] args) throws Exception {
        String clusterName = args[0];
        String jdbcUrl = args[1];
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        int port = Integer.parseInt(args[2]);
        List<Integer> peers = Arrays.stream(args[3].split(",")).map(Integer::valueOf).toList();
        Config config = TestClusters.config(clusterName, port, peers);
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(config);
        FauxtpCluster cluster = FauxtpCluster.join(hz, "jvm", TextCodec.standard());
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(jdbcUrl);
        AtomicReference<ClusterSingleton> ticker = new AtomicReference<>();
        ChildSpec worker = ChildSpec.worker("writer", parent -> parent.spawnLink(self -> {
            while (true) {
                ClusterSingleton singleton = ticker.get();
                ClusterSingleton.Status status = singleton == null ? null : singleton.status();
                if (status != null && status.active()) {
                    long token = status.token();
                    singleton.runFenced(token, c -> {
                        try (PreparedStatement s = c.prepareStatement(
                                "INSERT INTO fenced_work (token, member, at_ms) VALUES (?, ?, ?)")) {
                            s.setLong(1, token);
                            s.setString(2, cluster.localMember().toString());
                            s.setLong(3, System.currentTimeMillis());
                            s.executeUpdate();
                        }
                    });
                }
                self.receive(Matcher.any(), Duration.ofMillis(50));
            }
        }));
        ClusterSingleton singleton = ClusterSingleton.start(cluster, dataSource, "ticker",
                node -> Supervisor.start(node, SupervisorSpec.oneForOne(worker)),
                ClusterSingleton.Options.defaults().withLease(Duration.ofSeconds(3)).withExpectedMembers(3));
        singleton.subscribe(status -> out.println(status.active() ? "ACTIVE " + status.token() : "INACTIVE"));
        ticker.set(singleton);
        out.println("READY " + cluster.localMember());
        while (System.in.read() >= 0) {
            // runs until the test closes our stdin or dies
        }
        ticker.get().close();
        cluster.close();
        hz.getLifecycleService().terminate();
        System.exit(0);
    }
}
