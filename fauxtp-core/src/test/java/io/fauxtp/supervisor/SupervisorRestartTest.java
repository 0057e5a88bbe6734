package io.fauxtp.supervisor;

import static io.fauxtp.supervisor.SupTestKit.awaitReplaced;
import static io.fauxtp.supervisor.SupTestKit.child;
import static io.fauxtp.supervisor.SupTestKit.eventually;
import static io.fauxtp.supervisor.SupTestKit.pidOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.supervisor.SupTestKit.Crash;
import io.fauxtp.supervisor.SupTestKit.Events;
import io.fauxtp.supervisor.SupTestKit.Log;
import io.fauxtp.supervisor.SupTestKit.StopWith;
import io.fauxtp.supervisor.SupTestKit.Worker;
import io.fauxtp.supervisor.SupervisorEvent.ChildExited;
import io.fauxtp.testkit.TestNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Strategies and restart types. */
class SupervisorRestartTest {

    @RegisterExtension
    final TestNode fauxtp = new TestNode("sup-restart");
    private final Node node = fauxtp.node();
    private final Log log = new Log();
    private final Worker worker = new Worker(log);

    private Pid startABC(SupervisorSpec spec) {
        return Supervisor.start(node, spec);
    }

    @Test
    void oneForOneRestartsOnlyTheChildThatExited() {
        Pid sup = startABC(SupervisorSpec.oneForOne(worker.spec("a"), worker.spec("b"), worker.spec("c")));
        Pid a = pidOf(sup, "a");
        Pid b = pidOf(sup, "b");
        Pid c = pidOf(sup, "c");

        GenServer.cast(b, new Crash());
        Pid b2 = awaitReplaced(sup, "b", b);

        assertThat(pidOf(sup, "a")).isEqualTo(a);
        assertThat(pidOf(sup, "c")).isEqualTo(c);
        assertThat(GenServer.<String>call(b2, "ping")).isEqualTo("pong:b");
        assertThat(child(sup, "b").restartCount()).isEqualTo(1);
        assertThat(child(sup, "b").lastExitReason()).isInstanceOf(ExitReason.Error.class);
        assertThat(log.entries()).containsExactly("init:a", "init:b", "init:c", "init:b");
    }

    @Test
    void oneForAllStopsTheOthersInReverseOrderThenStartsAllInOrder() {
        Pid sup = startABC(SupervisorSpec.oneForAll(worker.spec("a"), worker.spec("b"), worker.spec("c")));
        Pid a = pidOf(sup, "a");
        Pid b = pidOf(sup, "b");
        Pid c = pidOf(sup, "c");

        GenServer.cast(b, new Crash());
        awaitReplaced(sup, "c", c);

        assertThat(log.entries()).containsExactly(
                "init:a", "init:b", "init:c",
                "terminate:c", "terminate:a",
                "init:a", "init:b", "init:c");
        assertThat(List.of(a, b, c)).noneMatch(node::isAlive);
        assertThat(List.of("a", "b", "c")).allSatisfy(id -> assertThat(child(sup, id).restartCount()).isEqualTo(1));
        assertThat(Supervisor.snapshot(sup).orElseThrow().totalRestarts()).isEqualTo(1);
    }

    @Test
    void restForOneRestartsTheChildAndTheOnesStartedAfterIt() {
        Pid sup = startABC(SupervisorSpec.restForOne(worker.spec("a"), worker.spec("b"), worker.spec("c"), worker.spec("d")));
        Pid a = pidOf(sup, "a");
        Pid b = pidOf(sup, "b");
        Pid d = pidOf(sup, "d");

        GenServer.cast(b, new Crash());
        awaitReplaced(sup, "d", d);

        assertThat(log.entries()).containsExactly(
                "init:a", "init:b", "init:c", "init:d",
                "terminate:d", "terminate:c",
                "init:b", "init:c", "init:d");
        assertThat(pidOf(sup, "a")).isEqualTo(a);
        assertThat(node.isAlive(b)).isFalse();
        assertThat(child(sup, "a").restartCount()).isZero();
    }

    @Test
    void aPermanentChildIsRestartedEvenAfterANormalExit() {
        Pid sup = startABC(SupervisorSpec.oneForOne(worker.spec("p")));
        Pid p = pidOf(sup, "p");

        GenServer.cast(p, new StopWith(ExitReason.NORMAL));

        awaitReplaced(sup, "p", p);
        assertThat(child(sup, "p").lastExitReason()).isEqualTo(ExitReason.NORMAL);
    }

    static List<ExitReason> reasonsATransientChildIsNotRestartedAfter() {
        return List.of(ExitReason.NORMAL, ExitReason.SHUTDOWN, ExitReason.shutdown("maintenance"));
    }

    @ParameterizedTest
    @MethodSource("reasonsATransientChildIsNotRestartedAfter")
    void aTransientChildIsNotRestartedAfterNormalOrShutdown(ExitReason reason) throws Exception {
        try (Events events = new Events(node)) {
            Pid sup = startABC(SupervisorSpec.oneForOne(worker.spec("t").withRestart(Restart.TRANSIENT), worker.spec("other")));
            Pid t = pidOf(sup, "t");

            GenServer.cast(t, new StopWith(reason));

            events.next(ChildExited.class, e -> e.pid().equals(t));
            ChildInfo info = child(sup, "t");
            assertThat(info.status()).isEqualTo(ChildStatus.TERMINATED);
            assertThat(info.pid()).isNull();
            assertThat(info.lastExitReason()).isEqualTo(reason);
            assertThat(info.restartCount()).isZero();
            assertThat(Supervisor.countChildren(sup)).isEqualTo(new ChildCounts(2, 1, 0, 2));
            // the spec is kept: it can be restarted by hand
            Pid again = Supervisor.restartChild(sup, "t");
            assertThat(GenServer.<String>call(again, "ping")).isEqualTo("pong:t");
        }
    }

    static List<ExitReason> abnormalReasons() {
        return List.of(ExitReason.of("my_error_reason"), ExitReason.of("cancelled"), ExitReason.KILLED);
    }

    @ParameterizedTest
    @MethodSource("abnormalReasons")
    void aTransientChildIsRestartedAfterAnAbnormalExit(ExitReason reason) {
        Pid sup = startABC(SupervisorSpec.oneForOne(worker.spec("t").withRestart(Restart.TRANSIENT)));
        Pid t = pidOf(sup, "t");

        if (reason instanceof ExitReason.Killed) {
            node.exit(t, ExitReason.KILL);
        } else {
            GenServer.cast(t, new StopWith(reason));
        }

        awaitReplaced(sup, "t", t);
        assertThat(child(sup, "t").lastExitReason()).isEqualTo(reason);
        assertThat(child(sup, "t").restartCount()).isEqualTo(1);
    }

    @Test
    void aTemporaryChildIsNeverRestartedAndIsForgotten() throws Exception {
        try (Events events = new Events(node)) {
            Pid sup = startABC(SupervisorSpec.oneForOne(worker.spec("tmp").withRestart(Restart.TEMPORARY), worker.spec("keep")));
            Pid tmp = pidOf(sup, "tmp");

            GenServer.cast(tmp, new Crash());

            events.next(ChildExited.class, e -> e.pid().equals(tmp));
            assertThat(Supervisor.whichChildren(sup)).extracting(ChildInfo::id).containsExactly("keep");
            assertThat(log.matching("init:tmp")).hasSize(1);
        }
    }

    @Test
    void aTemporaryChildStoppedByAOneForAllRestartIsNotRestarted() {
        Pid sup = startABC(SupervisorSpec.oneForAll(worker.spec("tmp").withRestart(Restart.TEMPORARY), worker.spec("b")));
        Pid b = pidOf(sup, "b");

        GenServer.cast(b, new Crash());
        awaitReplaced(sup, "b", b);

        assertThat(Supervisor.whichChildren(sup)).extracting(ChildInfo::id).containsExactly("b");
        assertThat(log.matching("init:tmp")).hasSize(1);
    }

    @Test
    void aBackoffDelaysTheRestartWithoutBlockingTheSupervisor() {
        Backoff slow = Backoff.exponential(Duration.ofMinutes(1), Duration.ofMinutes(1));
        Pid sup = startABC(SupervisorSpec.oneForOne(worker.spec("slow").withBackoff(slow), worker.spec("fast")));
        Pid s = pidOf(sup, "slow");
        Pid f = pidOf(sup, "fast");

        GenServer.cast(s, new Crash());
        eventually().until(() -> child(sup, "slow").status() == ChildStatus.RESTARTING);

        // While "slow" waits for its timer, the supervisor answers requests and restarts other children.
        assertThat(Supervisor.countChildren(sup).active()).isEqualTo(1);
        GenServer.cast(f, new Crash());
        Pid f2 = awaitReplaced(sup, "fast", f);
        assertThat(GenServer.<String>call(f2, "ping")).isEqualTo("pong:fast");
        assertThat(child(sup, "slow").status()).isEqualTo(ChildStatus.RESTARTING);
        assertThat(child(sup, "slow").pid()).isNull();
    }

    @Test
    void aBackedOffChildIsRestartedWhenItsTimerFires() {
        Backoff shortDelay = Backoff.exponential(Duration.ofMillis(50), Duration.ofMillis(50));
        Pid sup = startABC(SupervisorSpec.oneForOne(worker.spec("slow").withBackoff(shortDelay)));
        Pid s = pidOf(sup, "slow");

        GenServer.cast(s, new Crash());

        Pid s2 = awaitReplaced(sup, "slow", s);
        assertThat(GenServer.<String>call(s2, "ping")).isEqualTo("pong:slow");
        assertThat(child(sup, "slow").restartCount()).isEqualTo(1);
    }

    @Test
    void aDelayedRestartIsRefusedAsRestartingAndCanBeCancelledThenStartedByHand() {
        Backoff slow = Backoff.exponential(Duration.ofMinutes(5), Duration.ofMinutes(5));
        Pid sup = startABC(SupervisorSpec.oneForOne(worker.spec("slow").withBackoff(slow)));
        Pid s = pidOf(sup, "slow");

        GenServer.cast(s, new Crash());
        eventually().until(() -> child(sup, "slow").status() == ChildStatus.RESTARTING);

        // OTP answers {error, restarting} to restart_child on a child whose restart is pending
        assertThatThrownBy(() -> Supervisor.restartChild(sup, "slow"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is restarting");
        Supervisor.terminateChild(sup, "slow");   // cancels the delayed restart
        Pid s2 = Supervisor.restartChild(sup, "slow");
        assertThat(s2).isNotEqualTo(s);
        assertThat(child(sup, "slow").status()).isEqualTo(ChildStatus.RUNNING);
    }

    @Test
    void backoffDelaysGrowExponentiallyUpToTheMaxWithinTheJitter() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), 0.0);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        assertThat(List.of(1, 2, 3, 4, 5, 6).stream().map(n -> b.delay(n, random).toMillis()))
                .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
        Backoff jittered = b.withJitter(0.5);
        for (int i = 0; i < 200; i++) {
            assertThat(jittered.delay(2, random).toMillis()).isBetween(100L, 300L);
        }
    }
}
