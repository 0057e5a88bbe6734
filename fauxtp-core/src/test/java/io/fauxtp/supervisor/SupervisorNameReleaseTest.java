package io.fauxtp.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.genserver.StartOptions;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.testkit.TestNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A killed middle supervisor's children die with it, and their names are free by the time its parent hears of
 * its exit: the restarted children register at once, as in Erlang, never waiting for a predecessor's name.
 * Checked with the machine loaded by busy threads, where the gap was seen.
 */
class SupervisorNameReleaseTest {

    private static final int CHILDREN = 100;
    private static final int ROUNDS = 20;

    @RegisterExtension
    final TestNode fauxtp = new TestNode("sup-name-release");
    private final Node node = fauxtp.node();

    @Test
    void whenAParentHearsAKilledSupervisorExitedTheNamesOfItsChildrenAreFree() throws Exception {
        List<ChildSpec> workers = new ArrayList<>();
        for (int i = 0; i < CHILDREN; i++) {
            workers.add(ChildSpec.genServer("w" + i, new SupTestKit.Worker(new SupTestKit.Log()),
                    SupTestKit.WorkerArgs.of("w" + i), StartOptions.defaults().withName("w" + i)));
        }
        Pid root = Supervisor.start(node, SupervisorSpec.oneForOne(
                ChildSpec.supervisor("mid", SupervisorSpec.oneForOne(workers.toArray(ChildSpec[]::new))))
                .withIntensity(ROUNDS * 2, java.time.Duration.ofMinutes(10)));
        List<String> stillHeld = new CopyOnWriteArrayList<>();
        AtomicBoolean load = new AtomicBoolean(true);
        List<Thread> busy = new ArrayList<>();
        for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors(); i++) {   // platform threads: the OS preempts them
            busy.add(Thread.ofPlatform().daemon().start(() -> {
                while (load.get()) {
                    Thread.onSpinWait();
                }
            }));
        }
        // The listener runs on the root supervisor's thread as it handles mid's exit, before it restarts mid.
        try (AutoCloseable events = Supervisor.subscribe(root, event -> {
            if (event instanceof SupervisorEvent.ChildExited exited && exited.childId().equals("mid")) {
                for (int i = 0; i < CHILDREN; i++) {
                    node.registry().whereis("w" + i).filter(node::isAlive)
                            .ifPresent(holder -> stillHeld.add(exited.pid() + " " + holder));
                }
            }
        })) {
            for (int round = 0; round < ROUNDS; round++) {
                Pid mid = SupTestKit.pidOf(root, "mid");
                node.exit(mid, ExitReason.KILL);
                SupTestKit.awaitReplaced(root, "mid", mid);
            }
        } finally {
            load.set(false);
            for (Thread t : busy) {
                t.join();
            }
        }
        assertThat(stillHeld).isEmpty();
    }
}
