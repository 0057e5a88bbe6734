package io.fauxtp.supervisor;

import static io.fauxtp.supervisor.SupTestKit.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The supervision tree shown in docs/supervisors.md, compiled and run. */
class SupervisorReadmeExampleTest {

    /** Counts calls; its state starts again at 0 when it is restarted. */
    static final class Counter implements GenServer<Integer> {
        @Override
        public Integer init(Object args) {
            return 0;
        }

        @Override
        public CallResult<Integer> handleCall(Object request, From from, Integer count) {
            return CallResult.reply(count + 1, count + 1);
        }
    }

    @Test
    void aSupervisionTree() {
        try (Node node = Node.create()) {
            // tag::supervision-tree[]
            SupervisorSpec workers = SupervisorSpec.oneForOne(
                    ChildSpec.genServer("counter", new Counter(), null).withName("counter"),
                    ChildSpec.worker("logger", parent -> parent.spawnLink(self -> {
                        while (true) {
                            System.out.println(self.receive());
                        }
                    })).withShutdown(Shutdown.brutalKill()));
            SupervisorSpec app = SupervisorSpec.restForOne(
                            ChildSpec.supervisor("workers", workers),
                            ChildSpec.dynamicSupervisor("sessions",
                                    DynamicSupervisorSpec.of(ChildSpec.genServer("session", new Counter(), null)
                                            .withRestart(Restart.TEMPORARY)).withMaxChildren(1000)))
                    .withIntensity(3, Duration.ofSeconds(5));

            Pid root = Supervisor.start(node, app, "app");
            int one = GenServer.call(node, "counter", "hit");              // 1

            Pid sessions = Supervisor.whichChildren(root).get(1).pid();
            Pid session = DynamicSupervisor.startChild(sessions);         // one more child of the template

            node.exit(node.registry().whereis("counter").orElseThrow(), ExitReason.KILL);  // crash it
            // ... its supervisor starts a new "counter" at once, under the same name, with a fresh state
            // end::supervision-tree[]

            assertThat(one).isEqualTo(1);
            assertThat(node.isAlive(session)).isTrue();
            Pid workersSup = SupTestKit.pidOf(root, "workers");
            eventually().until(() -> SupTestKit.child(workersSup, "counter").restartCount() == 1
                    && SupTestKit.child(workersSup, "counter").isRunning());
            assertThat(GenServer.<Integer>call(node, "counter", "hit")).isEqualTo(1);
            Supervisor.stop(root);
            assertThat(node.processCount()).isZero();
        }
    }
}
