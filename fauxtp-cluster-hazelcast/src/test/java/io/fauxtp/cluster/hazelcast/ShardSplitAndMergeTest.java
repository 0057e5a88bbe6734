package io.fauxtp.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.cluster.impl.ClusterServiceImpl;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sharded entities on three Hazelcast members in one JVM while one member is split off the cluster and Hazelcast
 * merges it back (its split-brain healing: the member rejoins under a new uuid). Entities append each numbered
 * call to a PostgreSQL table through their shard's fence ({@link ShardLedger}); the test checks that no entity ran
 * on two members at once during the split and the merge, and that once the cluster is whole again every entity
 * answers within {@link #HEALED_WITHIN}, each on exactly one member.
 *
 * <p>The split is Hazelcast's own: each side suspects the other ({@code ClusterServiceImpl.suspectMember}, the
 * call its failure detector makes), so the master removes the member and the member, alone, forms a cluster of
 * its own; the split-brain handler of {@link TestClusters}' members merges the two a few seconds later.
 */
class ShardSplitAndMergeTest {

    private static final System.Logger LOG = System.getLogger(ShardSplitAndMergeTest.class.getName());
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int ENTITIES = 600;
    private static final int CALLERS = 24;
    private static final Duration LEASE = Duration.ofSeconds(3);
    /**
     * How soon after Hazelcast merged the split-off member back every entity answers: the merged member gets no
     * shard, and the others hold every shard by then or take the rest within one lease plus one heartbeat interval
     * (4 s here, the documented bound); the rest is slack for a loaded machine.
     */
    static final Duration HEALED_WITHIN = Duration.ofSeconds(20);
    private static final ShardRegion.Options OPTIONS = ShardRegion.Options.defaults()
            .withShards(30).withLease(LEASE).withPassivateAfter(Duration.ofMinutes(5))
            .withCallTimeout(Duration.ofSeconds(3)).withExpectedMembers(3);

    @RegisterExtension
    static final PostgresPool postgres = new PostgresPool(16);

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String leases = "shard_lease_" + suffix;
    private final InJvmMembers members = new InJvmMembers("fauxtp-split");
    private final List<ShardRegion> regions = new CopyOnWriteArrayList<>();
    private ShardLedger ledger;

    @BeforeEach
    void form() throws SQLException {
        ledger = new ShardLedger(postgres.pool(), "shard_log_" + suffix);
        ledger.create();
        for (int i = 0; i < 3; i++) {
            int index = members.add();
            regions.add(ShardRegion.start(members.cluster(index), postgres.pool(), ShardLedger.TYPE, ledger.entity(),
                    id -> id, OPTIONS.withTable(leases)));
        }
        await().dontCatchUncaughtExceptions().atMost(WAIT).until(() -> members.formed(3));
    }

    @AfterEach
    void stop() throws SQLException {
        regions.forEach(ShardRegion::close);
        members.close();
        ledger.drop(leases);
    }

    @Test
    void everyEntityAnswersOnOneMemberAfterAMemberIsSplitOffAndMergedBack() throws Exception {
        List<ShardRegion> majority = List.of(regions.get(0), regions.get(1));
        // Each member runs its share (member 2 too, so the split takes shards away from it).
        await().dontCatchUncaughtExceptions().atMost(WAIT).until(() -> regions.stream()
                .mapToInt(r -> r.stats().shards()).sum() == OPTIONS.shards()
                && regions.stream().allMatch(r -> r.stats().shards() > 0));
        UUID before = members.cluster(2).localMember();
        ShardLedger.Callers callers = new ShardLedger.Callers("test", ENTITIES, CALLERS, 2,
                () -> members.cluster(2).splitOff(),
                () -> majority.get(ThreadLocalRandom.current().nextInt(majority.size())), WAIT);
        long merged;
        try {
            await().dontCatchUncaughtExceptions().atMost(WAIT).until(() -> callers.calls.get() >= ENTITIES);
            split(2);
            await().dontCatchUncaughtExceptions().atMost(WAIT).until(() -> members.hazelcast(2).getCluster()
                    .getMembers().size() == 1 && members.hazelcast(0).getCluster().getMembers().size() == 2);
            LOG.log(System.Logger.Level.INFO, "member 2 split off after " + callers.calls.get() + " calls");
            await().dontCatchUncaughtExceptions().atMost(WAIT).until(() -> members.cluster(2).splitOff()
                    && members.hazelcast(0).getCluster().getMembers().size() == 3
                    && members.hazelcast(2).getCluster().getMembers().size() == 3);
            merged = System.nanoTime();
            LOG.log(System.Logger.Level.INFO, "member 2 merged back under "
                    + members.hazelcast(2).getCluster().getLocalMember().getUuid() + " (was " + before + ") after "
                    + callers.calls.get() + " calls");
            callers.join(WAIT);
        } finally {
            callers.stop();
        }

        // Every entity answers, through any member (the merged one too), within the bound.
        long deadline = merged + HEALED_WITHIN.toNanos();
        for (int e = 0; e < ENTITIES; e++) {
            String id = ShardLedger.Callers.id(e);
            long left = deadline - System.nanoTime();
            assertThat(left).as("time left for entity " + id + " within " + HEALED_WITHIN + " of the merge")
                    .isPositive();
            long last = callers.accepted.get(id);
            ShardRegion via = regions.get(e % 3);
            assertThat(via.<Long>call(id, ShardLedger.request("test", last), Duration.ofNanos(left)))
                    .isEqualTo(last);
        }
        long healedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - merged);
        Map<Integer, Integer> shards = Map.of(0, regions.get(0).stats().shards(), 1, regions.get(1).stats().shards(),
                2, regions.get(2).stats().shards());
        LOG.log(System.Logger.Level.INFO, () -> "every entity answered " + healedMillis + " ms after the merge; "
                + "shards " + shards + "; failed calls " + callers.failures + "; fence refusals "
                + ledger.fenceRefusals.get());
        assertThat(shards.get(0) + shards.get(1)).as("shards held by the members that kept the cluster")
                .isEqualTo(OPTIONS.shards());
        assertThat(shards.get(2)).as("shards held by the merged member").isZero();
        assertThat(ledger.problems(Map.of("test", ShardLedger.Seen.complete(callers.accepted)), ENTITIES))
                .as("per-entity order, no loss, no entity on two members at once").isEmpty();
        assertThat(ledger.gaps.get()).as("gaps seen by entities").isZero();
    }

    /**
     * Splits member {@code index} off: it and the others suspect each other, as their failure detectors would
     * after a lost network, so the master removes it and it forms a cluster of its own.
     */
    private void split(int index) {
        HazelcastInstance off = members.hazelcast(index);
        UUID offMember = off.getCluster().getLocalMember().getUuid();
        for (int i = 0; i < 3; i++) {
            if (i != index) {
                suspect(members.hazelcast(i), offMember);
                suspect(off, members.hazelcast(i).getCluster().getLocalMember().getUuid());
            }
        }
    }

    /** Has {@code hazelcast} suspect {@code member}, unless it has dropped it already. */
    private static void suspect(HazelcastInstance hazelcast, UUID member) {
        hazelcast.getCluster().getMembers().stream().filter(m -> m.getUuid().equals(member)).findFirst()
                .ifPresent(m -> clusterService(hazelcast).suspectMember(m, "test: split off", true));
    }

    private static ClusterServiceImpl clusterService(HazelcastInstance hazelcast) {
        return ((HazelcastInstanceProxy) hazelcast).getOriginal().node.getClusterService();
    }
}
