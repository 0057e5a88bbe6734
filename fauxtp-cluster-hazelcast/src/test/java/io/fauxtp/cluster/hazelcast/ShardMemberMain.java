package io.fauxtp.cluster.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fauxtp.text.TextCodec;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One member in its own JVM for {@link MultiJvmShardingTest}: it runs the region of the {@link ShardLedger}'s
 * entities with the test's options, its leases and its log in PostgreSQL, and calls the entities itself through
 * its own region, as a caller named by its member uuid, so that requests enter the cluster through every member.
 * Each number an entity accepted from it is appended ({@code <entity> <number>}) to {@code accepted-<uuid>.log}
 * in the given directory, one write a call, so the test can read what it saw accepted even after a SIGKILL.
 * On stdout: {@code READY <uuid>}; on stdin: {@code stats} prints {@code STATS <shards held> <entities running>
 * <gaps> <fence refusals> <calls made> <leases lost>}, {@code hold} has one of its entities lock its shard's lease row in a
 * fenced transaction and wait there, then prints {@code HOLDING <shard>} ({@link ShardLedger#hold}), {@code release}
 * lets that transaction go on and prints {@code RELEASED}, {@code halt} stops its callers after the calls they are making and prints
 * {@code HALTED <calls made> <ok | failure>}. It exits when its stdin closes (the test JVM ended). Arguments
 * ({@link ChildJvms}): cluster name, its Hazelcast port, the ports of all members, JDBC URL, log table, lease
 * table, number of entities, number of caller threads, directory of the accepted files.
 */
public final class ShardMemberMain {

    private ShardMemberMain() {}

    /**
     * Has an entity of a shard this member holds lock the shard's lease row in a fenced transaction and wait there
     * ({@link ShardLedger#hold}); returns the shard once the row is locked.
     */
    private static int hold(ShardRegion region, ShardLedger ledger, String leaseTable, int entities)
            throws InterruptedException {
        String entity = java.util.stream.IntStream.range(0, entities).mapToObj(ShardLedger.Callers::id)
                .filter(id -> region.holds(region.shardOf(id))).findFirst()
                .orElseThrow(() -> new IllegalStateException("this member holds no shard"));
        Thread.ofVirtual().start(() -> {
            try {
                region.call(entity, ShardLedger.hold(leaseTable), java.time.Duration.ofMinutes(5));
            } catch (RuntimeException e) {   // its member was paused past the lease: the fence refused it
                System.err.println("the held fenced transaction ended with " + e);
            }
        });
        if (!ledger.holding.await(1, java.util.concurrent.TimeUnit.MINUTES)) {
            throw new IllegalStateException("entity " + entity + " did not lock its lease row");
        }
        return region.shardOf(entity);
    }

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

        Config config = TestClusters.config(clusterName, port, peers);
        config.setProperty("hazelcast.max.no.heartbeat.seconds", MultiJvmShardingTest.MAX_NO_HEARTBEAT_SECONDS);
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(config);
        FauxtpCluster cluster = FauxtpCluster.join(hz, "jvm", TextCodec.standard());
        ShardRegion region = ShardRegion.start(cluster, dataSource, ShardLedger.TYPE, ledger.entity(), id -> id,
                MultiJvmShardingTest.OPTIONS.withTable(args[5]));
        String caller = cluster.localMember().toString();
        FileOutputStream acceptedLog = new FileOutputStream(Path.of(args[8]).resolve("accepted-" + caller + ".log")
                .toFile(), true);
        ShardLedger.Callers callers = new ShardLedger.Callers(caller, Integer.parseInt(args[6]),
                Integer.parseInt(args[7]), 1, () -> false, () -> region, ChildJvms.WAIT, (id, seq) -> {
                    synchronized (acceptedLog) {   // unbuffered: in the kernel's hands once written, kill or not
                        try {
                            acceptedLog.write((id + " " + seq + "\n").getBytes(StandardCharsets.UTF_8));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                });
        out.println("READY " + caller);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            switch (line.trim()) {
                case "stats" -> {
                    ShardRegion.Stats stats = region.stats();
                    out.println("STATS " + stats.shards() + " " + stats.entities() + " " + ledger.gaps.get() + " "
                            + ledger.fenceRefusals.get() + " " + callers.calls.get() + " " + region.losses());
                }
                case "halt" -> {
                    String outcome;
                    try {
                        callers.halt(ChildJvms.WAIT.multipliedBy(2));
                        outcome = "ok";
                    } catch (Exception e) {
                        outcome = "failure " + e;
                    }
                    out.println("HALTED " + callers.calls.get() + " " + outcome.replace('\n', ' '));
                }
                case "hold" -> out.println("HOLDING " + hold(region, ledger, args[5], Integer.parseInt(args[6])));
                case "release" -> {
                    ledger.releaseHold.countDown();
                    out.println("RELEASED");
                }
                default -> out.println("UNKNOWN " + line);
            }
        }
        callers.stop();
        region.close();
        cluster.close();
        hz.getLifecycleService().terminate();
        dataSource.close();
        System.exit(0);
    }
}
