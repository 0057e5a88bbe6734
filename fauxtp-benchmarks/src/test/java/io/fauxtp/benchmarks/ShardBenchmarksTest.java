package io.fauxtp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sharding benchmarks' operations, run once each at a small size without JMH: they measure what they claim
 * (every entity answers, from the members it should), and their tear-down leaves no Hazelcast thread running.
 */
class ShardBenchmarksTest {

    @ParameterizedTest
    @ValueSource(strings = {"none", "graceful", "crash"})
    void rebalanceEndsWhenEveryEntityAnswersFromARemainingMember(String leave) throws Exception {
        ShardRebalanceBenchmark bench = new ShardRebalanceBenchmark();
        bench.leave = leave;
        bench.entities = 300;
        bench.database = "h2";
        bench.form();
        List<String> members = bench.cluster.members().stream().map(m -> m.uuid().toString()).toList();
        Map<String, Long> answered;
        try {
            answered = bench.memberLeavesUntilEveryEntityAnswers();
        } finally {
            bench.stop();
        }
        assertThat(answered.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(300);
        if (leave.equals("none")) {   // 300 entities over 64 shards: every member runs some
            assertThat(answered).containsOnlyKeys(members);
        } else {
            assertThat(answered).containsOnlyKeys(members.get(0), members.get(1));
        }
        assertNoMemberThreadLeft();
    }

    @Test
    void hopCallsReachEntitiesOnTheCallersMemberAndOnTheOther() {
        ShardHopBenchmark bench = new ShardHopBenchmark();
        bench.database = "h2";
        bench.form();   // checks that each entity runs where its name says
        try {
            assertThat(List.of(bench.shardedLocal(), bench.shardedRemote(), bench.plainLocal(), bench.plainRemote()))
                    .containsOnly("ping");
        } finally {
            bench.stop();
        }
        assertNoMemberThreadLeft();
    }

    /** Hazelcast names its threads after the instance, which {@link ShardedMembers} names after its cluster. */
    private static void assertNoMemberThreadLeft() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(memberThreads()).isEmpty());
    }

    private static Set<String> memberThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.contains("fauxtp-bench-shards-"))
                .collect(Collectors.toSet());
    }
}
