package io.fauxtp.cluster.hazelcast;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fauxtp.text.TextCodec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One member in its own JVM for {@link MultiJvmShardingTest}: it runs the region of the {@link ShardLedger}'s
 * entities with the test's options, its leases and its log in PostgreSQL. On stdout: {@code READY <uuid>}; on
 * stdin: {@code stats} prints {@code STATS <shards held> <entities running> <gaps> <fence refusals>}. It exits when
 * its stdin closes (the test JVM ended). Arguments ({@link ChildJvms}): cluster name, its Hazelcast port, the ports
 * of all members, JDBC URL, log table, lease table.
 */
public final class ShardMemberMain {

    private ShardMemberMain() {}

    public static void main(String[] args) throws Exception {
        String clusterName = args[0];
        int port = Integer.parseInt(args[1]);
        List<Integer> peers = Arrays.stream(args[2].split(",")).map(Integer::valueOf).toList();
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(args[3]);
        pool.setMaximumPoolSize(12);
        HikariDataSource dataSource = new HikariDataSource(pool);
        ShardLedger ledger = new ShardLedger(dataSource, args[4]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

        HazelcastInstance hz = Hazelcast.newHazelcastInstance(TestClusters.config(clusterName, port, peers));
        FauxtpCluster cluster = FauxtpCluster.join(hz, "jvm", TextCodec.standard());
        ShardRegion region = ShardRegion.start(cluster, dataSource, ShardLedger.TYPE, ledger.entity(), id -> id,
                MultiJvmShardingTest.OPTIONS.withTable(args[5]));
        out.println("READY " + cluster.localMember());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.trim().equals("stats")) {
                ShardRegion.Stats stats = region.stats();
                out.println("STATS " + stats.shards() + " " + stats.entities() + " " + ledger.gaps.get() + " "
                        + ledger.fenceRefusals.get());
            } else {
                out.println("UNKNOWN " + line);
            }
        }
        region.close();
        cluster.close();
        hz.getLifecycleService().terminate();
        dataSource.close();
        System.exit(0);
    }
}
