package io.fauxtp.supervisor;

import static io.fauxtp.supervisor.SupTestKit.await;
import static io.fauxtp.supervisor.SupTestKit.awaitReplaced;
import static io.fauxtp.supervisor.SupTestKit.child;
import static io.fauxtp.supervisor.SupTestKit.eventually;
import static io.fauxtp.supervisor.SupTestKit.exitOf;
import static io.fauxtp.supervisor.SupTestKit.pidOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.supervisor.SupTestKit.Crash;
import io.fauxtp.supervisor.SupTestKit.Events;
import io.fauxtp.supervisor.SupTestKit.Log;
import io.fauxtp.supervisor.SupTestKit.Worker;
import io.fauxtp.supervisor.SupervisorEvent.ChildRestarted;
import io.fauxtp.supervisor.SupervisorEvent.SupervisorGaveUp;
import io.fauxtp.testkit.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Restart intensity: giving up, the sliding window, and escalation up a tree. */
class SupervisorIntensityTest {

    /** OTP's supervisor exits with plain {@code shutdown} when it gives up (supervisor.erl, restart/2). */
    private static final ExitReason GAVE_UP = ExitReason.SHUTDOWN;

    @RegisterExtension
    final TestNode fauxtp = new TestNode("sup-intensity");
    private final Node node = fauxtp.node();
    private final Log log = new Log();
    private final Worker worker = new Worker(log);

    private Pid crashAndAwaitRestart(Pid sup, String id) {
        Pid old = pidOf(sup, id);
        GenServer.cast(old, new Crash());
        return awaitReplaced(sup, id, old);
    }

    @Test
    void exceedingTheIntensityStopsAllChildrenInReverseOrderAndExitsWithShutdown() throws Exception {
        Pid sup = Supervisor.start(node, SupervisorSpec.oneForOne(worker.spec("a"), worker.spec("b"), worker.spec("c"))
                .withIntensity(2, Duration.ofMinutes(1)));
        crashAndAwaitRestart(sup, "c");
        crashAndAwaitRestart(sup, "c");
        List<Pid> survivors = List.of(pidOf(sup, "a"), pidOf(sup, "b"));
        CompletableFuture<ExitReason> supExit = exitOf(node, sup);
        try (Events events = new Events(node)) {

            GenServer.cast(pidOf(sup, "c"), new Crash());   // the third restart in the window is one too many

            assertThat(await(supExit)).isEqualTo(GAVE_UP);
            SupervisorGaveUp gaveUp = events.next(SupervisorGaveUp.class, e -> e.supervisor().equals(sup));
            assertThat(gaveUp.maxRestarts()).isEqualTo(2);
            assertThat(gaveUp.reason()).isEqualTo(GAVE_UP);
        }
        assertThat(log.matching("terminate:")).containsExactly("terminate:b", "terminate:a");
        assertThat(survivors).noneMatch(node::isAlive);
        eventually().until(() -> node.processCount() == 0);
    }

    @Test
    void zeroMaxRestartsGivesUpAtTheFirstRestart() throws Exception {
        Pid sup = Supervisor.start(node, SupervisorSpec.oneForOne(worker.spec("a")).withIntensity(0, Duration.ofSeconds(5)));
        CompletableFuture<ExitReason> supExit = exitOf(node, sup);

        GenServer.cast(pidOf(sup, "a"), new Crash());

        assertThat(await(supExit)).isEqualTo(GAVE_UP);
    }

    @Test
    void restartsOlderThanTheWindowNoLongerCount() {
        Duration window = Duration.ofMillis(400);
        Pid sup = Supervisor.start(node, SupervisorSpec.oneForOne(worker.spec("a")).withIntensity(2, window));

        crashAndAwaitRestart(sup, "a");                            // restart 1
        Instant firstRestartDone = child(sup, "a").startedAt();
        // Wait (on the clock, not a sleep) until restart 1 has left the sliding window.
        eventually().until(() -> Instant.now().isAfter(firstRestartDone.plus(window).plusMillis(50)));
        crashAndAwaitRestart(sup, "a");                            // restart 2: one in the window
        crashAndAwaitRestart(sup, "a");                            // restart 3: two in the window, still allowed

        assertThat(node.isAlive(sup)).isTrue();
        assertThat(child(sup, "a").restartCount()).isEqualTo(3);
        assertThat(Supervisor.snapshot(sup).orElseThrow().totalRestarts()).isEqualTo(3);
        assertThat(Supervisor.snapshot(sup).orElseThrow().restartsInWindow()).isBetween(1, 2);
    }

    @Test
    void aChildThatCannotBeRestartedMakesTheSupervisorGiveUp() throws Exception {
        // The first start works, every restart fails: each failed attempt counts towards the intensity.
        java.util.concurrent.atomic.AtomicInteger starts = new java.util.concurrent.atomic.AtomicInteger();
        ChildSpec flaky = ChildSpec.worker("flaky", parent -> {
            if (starts.incrementAndGet() > 1) {
                throw new IllegalStateException("no more starts");
            }
            return parent.spawnLink(self -> self.receive());
        });
        Pid sup = Supervisor.start(node, SupervisorSpec.oneForOne(flaky).withIntensity(3, Duration.ofMinutes(1)));
        CompletableFuture<ExitReason> supExit = exitOf(node, sup);

        node.exit(pidOf(sup, "flaky"), ExitReason.KILL);

        assertThat(await(supExit)).isEqualTo(GAVE_UP);
        assertThat(starts.get()).isEqualTo(1 + 3);   // the first start, then 3 failed restarts; the 4th counts too many
    }

    @Test
    void escalationThroughThreeLevels() throws Exception {
        // root -> mid -> leaf -> w. The leaf gives up at once, the mid after one leaf restart, the root restarts mid.
        SupervisorSpec leaf = SupervisorSpec.oneForOne(worker.spec("w")).withIntensity(0, Duration.ofMinutes(1));
        SupervisorSpec mid = SupervisorSpec.oneForOne(ChildSpec.supervisor("leaf", leaf)).withIntensity(1, Duration.ofMinutes(1));
        Pid root = Supervisor.start(node, SupervisorSpec.oneForOne(ChildSpec.supervisor("mid", mid)));
        Pid mid1 = pidOf(root, "mid");
        Pid leaf1 = pidOf(mid1, "leaf");

        try (Events events = new Events(node)) {
            GenServer.cast(pidOf(leaf1, "w"), new Crash());
            events.next(SupervisorGaveUp.class, e -> e.supervisor().equals(leaf1));
            ChildRestarted leafRestart = events.next(ChildRestarted.class, e -> e.supervisor().equals(mid1));
            Pid leaf2 = leafRestart.pid();
            assertThat(node.isAlive(mid1)).isTrue();

            GenServer.cast(pidOf(leaf2, "w"), new Crash());
            events.next(SupervisorGaveUp.class, e -> e.supervisor().equals(leaf2));
            events.next(SupervisorGaveUp.class, e -> e.supervisor().equals(mid1));
            ChildRestarted midRestart = events.next(ChildRestarted.class, e -> e.supervisor().equals(root));
            Pid mid2 = midRestart.pid();

            assertThat(midRestart.childId()).isEqualTo("mid");
            assertThat(child(root, "mid").restartCount()).isEqualTo(1);
            assertThat(child(root, "mid").lastExitReason()).isEqualTo(GAVE_UP);
            assertThat(List.of(mid1, leaf1, leaf2)).noneMatch(node::isAlive);
            Pid w = pidOf(pidOf(mid2, "leaf"), "w");
            assertThat(GenServer.<String>call(w, "ping")).isEqualTo("pong:w");
            eventually().until(() -> node.processCount() == 4);   // root, mid, leaf, w: nothing else
        }
    }

    @Test
    void aTransientChildSupervisorThatGivesUpIsNotRestartedBecauseOtpExitsWithShutdown() throws Exception {
        SupervisorSpec inner = SupervisorSpec.oneForOne(worker.spec("w")).withIntensity(0, Duration.ofMinutes(1));
        Pid root = Supervisor.start(node, SupervisorSpec.oneForOne(
                ChildSpec.supervisor("inner", inner).withRestart(Restart.TRANSIENT)));
        Pid innerSup = pidOf(root, "inner");
        CompletableFuture<ExitReason> innerExit = exitOf(node, innerSup);

        GenServer.cast(pidOf(innerSup, "w"), new Crash());

        assertThat(await(innerExit)).isEqualTo(GAVE_UP);
        eventually().until(() -> child(root, "inner").status() == ChildStatus.TERMINATED);
        assertThat(child(root, "inner").restartCount()).isZero();
    }
}
