package io.fauxtp.supervisor;

import static io.fauxtp.supervisor.SupTestKit.awaitReplaced;
import static io.fauxtp.supervisor.SupTestKit.pidOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.process.RegistryEvent;
import io.fauxtp.supervisor.SupTestKit.Crash;
import io.fauxtp.supervisor.SupTestKit.Events;
import io.fauxtp.supervisor.SupTestKit.Log;
import io.fauxtp.supervisor.SupTestKit.Worker;
import io.fauxtp.supervisor.SupervisorEvent.ChildRestarted;
import io.fauxtp.testkit.TestNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Named children: a restarted child registers its name again, so the name always resolves to the live pid. */
class SupervisorRegistryTest {

    @RegisterExtension
    final TestNode fauxtp = new TestNode("sup-registry");
    private final Node node = fauxtp.node();
    private final Worker worker = new Worker(new Log());

    @Test
    void aRestartedChildRegistersItsNameAgain() throws Exception {
        List<RegistryEvent> registryEvents = new CopyOnWriteArrayList<>();
        Pid sup = Supervisor.start(node, SupervisorSpec.oneForOne(worker.spec("kv").withName("kvstore")));
        Pid first = pidOf(sup, "kv");
        assertThat(node.registry().whereis("kvstore")).contains(first);

        try (AutoCloseable sub = node.registry().subscribe(registryEvents::add); Events events = new Events(node)) {
            GenServer.cast(first, new Crash());
            Pid second = events.next(ChildRestarted.class, e -> e.childId().equals("kv")).pid();

            assertThat(node.registry().whereis("kvstore")).contains(second);
            assertThat(GenServer.<String>call(node, "kvstore", "ping")).isEqualTo("pong:kv");
            assertThat(registryEvents).extracting(e -> e.getClass().getSimpleName())
                    .containsExactly("Unregistered", "Registered");
        }
    }

    @Test
    void namesResolveToLivePidsAfterManyCrashesOfEveryKind() {
        Pid sup = Supervisor.start(node, SupervisorSpec.oneForAll(
                worker.spec("a").withName("alpha"),
                worker.spec("b").withName("beta"),
                ChildSpec.supervisor("sub", SupervisorSpec.restForOne(
                        worker.spec("c").withName("gamma"), worker.spec("d").withName("delta"))))
                .withIntensity(100, java.time.Duration.ofMinutes(1)));

        for (int round = 0; round < 10; round++) {
            String victim = List.of("alpha", "beta", "gamma", "delta").get(round % 4);
            Pid old = node.registry().whereis(victim).orElseThrow();
            Pid oldSub = pidOf(sup, "sub");
            if (round % 2 == 0) {
                node.exit(old, ExitReason.KILL);
            } else {
                GenServer.cast(old, new Crash());
            }
            if (victim.equals("gamma") || victim.equals("delta")) {
                String id = victim.equals("gamma") ? "c" : "d";
                awaitReplaced(oldSub, id, old);
            } else {
                awaitReplaced(sup, "sub", oldSub);   // one_for_all: the subtree is restarted last
            }
            for (String name : List.of("alpha", "beta", "gamma", "delta")) {
                Pid pid = node.registry().whereis(name).orElseThrow(() -> new AssertionError(name + " is not registered"));
                assertThat(node.isAlive(pid)).as(name).isTrue();
                assertThat(GenServer.<String>call(node, name, "ping")).startsWith("pong:");
            }
        }
    }

    @Test
    void aNameTakenByAnotherProcessFailsTheChildStartClearly() {
        Pid squatter = node.spawn(self -> self.receive());
        node.registry().register("taken", squatter);
        Pid sup = Supervisor.start(node, SupervisorSpec.oneForOne());

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> Supervisor.startChild(sup, worker.spec("x").withName("taken")))
                .isInstanceOf(ChildStartException.class)
                .hasMessageContaining("'x'")
                .hasMessageContaining("taken");
        assertThat(node.registry().whereis("taken")).contains(squatter);
    }
}
