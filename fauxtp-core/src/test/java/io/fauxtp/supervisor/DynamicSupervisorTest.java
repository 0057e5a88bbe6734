package io.fauxtp.supervisor;

import static io.fauxtp.supervisor.SupTestKit.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.supervisor.SupTestKit.Crash;
import io.fauxtp.supervisor.SupTestKit.Log;
import io.fauxtp.supervisor.SupTestKit.StopWith;
import io.fauxtp.supervisor.SupTestKit.Worker;
import io.fauxtp.supervisor.SupTestKit.WorkerArgs;
import io.fauxtp.testkit.TestNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DynamicSupervisorTest {

    @RegisterExtension
    final TestNode fauxtp = new TestNode("dynsup");
    private final Node node = fauxtp.node();
    private final Log log = new Log();
    private final Worker worker = new Worker(log);

    @Test
    void startsManyChildrenOfTheTemplateUpToTheLimit() {
        Pid sup = DynamicSupervisor.start(node, DynamicSupervisorSpec.of(worker.spec("conn")).withMaxChildren(3));

        List<Pid> pids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pids.add(DynamicSupervisor.startChild(sup));
        }

        assertThat(pids).doesNotHaveDuplicates().allMatch(node::isAlive);
        assertThat(DynamicSupervisor.whichChildren(sup)).extracting(ChildInfo::id)
                .containsExactly("conn#1", "conn#2", "conn#3");
        assertThatThrownBy(() -> DynamicSupervisor.startChild(sup))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("maximum of 3");
        assertThat(Supervisor.snapshot(sup).orElseThrow().dynamic()).isTrue();

        DynamicSupervisor.terminateChild(sup, pids.get(1));
        assertThat(node.isAlive(pids.get(1))).isFalse();
        assertThat(DynamicSupervisor.countChildren(sup)).isEqualTo(new ChildCounts(2, 2, 0, 2));
        assertThat(DynamicSupervisor.startChild(sup)).isNotNull();   // room again
    }

    @Test
    void restartsCrashedChildrenAndForgetsThoseThatEndForGood() {
        Pid sup = DynamicSupervisor.start(node, DynamicSupervisorSpec.empty());
        Pid permanent = DynamicSupervisor.startChild(sup, worker.spec("p"));
        Pid transientChild = DynamicSupervisor.startChild(sup, worker.spec("t").withRestart(Restart.TRANSIENT));

        GenServer.cast(permanent, new Crash());
        GenServer.cast(transientChild, new StopWith(ExitReason.NORMAL));

        eventually().until(() -> {
            List<ChildInfo> children = Supervisor.snapshot(sup).orElseThrow().children();
            return children.size() == 1 && children.get(0).isRunning() && !children.get(0).pid().equals(permanent);
        });
        ChildInfo p = Supervisor.snapshot(sup).orElseThrow().children().get(0);
        assertThat(p.id()).isEqualTo("p#1");
        assertThat(p.restartCount()).isEqualTo(1);
    }

    @Test
    void withoutATemplateStartChildNeedsASpec() {
        Pid sup = DynamicSupervisor.start(node, DynamicSupervisorSpec.empty());
        assertThatThrownBy(() -> DynamicSupervisor.startChild(sup))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no child template");
    }

    @Test
    void stoppingADynamicSupervisorStopsAllItsChildren() {
        Pid sup = DynamicSupervisor.start(node, DynamicSupervisorSpec.of(worker.spec("w")));
        for (int i = 0; i < 5; i++) {
            DynamicSupervisor.startChild(sup);
        }
        DynamicSupervisor.startChild(sup, worker.spec(new WorkerArgs("other", false, false)));

        DynamicSupervisor.stop(sup);

        // all six stop, at once (as OTP's simple_one_for_one): the order of their terminates is theirs
        assertThat(log.matching("terminate:")).hasSize(6).contains("terminate:other");
        assertThat(node.processCount()).isZero();
    }

    @Test
    void stopAsksAllChildrenAtOnceAsOtpStopsASimpleOneForOne() throws Exception {
        // Each child, asked to shut down, waits until every child has been asked: stopped one after another,
        // the first would wait until killed at its timeout, then the next; stopped at once (OTP's
        // simple_one_for_one), all finish their shutdown and none is killed.
        int n = 20;
        java.util.concurrent.CountDownLatch allAsked = new java.util.concurrent.CountDownLatch(n);
        ChildSpec patient = ChildSpec.worker("patient", parent -> parent.spawn(
                        io.fauxtp.process.SpawnOptions.defaults().withLink().withTrapExit(), self -> {
                            self.receive(io.fauxtp.process.Matcher.type(io.fauxtp.process.Exit.class));
                            allAsked.countDown();
                            if (allAsked.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                                log.add("stopped in time");
                            }
                        }))
                .withRestart(Restart.TEMPORARY).withShutdown(Shutdown.timeout(java.time.Duration.ofSeconds(2)));
        Pid sup = DynamicSupervisor.start(node, DynamicSupervisorSpec.of(patient));
        for (int i = 0; i < n; i++) {
            DynamicSupervisor.startChild(sup);
        }

        DynamicSupervisor.stop(sup);

        assertThat(log.matching("stopped in time")).hasSize(n);
    }
}
