package io.fauxtp.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.cluster.hazelcast.internal.LeaseTable;
import io.fauxtp.cluster.hazelcast.internal.Wire;
import io.fauxtp.process.Pid;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What reaches a shard's new owner before it holds the shard's lease waits there, and reaches the entity in the
 * order it came once the lease is held. Two members in one JVM, the leases in a real PostgreSQL database: member1
 * runs no region of the type but holds every shard's lease row (as a former owner whose lease has not run out),
 * so member0's region, which owns some of the shards by the member list, must keep the requests for them until the
 * test gives the leases back.
 */
class ShardMoveBufferingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TYPE = "buffered";
    private static final int SHARDS = 8;
    private static final int CASTS = 50;

    @RegisterExtension
    static final TestCluster CLUSTER = new TestCluster("fauxtp-buffer", 2, WAIT);

    @RegisterExtension
    static final PostgresPool postgres = new PostgresPool(0);

    private final String table = "buffer_lease_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private ShardRegion region;

    @AfterEach
    void stop() throws SQLException {
        if (region != null) {
            region.close();
        }
        try (Connection c = postgres.server().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    @Test
    void requestsThatCameWhileAnotherMemberHeldTheLeaseReachTheEntityInOrder() throws SQLException {
        FauxtpCluster here = CLUSTER.member(0);
        String holder = CLUSTER.member(1).localMember().toString();
        LeaseTable leases = new LeaseTable(postgres.server().dataSource(), table);
        long until = System.currentTimeMillis() + Duration.ofMinutes(10).toMillis();
        for (int shard = 0; shard < SHARDS; shard++) {
            leases.ensure(leaseName(shard));
            assertThat(leases.acquire(leaseName(shard), holder, 0, until)).isEqualTo(LeaseTable.Acquisition.TAKEN);   // now token 1, member1's
        }
        region = ShardRegion.start(here, postgres.server().dataSource(), TYPE, new Inbox(), id -> null,
                ShardRegion.Options.defaults().withShards(SHARDS).withTable(table).withCallTimeout(WAIT));
        String id = IntStream.range(0, 100).mapToObj(i -> "entity-" + i)
                .filter(e -> region.ownerOf(e).equals(here.localMember())).findFirst().orElseThrow();
        int shard = region.shardOf(id);
        await().atMost(WAIT).until(() -> region.wants(shard));   // member0 owns it by the member list

        for (long i = 0; i < CASTS; i++) {
            region.cast(id, i);   // from this thread, in order
        }
        // A request the region process answers itself: it has handled the casts before it (one mailbox).
        String[] value = here.hazelcast().<String, String>getMap(ShardRegion.REGIONS)
                .get(TYPE + " " + here.localMember()).split(" ");
        Pid regionProcess = new Pid(Integer.parseInt(value[0]), Long.parseLong(value[1]));
        assertThat(here.<Object>call(regionProcess, "ping", WAIT)).isInstanceOf(Wire.ShardEntityFailed.class);
        assertThat(region.stats().entities()).as("entities started without the lease").isZero();
        assertThat(region.stats().shards()).as("shards held").isZero();

        for (int s = 0; s < SHARDS; s++) {
            assertThat(leases.release(leaseName(s), holder, 1)).isTrue();   // the former owner gives them back
        }
        List<Object> seen = region.call(id, "seen");
        assertThat(seen).as("the casts the entity got, once member0 held the lease")
                .isEqualTo(LongStream.range(0, CASTS).boxed().toList());
        assertThat(region.holds(shard)).isTrue();
    }

    private static String leaseName(int shard) {
        return "fauxtp.shard." + TYPE + "." + shard;
    }
}
