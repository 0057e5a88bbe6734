package io.fauxtp.supervisor;

import static io.fauxtp.supervisor.SupTestKit.child;
import static io.fauxtp.supervisor.SupTestKit.pidOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fauxtp.genserver.CallExitException;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.supervisor.SupTestKit.Events;
import io.fauxtp.supervisor.SupTestKit.Log;
import io.fauxtp.supervisor.SupTestKit.Worker;
import io.fauxtp.supervisor.SupTestKit.WorkerArgs;
import io.fauxtp.supervisor.SupervisorEvent.ChildExited;
import io.fauxtp.supervisor.SupervisorEvent.ChildStarted;
import io.fauxtp.testkit.TestNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** startChild, terminateChild, restartChild, deleteChild, whichChildren, countChildren, snapshots, events. */
class SupervisorRuntimeApiTest {

    @RegisterExtension
    final TestNode fauxtp = new TestNode("sup-api");
    private final Node node = fauxtp.node();
    private final Log log = new Log();
    private final Worker worker = new Worker(log);

    @Test
    void startTerminateRestartDeleteAChild() {
        Pid sup = Supervisor.start(node, SupervisorSpec.oneForOne(worker.spec("a")));

        Pid b = Supervisor.startChild(sup, worker.spec("b").withName("bee"));
        assertThat(node.registry().whereis("bee")).contains(b);
        assertThat(Supervisor.whichChildren(sup)).extracting(ChildInfo::id).containsExactly("a", "b");

        Supervisor.terminateChild(sup, "b");
        assertThat(node.isAlive(b)).isFalse();
        assertThat(node.registry().whereis("bee")).isEmpty();
        assertThat(Supervisor.countChildren(sup)).isEqualTo(new ChildCounts(2, 1, 0, 2));
        assertThat(child(sup, "b").status()).isEqualTo(ChildStatus.TERMINATED);

        Pid b2 = Supervisor.restartChild(sup, "b");
        assertThat(GenServer.<String>call(node, "bee", "ping")).isEqualTo("pong:b");
        assertThat(node.registry().whereis("bee")).contains(b2);
        assertThatThrownBy(() -> Supervisor.restartChild(sup, "b"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("running");
        assertThatThrownBy(() -> Supervisor.deleteChild(sup, "b"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("terminate it");

        Supervisor.terminateChild(sup, "b");
        Supervisor.deleteChild(sup, "b");
        assertThat(Supervisor.whichChildren(sup)).extracting(ChildInfo::id).containsExactly("a");
        assertThat(log.entries()).containsExactly("init:a", "init:b", "terminate:b", "init:b", "terminate:b");
    }

    @Test
    void badRequestsFailWithClearErrors() {
        Pid sup = Supervisor.start(node, SupervisorSpec.oneForOne(worker.spec("a")));

        assertThatThrownBy(() -> Supervisor.terminateChild(sup, "nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'").hasMessageContaining("[a]");
        assertThatThrownBy(() -> Supervisor.startChild(sup, worker.spec("a")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already has a child 'a'");
        assertThatThrownBy(() -> Supervisor.startChild(sup, worker.spec(new WorkerArgs("bad", true, false))))
                .isInstanceOf(ChildStartException.class).hasMessageContaining("'bad'");
        assertThat(Supervisor.whichChildren(sup)).extracting(ChildInfo::id).containsExactly("a");

        Pid plain = node.spawn(self -> self.receive());
        assertThatThrownBy(() -> Supervisor.whichChildren(plain))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a supervisor");
        assertThatThrownBy(() -> ChildSpec.worker(" ", p -> null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SupervisorSpec.oneForOne(worker.spec("x"), worker.spec("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate child id 'x'");
        assertThatThrownBy(() -> SupervisorSpec.oneForOne().withIntensity(-1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRestarts");
    }

    @Test
    void aStartFunctionThatDoesNotLinkItsChildIsRefused() {
        Pid sup = Supervisor.start(node, SupervisorSpec.oneForOne());
        ChildSpec unlinked = ChildSpec.worker("loose", parent -> parent.spawn(self -> self.receive()));

        assertThatThrownBy(() -> Supervisor.startChild(sup, unlinked))
                .isInstanceOf(ChildStartException.class).hasMessageContaining("not linked");
        assertThat(node.processes()).containsExactly(sup);
    }

    @Test
    void aPlainWorkerWithANameIsRegisteredByTheSupervisor() {
        Pid sup = Supervisor.start(node, SupervisorSpec.oneForOne(
                ChildSpec.worker("echo", parent -> parent.spawnLink(self -> self.receive())).withName("echo")));
        Pid echo = pidOf(sup, "echo");

        assertThat(node.registry().whereis("echo")).contains(echo);
        assertThat(child(sup, "echo").name()).isEqualTo("echo");
    }

    @Test
    void snapshotsAreReadableWithoutMessagingAndListTheNodesSupervisors() {
        Pid inner = null;
        Pid root = Supervisor.start(node, SupervisorSpec.oneForAll(worker.spec("a"),
                ChildSpec.supervisor("sub", SupervisorSpec.oneForOne(worker.spec("b")))).withIntensity(7, Duration.ofSeconds(9)), "root");
        inner = pidOf(root, "sub");

        SupervisorSnapshot s = Supervisor.snapshot(root).orElseThrow();
        assertThat(s.strategy()).isEqualTo(Strategy.ONE_FOR_ALL);
        assertThat(s.maxRestarts()).isEqualTo(7);
        assertThat(s.within()).isEqualTo(Duration.ofSeconds(9));
        assertThat(s.gaveUp()).isFalse();
        assertThat(s.dynamic()).isFalse();
        assertThat(s.name()).isEqualTo("root");
        assertThat(s.counts()).isEqualTo(new ChildCounts(2, 2, 1, 1));
        ChildInfo sub = s.child("sub").orElseThrow();
        assertThat(sub.type()).isEqualTo(ChildType.SUPERVISOR);
        assertThat(sub.restart()).isEqualTo(Restart.PERMANENT);
        assertThat(sub.status()).isEqualTo(ChildStatus.RUNNING);
        assertThat(sub.startedAt()).isNotNull();
        assertThat(sub.lastExitReason()).isNull();
        assertThat(Supervisor.snapshot(inner).orElseThrow().parent()).isEqualTo(root);
        assertThat(Supervisor.supervisors(node)).extracting(SupervisorSnapshot::pid).containsExactly(root, inner);
        assertThat(Supervisor.snapshot(pidOf(root, "a"))).isEmpty();
    }

    @Test
    void eventsTellStartsExitsAndRestartsInOrder() throws Exception {
        Pid sup = Supervisor.start(node, SupervisorSpec.oneForOne(worker.spec("a")));
        List<SupervisorEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (AutoCloseable subscription = Supervisor.subscribe(sup, seen::add); Events events = new Events(node)) {
            Pid a = pidOf(sup, "a");
            Pid b = Supervisor.startChild(sup, worker.spec("b"));
            node.exit(a, ExitReason.KILL);
            SupervisorEvent.ChildRestarted restarted = events.next(SupervisorEvent.ChildRestarted.class, e -> true);

            assertThat(seen).hasSize(3);
            assertThat(seen.get(0)).isInstanceOfSatisfying(ChildStarted.class,
                    e -> assertThat(e.pid()).isEqualTo(b));
            assertThat(seen.get(1)).isInstanceOfSatisfying(ChildExited.class, e -> {
                assertThat(e.pid()).isEqualTo(a);
                assertThat(e.reason()).isEqualTo(ExitReason.KILLED);
            });
            assertThat(seen.get(2)).isEqualTo(restarted);
            assertThat(restarted.childId()).isEqualTo("a");
            assertThat(restarted.restartCount()).isEqualTo(1);
            assertThat(restarted.supervisor()).isEqualTo(sup);
        }
        assertThatThrownBy(() -> Supervisor.subscribe(node.spawn(self -> {}), e -> {}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void callsToADeadSupervisorFailAtOnce() {
        Pid sup = Supervisor.start(node, SupervisorSpec.oneForOne());
        Supervisor.stop(sup);

        assertThatThrownBy(() -> Supervisor.countChildren(sup))
                .isInstanceOf(CallExitException.class)
                .satisfies(e -> assertThat(((CallExitException) e).reason()).isEqualTo(ExitReason.NO_PROCESS));
    }
}
