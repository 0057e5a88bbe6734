package io.fauxtp.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.fauxtp.process.Down;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Matcher;
import io.fauxtp.process.MonitorRef;
import io.fauxtp.process.Pid;
import io.fauxtp.text.TextCodec;
import io.fauxtp.text.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Monitors of processes of other members: the exit reason, noconnection, demonitor. */
class RemoteMonitorsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final TestCluster CLUSTER = new TestCluster("fauxtp-monitors", 2, WAIT);

    private static FauxtpCluster member(int i) {
        return CLUSTER.member(i);
    }

    /** A process that exits with the reason it is sent, as a custom term. */
    private static Pid exitsOnRequest(FauxtpCluster cluster) {
        return cluster.node().spawn(self -> {
            Object reason = self.receive(Matcher.any());
            self.exit(reason instanceof ExitReason r ? r : ExitReason.of(reason));
        });
    }

    @Test
    void aRemoteProcessExitDeliversDownWithItsReason() {
        Pid target = exitsOnRequest(member(1));
        CompletableFuture<Down> down = new CompletableFuture<>();
        CompletableFuture<MonitorRef> monitored = new CompletableFuture<>();
        member(0).node().spawn(self -> {
            monitored.complete(self.monitor(target));   // a pid of the other member
            down.complete(self.receive(Matcher.type(Down.class)));
        });
        assertThat(monitored).succeedsWithin(WAIT);
        awaitServed(target);
        member(1).send(target, Tuple.of("disk-full", 3L));
        assertThat(down).succeedsWithin(WAIT).satisfies(d -> {
            assertThat(d.ref()).isEqualTo(monitored.join());
            assertThat(d.pid()).isEqualTo(target);
            assertThat(d.reason()).isEqualTo(ExitReason.of(Tuple.of("disk-full", 3L)));
        });

        // Normal, shutdown with a detail and an exception keep their kind.
        assertThat(downAfter(ExitReason.NORMAL)).isEqualTo(ExitReason.NORMAL);
        assertThat(downAfter(ExitReason.shutdown("maintenance"))).isEqualTo(ExitReason.shutdown("maintenance"));
        assertThat(downAfter(ExitReason.error(new IllegalStateException("boom"))))
                .isInstanceOfSatisfying(ExitReason.Error.class,
                        e -> assertThat(e.cause()).hasMessageContaining("IllegalStateException: boom"));
    }

    private static ExitReason downAfter(ExitReason reason) {
        Pid target = exitsOnRequest(member(1));
        CompletableFuture<Down> down = new CompletableFuture<>();
        member(0).node().spawn(self -> {
            self.monitor(target);
            down.complete(self.receive(Matcher.type(Down.class)));
        });
        awaitServed(target);
        member(1).node().send(target, reason);   // sent locally: an ExitReason is not a wire type
        return down.orTimeout(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).join().reason();
    }

    /** Waits until the target's member monitors {@code target} for the remote watcher (its proxy holds it). */
    private static void awaitServed(Pid target) {
        await().atMost(WAIT).until(() -> member(1).node().info(target)
                .map(info -> !info.monitoredBy().isEmpty()).orElse(false));
    }

    @Test
    void aDeadOrUnknownRemotePidGivesNoproc() {
        Pid gone = new Pid(member(1).node().id(), 999_999);
        CompletableFuture<Down> down = new CompletableFuture<>();
        member(0).node().spawn(self -> {
            self.monitor(gone);
            down.complete(self.receive(Matcher.type(Down.class)));
        });
        assertThat(down).succeedsWithin(WAIT).satisfies(d -> assertThat(d.reason()).isEqualTo(ExitReason.NO_PROCESS));
    }

    @Test
    void aTerminatedMemberGivesNoconnectionAlsoThroughAGlobalName() {
        HazelcastInstance hz = TestClusters.member(CLUSTER.name());
        FauxtpCluster doomed = FauxtpCluster.join(hz, "doomed", TextCodec.standard());
        Pid byPid = doomed.node().spawn(self -> self.receive(Matcher.exactly("never")));
        Pid byName = doomed.node().spawn(self -> self.receive(Matcher.exactly("never")));
        doomed.register("doomed-service", byName);

        FauxtpCluster here = member(0);
        CompletableFuture<List<Down>> downs = new CompletableFuture<>();
        // tag::remote-monitor[]
        here.node().spawn(self -> {
            self.monitor(byPid);                          // a pid of another member
            here.monitor(self, "doomed-service");         // a cluster-wide name
            downs.complete(List.of(self.receive(Matcher.type(Down.class)), self.receive(Matcher.type(Down.class))));
        });
        // end::remote-monitor[]
        await().atMost(WAIT).until(() -> doomed.node().info(byPid).map(i -> !i.monitoredBy().isEmpty()).orElse(false)
                && doomed.node().info(byName).map(i -> !i.monitoredBy().isEmpty()).orElse(false));
        hz.getLifecycleService().terminate();             // no goodbye: found dead by missing heartbeats
        assertThat(downs).succeedsWithin(WAIT).satisfies(list -> {
            assertThat(list).extracting(Down::pid).containsExactlyInAnyOrder(byPid, byName);
            assertThat(list).extracting(Down::reason).containsOnly(ExitReason.NO_CONNECTION);
        });
        doomed.close();
    }

    @Test
    void aWatcherThatExitsDropsItsMonitorOnTheTargetsMember() {
        Pid target = exitsOnRequest(member(1));
        Pid watcher = member(0).node().spawn(self -> {
            self.monitor(target);
            self.receive(Matcher.exactly("stop"));
        });
        awaitServed(target);
        member(0).send(watcher, "stop");
        await().atMost(WAIT).until(() -> member(1).node().info(target).map(i -> i.monitoredBy().isEmpty()).orElse(false));
        member(1).send(target, "bye");
    }

    @Test
    void demonitorStopsDelivery() {
        Pid target = exitsOnRequest(member(1));
        CompletableFuture<Boolean> demonitored = new CompletableFuture<>();
        CompletableFuture<Optional<Down>> afterExit = new CompletableFuture<>();
        Pid watcher = member(0).node().spawn(self -> {
            MonitorRef ref = self.monitor(target);
            self.receive(Matcher.exactly("demonitor"));
            demonitored.complete(self.demonitor(ref));
            self.receive(Matcher.exactly("target-gone"));
            afterExit.complete(self.receive(Matcher.type(Down.class), Duration.ofSeconds(2)));
        });
        awaitServed(target);
        member(0).send(watcher, "demonitor");
        assertThat(demonitored).succeedsWithin(WAIT).isEqualTo(true);
        // The target's member drops the monitor too: nothing is left to report the exit with.
        await().atMost(WAIT).until(() -> member(1).node().info(target).map(i -> i.monitoredBy().isEmpty()).orElse(false));
        member(1).send(target, "bye");
        await().atMost(WAIT).until(() -> !member(1).node().isAlive(target));
        member(0).send(watcher, "target-gone");
        assertThat(afterExit).succeedsWithin(WAIT).isEqualTo(Optional.empty());
    }
}
