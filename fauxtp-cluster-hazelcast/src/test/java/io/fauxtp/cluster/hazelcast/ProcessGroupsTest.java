package io.fauxtp.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Matcher;
import io.fauxtp.process.Pid;
import io.fauxtp.text.TextCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Process groups across three members in one JVM, plus members started for a test and then ended. */
class ProcessGroupsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final TestCluster CLUSTER = new TestCluster("fauxtp-groups", 3, WAIT);

    private static FauxtpCluster member(int i) {
        return CLUSTER.member(i);
    }

    private static Pid waiter(FauxtpCluster cluster) {
        return cluster.node().spawn(self -> self.receive(Matcher.when(String.class, "stop"::equals)));
    }

    @Test
    void joinsFromTwoMembersAreSeenOnAllAndRepeatedJoinsCount() {
        Pid a = waiter(member(0));
        Pid b = waiter(member(1));
        member(0).groups().join("workers", a);
        member(0).groups().join("workers", a);   // twice, as pg allows
        member(1).groups().join("workers", b);

        for (FauxtpCluster c : CLUSTER.members()) {
            assertThat(c.groups().members("workers")).containsExactlyInAnyOrder(a, a, b);
            assertThat(c.groups().groups()).contains("workers");
        }
        assertThat(member(0).groups().localMembers("workers")).containsExactly(a, a);
        assertThat(member(1).groups().localMembers("workers")).containsExactly(b);
        assertThat(member(2).groups().localMembers("workers")).isEmpty();
        assertThatThrownBy(() -> member(1).groups().join("workers", a))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a live process of this member");

        assertThat(member(2).groups().leave("workers", a)).isTrue();   // one join of a goes
        assertThat(member(1).groups().members("workers")).containsExactlyInAnyOrder(a, b);
        assertThat(member(0).groups().leave("workers", a)).isTrue();
        assertThat(member(0).groups().leave("workers", a)).isFalse();
        assertThat(member(2).groups().members("workers")).containsExactly(b);
        member(1).send(b, "stop");
        member(0).send(a, "stop");
        await().atMost(WAIT).until(() -> member(2).groups().members("workers").isEmpty());
        assertThat(member(2).groups().groups()).doesNotContain("workers");
    }

    @Test
    void aProcessThatExitsLeavesItsGroups() {
        Pid stays = waiter(member(1));
        Pid dies = waiter(member(0));
        member(1).groups().join("exits", stays);
        member(0).groups().join("exits", dies);
        member(0).groups().join("exits", dies);
        member(0).groups().join("exits-too", dies);
        assertThat(member(2).groups().members("exits")).containsExactlyInAnyOrder(stays, dies, dies);

        member(0).node().exit(dies, ExitReason.KILL);
        await().atMost(WAIT).until(() -> member(2).groups().members("exits").equals(List.of(stays)));
        await().atMost(WAIT).until(() -> member(2).groups().members("exits-too").isEmpty());
        member(1).send(stays, "stop");
    }

    @Test
    void aMemberThatShutsDownOrIsTerminatedLosesItsEntries() {
        Pid stays = waiter(member(2));
        member(2).groups().join("departures", stays);
        for (boolean terminate : new boolean[] {false, true}) {
            HazelcastInstance hz = TestClusters.member(CLUSTER.name());
            FauxtpCluster extra = FauxtpCluster.join(hz, "extra", TextCodec.standard());
            Pid there = waiter(extra);
            extra.groups().join("departures", there);
            assertThat(member(0).groups().members("departures")).containsExactlyInAnyOrder(stays, there);
            if (terminate) {
                hz.getLifecycleService().terminate();   // no goodbye: the others find it dead
            } else {
                hz.shutdown();                          // the cluster is not closed: Hazelcast says it left
            }
            await().atMost(WAIT).until(() -> member(1).groups().members("departures").equals(List.of(stays)));
            // Not only hidden from members(): the entry itself is gone from the map.
            await().atMost(WAIT).until(() -> !member(0).hazelcast().<String, String>getMap(ProcessGroups.GROUPS)
                    .get("departures").contains(extra.localMember().toString()));
            extra.close();
        }
        member(2).send(stays, "stop");
    }

    @Test
    void aBroadcastReachesEveryProcessOfTheGroupOnEveryMember() {
        FauxtpCluster sender = member(0);
        List<Pid> inboxes = new ArrayList<>();
        // tag::process-groups[]
        for (FauxtpCluster m : CLUSTER.members()) {             // one GenServer on each member joins "caches"
            Pid cache = GenServer.start(m.node(), new Inbox(), null);
            m.groups().join("caches", cache);
            inboxes.add(cache);
        }
        int reached = sender.groups().cast("caches", "evict:42");   // one cast to every process in the group
        // end::process-groups[]
        assertThat(reached).isEqualTo(3);
        for (Pid inbox : inboxes) {
            await().atMost(WAIT).until(() -> sender.<List<Object>>call(inbox, "seen", WAIT).equals(List.of("evict:42")));
        }

        CompletableFuture<Object> raw = new CompletableFuture<>();
        Pid listener = member(2).node().spawn(self -> raw.complete(self.receive(Matcher.type(String.class))));
        member(2).groups().join("listeners", listener);
        member(2).groups().join("listeners", listener);
        assertThat(member(1).groups().send("listeners", "hello")).isEqualTo(1);   // once per process
        assertThat(raw).succeedsWithin(WAIT).isEqualTo("hello");
        inboxes.forEach(GenServer::stop);
    }
}
