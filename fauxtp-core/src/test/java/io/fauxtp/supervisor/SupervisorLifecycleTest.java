package io.fauxtp.supervisor;

import static io.fauxtp.supervisor.SupTestKit.await;
import static io.fauxtp.supervisor.SupTestKit.eventually;
import static io.fauxtp.supervisor.SupTestKit.exitOf;
import static io.fauxtp.supervisor.SupTestKit.pidOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fauxtp.genserver.CallExitException;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.genserver.StartOptions;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Matcher;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.supervisor.SupTestKit.Log;
import io.fauxtp.supervisor.SupTestKit.Worker;
import io.fauxtp.supervisor.SupTestKit.WorkerArgs;
import io.fauxtp.testkit.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Start order, start failure, shutdown order and timeouts, and "no child outlives its supervisor". */
class SupervisorLifecycleTest {

    @RegisterExtension
    final TestNode fauxtp = new TestNode("sup-lifecycle");
    private final Node node = fauxtp.node();
    private final Log log = new Log();
    private final Worker worker = new Worker(log);

    @Test
    void childrenStartInOrderEachReadyBeforeTheNext() {
        // Each init records which of its siblings were already registered: a sequential start sees all earlier ones.
        GenServer<String> seer = new GenServer<>() {
            @Override
            public String init(Object args) {
                String id = (String) args;
                log.add("init:" + id + " sees " + node.registry().registeredNames().stream().sorted().toList());
                return id;
            }
        };
        Pid sup = Supervisor.start(node, SupervisorSpec.oneForOne(
                ChildSpec.genServer("a", seer, "a", StartOptions.defaults().withName("a")),
                ChildSpec.genServer("b", seer, "b", StartOptions.defaults().withName("b")),
                ChildSpec.genServer("c", seer, "c", StartOptions.defaults().withName("c"))));

        assertThat(log.entries()).containsExactly("init:a sees [a]", "init:b sees [a, b]", "init:c sees [a, b, c]");
        assertThat(Supervisor.whichChildren(sup)).extracting(ChildInfo::id).containsExactly("a", "b", "c");
        assertThat(Supervisor.countChildren(sup)).isEqualTo(new ChildCounts(3, 3, 0, 3));
    }

    @Test
    void aChildThatFailsToStartFailsTheSupervisorStartNamingItAndStopsTheOthers() {
        SupervisorSpec spec = SupervisorSpec.oneForOne(
                worker.spec("a"),
                worker.spec(new WorkerArgs("b", true, false)),
                worker.spec("c"));

        assertThatThrownBy(() -> Supervisor.start(node, spec, "top"))
                .isInstanceOf(ChildStartException.class)
                .hasMessageContaining("'b'")
                .hasMessageContaining("boom")
                .satisfies(e -> assertThat(((ChildStartException) e).childId()).isEqualTo("b"))
                .hasRootCauseInstanceOf(IllegalStateException.class);

        assertThat(log.entries()).containsExactly("init:a", "init-failed:b", "terminate:a");
        eventually().until(() -> node.processCount() == 0);
        assertThat(node.registry().whereis("top")).isEmpty();
    }

    @Test
    void aNestedStartFailureNamesBothLevels() {
        SupervisorSpec inner = SupervisorSpec.oneForOne(worker.spec(new WorkerArgs("leaf", true, false)));
        SupervisorSpec outer = SupervisorSpec.oneForOne(worker.spec("first"), ChildSpec.supervisor("inner", inner));

        assertThatThrownBy(() -> Supervisor.start(node, outer))
                .isInstanceOf(ChildStartException.class)
                .hasMessageContaining("'inner'")
                .hasMessageContaining("'leaf'");
        eventually().until(() -> node.processCount() == 0);
    }

    @Test
    void startLinkThrowsToACallerThatDoesNotTrapExitsWithoutKillingIt() throws Exception {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Pid caller = node.spawn(self -> {
            try {
                Supervisor.startLink(SupervisorSpec.oneForOne(worker.spec(new WorkerArgs("bad", true, false))));
            } catch (ChildStartException e) {
                thrown.complete(e);
            }
            self.receive(Matcher.exactly("done"));
        });

        assertThat(thrown.get(10, java.util.concurrent.TimeUnit.SECONDS)).hasMessageContaining("'bad'");
        assertThat(node.isAlive(caller)).isTrue();
        node.send(caller, "done");
    }

    @Test
    void shutdownStopsChildrenInReverseOrderEachTerminatedBeforeTheNext() {
        Pid sup = Supervisor.start(node, SupervisorSpec.oneForOne(worker.spec("a"), worker.spec("b"), worker.spec("c")));
        List<Pid> children = List.of(pidOf(sup, "a"), pidOf(sup, "b"), pidOf(sup, "c"));

        Supervisor.stop(sup);

        assertThat(log.matching("terminate:")).containsExactly("terminate:c", "terminate:b", "terminate:a");
        assertThat(children).noneMatch(node::isAlive);
        assertThat(node.isAlive(sup)).isFalse();
        assertThat(Supervisor.snapshot(sup)).isEmpty();
        assertThatThrownBy(() -> Supervisor.whichChildren(sup)).isInstanceOf(CallExitException.class);
    }

    @Test
    void aTreeShutsDownDepthFirstInReverseOrder() {
        Pid root = Supervisor.start(node, SupervisorSpec.oneForOne(
                worker.spec("a"),
                ChildSpec.supervisor("sub", SupervisorSpec.oneForOne(worker.spec("b"), worker.spec("c"))),
                worker.spec("d")));

        Supervisor.stop(root);

        assertThat(log.entries()).containsExactly("init:a", "init:b", "init:c", "init:d",
                "terminate:d", "terminate:c", "terminate:b", "terminate:a");
        assertThat(node.processCount()).isZero();
    }

    @Test
    void aChildThatDoesNotStopWithinItsShutdownTimeoutIsKilled() {
        ChildSpec stubborn = worker.spec(new WorkerArgs("stubborn", false, true))
                .withShutdown(Shutdown.timeout(Duration.ofMillis(300)));
        Pid sup = Supervisor.start(node, SupervisorSpec.oneForOne(stubborn));
        Pid child = pidOf(sup, "stubborn");

        Supervisor.terminateChild(sup, "stubborn");

        assertThat(node.isAlive(child)).isFalse();
        ChildInfo info = SupTestKit.child(sup, "stubborn");
        assertThat(info.status()).isEqualTo(ChildStatus.TERMINATED);
        assertThat(info.lastExitReason()).isEqualTo(ExitReason.KILLED);
    }

    @Test
    void brutalKillDoesNotRunTerminate() {
        Pid sup = Supervisor.start(node, SupervisorSpec.oneForOne(worker.spec("a").withShutdown(Shutdown.brutalKill())));
        Pid child = pidOf(sup, "a");

        Supervisor.terminateChild(sup, "a");

        assertThat(node.isAlive(child)).isFalse();
        assertThat(log.matching("terminate:")).isEmpty();
        assertThat(SupTestKit.child(sup, "a").lastExitReason()).isEqualTo(ExitReason.KILLED);
    }

    @Test
    void aShutdownWithTimeoutRunsTerminateAndEndsWithShutdown() {
        Pid sup = Supervisor.start(node, SupervisorSpec.oneForOne(worker.spec("a")));

        Supervisor.terminateChild(sup, "a");

        assertThat(log.matching("terminate:")).containsExactly("terminate:a");
        assertThat(SupTestKit.child(sup, "a").lastExitReason()).isEqualTo(ExitReason.SHUTDOWN);
    }

    @Test
    void aKilledSupervisorLeavesNoChildBehind() throws Exception {
        SupervisorSpec inner = SupervisorSpec.oneForOne(worker.spec("inner-trapping"),
                ChildSpec.genServer("inner-plain", worker, WorkerArgs.of("inner-plain")));
        Pid sup = Supervisor.start(node, SupervisorSpec.oneForOne(
                worker.spec("trapping"),
                ChildSpec.genServer("plain", worker, WorkerArgs.of("plain")),
                ChildSpec.worker("process", parent -> parent.spawnLink(self -> self.receive())),
                ChildSpec.supervisor("inner", inner)));
        Pid innerSup = pidOf(sup, "inner");
        List<Pid> everyone = new ArrayList<>(node.processes());
        assertThat(everyone).hasSize(7);
        CompletableFuture<ExitReason> supExit = exitOf(node, sup);

        node.exit(sup, ExitReason.KILL);

        assertThat(await(supExit)).isEqualTo(ExitReason.KILLED);
        eventually().until(() -> everyone.stream().noneMatch(node::isAlive));
        eventually().until(() -> node.processCount() == 0);
        assertThat(Supervisor.supervisors(node)).isEmpty();
        assertThat(Supervisor.snapshot(innerSup)).isEmpty();
    }

    @Test
    void whenItsParentExitsASupervisorStopsItsChildrenAndExitsWithTheSameReason() throws Exception {
        CompletableFuture<Pid> supPid = new CompletableFuture<>();
        Pid parent = node.spawn(self -> {
            supPid.complete(Supervisor.startLink(SupervisorSpec.oneForOne(worker.spec("a"), worker.spec("b"))));
            self.receive(Matcher.exactly("go"));
            self.exit(ExitReason.of("parent gave up"));
        });
        Pid sup = supPid.get();
        List<Pid> children = List.of(pidOf(sup, "a"), pidOf(sup, "b"));
        assertThat(Supervisor.snapshot(sup).orElseThrow().parent()).isEqualTo(parent);
        CompletableFuture<ExitReason> supExit = exitOf(node, sup);

        node.send(parent, "go");

        assertThat(await(supExit)).isEqualTo(ExitReason.of("parent gave up"));
        assertThat(log.matching("terminate:")).containsExactly("terminate:b", "terminate:a");
        assertThat(children).noneMatch(node::isAlive);
    }

    @Test
    void aSupervisorTrapsExitsAndIgnoresExitSignalsFromStrangers() {
        Pid sup = Supervisor.start(node, SupervisorSpec.oneForOne(worker.spec("a")));
        Pid a = pidOf(sup, "a");
        assertThat(node.info(sup).orElseThrow().trapsExit()).isTrue();

        node.exit(sup, ExitReason.of("stranger"));
        node.exit(sup, ExitReason.SHUTDOWN);

        // the supervisor handles messages in order: once it answers, both signals were seen and ignored
        assertThat(Supervisor.whichChildren(sup)).extracting(ChildInfo::pid).containsExactly(a);
        assertThat(node.isAlive(sup)).isTrue();
    }

    @Test
    void aSupervisorCanBeRegisteredAndItsNameIsReleasedWhenItStops() {
        Pid sup = Supervisor.start(node, SupervisorSpec.oneForOne(worker.spec("a")), "root");
        assertThat(node.registry().whereis("root")).contains(sup);
        assertThat(Supervisor.snapshot(sup).orElseThrow().name()).isEqualTo("root");

        Supervisor.stop(sup);

        assertThat(node.registry().whereis("root")).isEmpty();
    }
}
