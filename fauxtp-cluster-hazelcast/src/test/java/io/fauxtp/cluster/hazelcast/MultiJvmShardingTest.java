package io.fauxtp.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.fauxtp.cluster.hazelcast.ChildJvms.Member;
import io.fauxtp.text.TextCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharded entities on three members in separate JVMs, their leases and their log in a real PostgreSQL database:
 * this JVM runs one member and starts two more as child JVMs ({@link ShardMemberMain}). Calls enter through every
 * member: this JVM's callers and each child's own callers (named by its member uuid) give every entity numbered
 * calls, each through its own member's region, so a member that still believed it owned a shard would start the
 * shard's entities for its own callers while their new owner runs them too. While the entities take calls, one
 * child JVM is paused with SIGSTOP until the others drop it, resumed (its callers go on at once; calls that waited
 * for it and calls its entities were in the middle of must not commit: its leases are gone), then killed with
 * SIGKILL, and a new one joins; the callers go on until the new member holds shards, and then call every entity
 * once more. Afterwards every entity answers, and the log ({@link ShardLedger}) shows, for every caller, each
 * entity's numbers in order and every call the caller saw accepted once; and for every entity, the time spans of
 * its copies (member, token) one after the other, never two at once.
 *
 * <p>The test has 10,000 entities; {@code -Dshard-test.jvm-entities=N} sets another number.
 */
@Tag("multi-jvm")
@EnabledOnOs({OS.LINUX, OS.MAC})   // SIGKILL through Process.destroyForcibly
class MultiJvmShardingTest {

    private static final System.Logger LOG = System.getLogger(MultiJvmShardingTest.class.getName());
    private static final Duration WAIT = ChildJvms.WAIT;
    private static final int ENTITIES = Integer.getInteger("shard-test.jvm-entities", 10_000);
    private static final int MIN_ROUNDS = 3;
    private static final int CALLERS = 64;
    /** Caller threads in each child JVM: fewer than this JVM's, so the children add load without doubling it. */
    private static final int CHILD_CALLERS = 8;
    /**
     * The options of every member, in this JVM and in the children. The lease is long against the pause (the
     * others drop the paused member after 15 s and take its shards from a member that is gone): the resumed member
     * learns that it lost its shards only at its next renewal, up to a third of the lease later, as a member cut
     * off by a partition would, and meanwhile its own callers reach the entities it still runs. Only the fence
     * keeps those copies from committing next to the new owners'.
     */
    static final ShardRegion.Options OPTIONS = ShardRegion.Options.defaults()
            .withShards(60).withLease(Duration.ofSeconds(30)).withPassivateAfter(Duration.ofMinutes(5))
            .withCallTimeout(Duration.ofSeconds(5)).withExpectedMembers(3);

    /**
     * How long a member goes without heartbeats before the others drop it, in every member of this test (5 s in
     * {@link TestClusters}): a child JVM starved of CPU on a loaded machine once went more than 5 s without one and was
     * dropped next to the paused one, which left this JVM without a quorum.
     */
    static final String MAX_NO_HEARTBEAT_SECONDS = "15";


    @TempDir
    Path acceptedFiles;

    @RegisterExtension
    static final PostgresPool postgres = new PostgresPool(16);

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String log = "shard_jvm_log_" + suffix;
    private final String leases = "shard_jvm_lease_" + suffix;
    private final String clusterName = "fauxtp-shard-jvms-" + suffix;
    private final ChildJvms jvms = new ChildJvms(clusterName, "shards-" + suffix, "-Xmx384m",
            "-XX:TieredStopAtLevel=1");
    private ShardLedger ledger;
    private HazelcastInstance hazelcast;
    private FauxtpCluster cluster;
    private ShardRegion region;

    @BeforeEach
    void form() throws Exception {
        ledger = new ShardLedger(postgres.pool(), log);
        ledger.create();
        int port = jvms.reservePort();
        Config config = TestClusters.config(clusterName, port, jvms.ports());
        // A split-brain merge restarts every member of the merging side under a new uuid, which fauxtp keeps out
        // of the shards from then on (FauxtpCluster.splitOff()), and only the master of the side that should merge
        // starts one. This JVM's member never starts a merge, so the merge after the pause can only bring the
        // resumed member back into this side, never restart this member (which happened once on an idle machine).
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "3600");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "3600");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", MAX_NO_HEARTBEAT_SECONDS);
        hazelcast = Hazelcast.newHazelcastInstance(config);
        cluster = FauxtpCluster.join(hazelcast, "test-jvm", TextCodec.standard());
        region = ShardRegion.start(cluster, postgres.pool(), ShardLedger.TYPE, ledger.entity(), id -> id,
                OPTIONS.withTable(leases));
        launchMembers(2);
        await().atMost(WAIT).until(() -> cluster.members().size() == 3);
    }

    private List<Member> launchMembers(int count) throws Exception {
        return jvms.launch(count, ShardMemberMain.class, postgres.server().url(), log, leases,
                Integer.toString(ENTITIES), Integer.toString(CHILD_CALLERS), acceptedFiles.toString());
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (region != null) {
                region.close();
            }
            if (cluster != null) {
                cluster.close();
            }
            if (hazelcast != null) {
                hazelcast.getLifecycleService().terminate();
            }
        } finally {
            jvms.close();
            ledger.drop(leases);
        }
    }

    /** What the callers of a child member saw accepted: the last number of each entity, from its file. */
    private ShardLedger.Seen seenBy(Member m, boolean cutOff) throws IOException {
        Map<String, Long> accepted = new HashMap<>();
        for (String line : Files.readAllLines(acceptedFiles.resolve("accepted-" + m.uuid() + ".log"))) {
            String[] parts = line.split(" ");
            accepted.merge(parts[0], Long.parseLong(parts[1]), Math::max);
        }
        return new ShardLedger.Seen(accepted, cutOff, CHILD_CALLERS);
    }

    /** The STATS line of a child member: shards held, entities running, gaps, fence refusals, calls made, leases lost. */
    private static long[] stats(Member m) {
        String[] words = m.ask("stats", "STATS ").split(" ");
        long[] values = new long[words.length];
        for (int i = 0; i < words.length; i++) {
            values[i] = Long.parseLong(words[i]);
        }
        return values;
    }

    @Test
    void entitiesInThreeJvmsAnswerInOrderOnOneMemberAtATimeWhileOneIsPausedThenKilledAndAnotherJoins() throws Exception {
        AtomicBoolean joined = new AtomicBoolean();
        long started = System.nanoTime();
        ShardLedger.Callers callers = new ShardLedger.Callers("test", ENTITIES, CALLERS, MIN_ROUNDS, joined::get,
                () -> region, WAIT);
        Map<String, Long> accepted = callers.accepted;
        Map<String, ShardLedger.Seen> seen = new HashMap<>();
        try {
            await().atMost(WAIT).until(() -> callers.calls.get() >= ENTITIES / 2);
            Member victim = jvms.members().getLast();
            assertThat(stats(victim)[1]).as("entities running on the member to be paused and killed").isPositive();
            assertThat(stats(victim)[4]).as("calls made by the callers of the member to be paused").isPositive();

            // Paused until the others drop it: its shards move while its entities may be in the middle of a call,
            // and calls for them wait in its sockets. Resumed, it must not commit any of them (the fence). It is
            // paused while one of its entities is inside a fenced transaction holding its shard's lease row locked
            // (the worst moment): the others must wait for that shard alone, and keep every other shard running.
            String heldShard = victim.ask("hold", "HOLDING ");
            long stoppedAfter = callers.calls.get();
            ChildJvms.signal("STOP", victim);
            await().atMost(WAIT).until(() -> cluster.members().size() == 2
                    && callers.calls.get() >= stoppedAfter + ENTITIES / 2);
            ChildJvms.signal("CONT", victim);
            victim.ask("release", "RELEASED");
            LOG.log(System.Logger.Level.INFO, "multi-JVM shards: member JVM paused holding the lease row of shard "
                    + heldShard);
            await().atMost(WAIT).until(() -> stats(victim)[0] == 0);   // it runs again, and holds no shard
            LOG.log(System.Logger.Level.INFO, "multi-JVM shards: member JVM paused after " + stoppedAfter
                    + " calls, resumed after " + callers.calls.get() + "; its stats " + java.util.Arrays.toString(
                    stats(victim)));

            long killedAfter = callers.calls.get();
            victim.process().destroyForcibly();   // SIGKILL
            assertThat(victim.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
            jvms.members().remove(victim);
            seen.put(victim.uuid(), seenBy(victim, true));
            LOG.log(System.Logger.Level.INFO, "multi-JVM shards: member JVM killed after " + killedAfter + " calls");
            await().atMost(WAIT).until(() -> callers.calls.get() >= killedAfter + ENTITIES / 2);

            long joinedAfter = callers.calls.get();
            Member newcomer = launchMembers(1).getFirst();
            await().atMost(WAIT).until(() -> stats(newcomer)[0] > 0);
            joined.set(true);   // from now on every caller calls each of its entities once more
            LOG.log(System.Logger.Level.INFO, "multi-JVM shards: a new member JVM joined after " + joinedAfter
                    + " calls and holds " + stats(newcomer)[0] + " shards after " + callers.calls.get() + " calls");
            callers.join(WAIT.multipliedBy(5));
            for (Member m : jvms.members()) {   // the children's callers stop after the calls they are making
                assertThat(m.ask("halt", "HALTED ")).as("callers of child %s", m.uuid()).endsWith(" ok");
                seen.put(m.uuid(), seenBy(m, false));
            }
        } finally {
            callers.stop();
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(cluster.splitOff()).as("this JVM's member was split off and merged back").isFalse();

        // Every entity answers afterwards, with the last number it accepted.
        for (int e = 0; e < ENTITIES; e++) {
            String id = ShardLedger.Callers.id(e);
            assertThat(region.<Long>call(id, ShardLedger.request("test", accepted.get(id))))
                    .isEqualTo(accepted.get(id));
        }
        List<long[]> childStats = new ArrayList<>();
        for (Member m : jvms.members()) {
            childStats.add(stats(m));
        }
        assertThat(childStats).as("the members left and the new one hold shards").allMatch(s -> s[0] > 0);
        LOG.log(System.Logger.Level.INFO, () -> "multi-JVM shards: " + ENTITIES + " entities, " + callers.calls.get()
                + " calls in " + elapsedMillis + " ms; failed calls " + callers.failures + "; this member "
                + region.stats() + ", fence refusals " + ledger.fenceRefusals.get() + "; children (shards, entities,"
                + " gaps, refusals, calls, losses) " + childStats.stream().map(java.util.Arrays::toString).toList());

        seen.put("test", ShardLedger.Seen.complete(accepted));
        assertThat(seen.values()).as("callers of every member had calls accepted")
                .hasSize(4).allMatch(s -> !s.accepted().isEmpty());
        assertThat(ledger.problems(seen, ENTITIES)).as("per-caller order, no loss, no overlap").isEmpty();
        assertThat(ledger.gaps.get()).as("gaps seen by the entities of this JVM").isZero();
        assertThat(childStats).as("gaps seen by the entities of the child JVMs").allMatch(s -> s[2] == 0);
        // The paused member's locked lease row held up the takeover of its shard only: no other member lost a
        // lease (and killed its entities) because a statement waited on that row.
        assertThat(region.losses()).as("leases this JVM's member lost").isZero();
        assertThat(childStats).as("leases the other child JVMs lost").allMatch(s -> s[5] == 0);
    }
}
