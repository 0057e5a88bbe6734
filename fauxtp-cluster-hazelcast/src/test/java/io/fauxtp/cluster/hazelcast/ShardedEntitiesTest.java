package io.fauxtp.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sharded entities on three Hazelcast members in one JVM, their shard leases and their log in a real PostgreSQL
 * database: many entities receive numbered calls while one member crashes ({@code terminate()}) and another joins.
 * Each entity appends (member, token, time) with its sequence number to a table, fenced by its shard's lease, and
 * the table is then checked ({@link ShardLedger}): every call a caller saw return is there once, each entity's
 * numbers are 1..n in order, and no entity ran on two members at once.
 *
 * <p>The crashed member's region takes no calls after its crash, so on their own its entities would stop writing
 * and the overlap check could not fail. The crashed member therefore leaves zombies behind ({@link
 * ShardLedger.Zombies}): copies of entities it ran, with its member id and their tokens, that go on writing through
 * their own code and {@code runFenced} while the other members take their shards over and run them, as the copies
 * of a member paused or cut off from the others would. With the fence broken their writes commit, and the ledger
 * shows two copies of an entity running at once. {@link MultiJvmShardingTest} does the same with members in
 * separate JVMs and a real pause ({@code SIGSTOP}).
 */
class ShardedEntitiesTest {

    private static final System.Logger LOG = System.getLogger(ShardedEntitiesTest.class.getName());
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int ENTITIES = Integer.getInteger("shard-test.entities", 10_000);
    private static final int ROUNDS = 3;
    private static final int CALLERS = 64;
    /** How many of the crashed member's entity copies go on writing as zombies. */
    private static final int ZOMBIES = 200;
    private static final ShardRegion.Options OPTIONS = ShardRegion.Options.defaults()
            .withShards(60).withLease(Duration.ofSeconds(3)).withPassivateAfter(Duration.ofMinutes(5))
            .withCallTimeout(Duration.ofSeconds(5));

    @RegisterExtension
    static final PostgresPool postgres = new PostgresPool(24);

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String leases = "shard_lease_" + suffix;
    private final InJvmMembers members = new InJvmMembers("fauxtp-shards");
    private final List<ShardRegion> regions = new CopyOnWriteArrayList<>();
    /** The regions callers may go through (a crashed member's is taken out). */
    private final List<ShardRegion> live = new CopyOnWriteArrayList<>();
    /** The copies of entities each member started (the last one of each entity), by member index. */
    private final Map<Integer, Map<String, ShardedEntity>> copies = new ConcurrentHashMap<>();
    private ShardLedger ledger;

    @BeforeEach
    void form() throws SQLException {
        ledger = new ShardLedger(postgres.pool(), "shard_log_" + suffix);
        ledger.create();
        for (int i = 0; i < 3; i++) {
            addMember();
        }
        // Not Awaitility's default of failing on any thread's uncaught exception: a Hazelcast thread may throw on
        // its own (its reconnection task's "Connecting to self!" when the joining member gets the crashed one's
        // port); what this test checks is in the ledger.
        await().dontCatchUncaughtExceptions().atMost(WAIT).until(() -> members.formed(3));
    }

    @AfterEach
    void stop() throws SQLException {
        regions.forEach(ShardRegion::close);
        members.close();
        ledger.drop(leases);
    }

    private ShardRegion addMember() {
        int index = members.add();
        Map<String, ShardedEntity> started = copies.computeIfAbsent(index, i -> new ConcurrentHashMap<>());
        ShardRegion region = ShardRegion.start(members.cluster(index), postgres.pool(), ShardLedger.TYPE,
                ledger.entity(copy -> started.put(copy.id(), copy)),
                id -> id, OPTIONS.withExpectedMembers(3).withTable(leases));
        regions.add(region);
        live.add(region);
        return region;
    }

    @Test
    void entitiesAnswerInOrderOnOneMemberAtATimeWhileAMemberCrashesAndAnotherJoins() throws Exception {
        long total = (long) ENTITIES * ROUNDS;
        long started = System.nanoTime();
        ShardLedger.Callers callers = new ShardLedger.Callers("test", ENTITIES, CALLERS, ROUNDS, () -> true,
                () -> live.get(ThreadLocalRandom.current().nextInt(live.size())), WAIT);
        ShardLedger.Zombies zombies = null;
        try {
            await().dontCatchUncaughtExceptions().atMost(WAIT).until(() -> callers.calls.get() >= total / 4);
            live.remove(regions.get(2));
            long crashAt = System.nanoTime();
            members.crash(2);
            zombies = ledger.new Zombies(copies.get(2).values().stream().limit(ZOMBIES).toList());
            LOG.log(System.Logger.Level.INFO, "member 2 crashed after " + callers.calls.get() + " calls");
            await().dontCatchUncaughtExceptions().atMost(WAIT).until(() -> callers.calls.get() >= total / 2);
            ShardRegion joined = addMember();
            LOG.log(System.Logger.Level.INFO, "member 3 joined after " + callers.calls.get() + " calls");
            callers.join(WAIT.multipliedBy(3));
            zombies.stop();   // they wrote all along, while the other members ran their entities
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            // Every entity answers afterwards, through every member.
            for (int e = 0; e < ENTITIES; e++) {
                ShardRegion via = live.get(e % live.size());
                assertThat(via.<Long>call(ShardLedger.Callers.id(e), ShardLedger.request("test", ROUNDS)))
                        .isEqualTo(ROUNDS);
            }
            assertThat(joined.stats().shards()).as("the joined member owns shards").isPositive();
            ShardLedger.Zombies zombieCopies = zombies;
            LOG.log(System.Logger.Level.INFO, () -> ENTITIES + " entities x " + ROUNDS + " calls in " + elapsedMillis
                    + " ms; failed calls " + callers.failures + "; fence refusals " + ledger.fenceRefusals.get()
                    + "; gaps " + ledger.gaps.get() + "; zombie writes committed " + zombieCopies.committed + ", refused "
                    + zombieCopies.refused + "; stats " + live.stream().map(ShardRegion::stats).toList()
                    + "; crash at +" + TimeUnit.NANOSECONDS.toMillis(crashAt - started) + " ms");
        } finally {
            callers.stop();
            if (zombies != null) {
                zombies.stop();
            }
        }
        assertThat(ledger.problems(Map.of("test", ShardLedger.Seen.complete(callers.accepted)), ENTITIES)).as("per-entity order, no loss, no overlap").isEmpty();
        assertThat(ledger.gaps.get()).as("gaps seen by entities").isZero();
        assertThat(zombies.refused.get()).as("zombie writes the fence refused (the zombies wrote after the takeover)")
                .isPositive();
    }
}
