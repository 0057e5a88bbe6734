package io.fauxtp.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fauxtp.process.Exit;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Matcher;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.testkit.TestNode;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a caller sees of a supervisor that fails to start, as in OTP: the name is free when the error returns,
 * and a starter that traps exits has the exit signal. The races were found under load; each test repeats its
 * scenario to meet them (each failed on its first rounds before the fix).
 */
class SupervisorStartFailureTest {

    private static final int ROUNDS = 1000;

    @RegisterExtension
    final TestNode fauxtp = new TestNode("sup-start-failure");
    private final Node node = fauxtp.node();

    private static ChildSpec refusing(String id) {
        return ChildSpec.worker(id, parent -> {
            throw new IllegalStateException(id + " refuses to start");
        });
    }

    private static ChildSpec idle(String id) {
        return ChildSpec.worker(id, parent -> parent.spawnLink(self -> self.receive()))
                .withShutdown(Shutdown.brutalKill());
    }

    @Test
    void aFailedNamedStartHasReleasedTheNameWhenItThrows() {
        for (int i = 0; i < ROUNDS; i++) {
            assertThatThrownBy(() -> Supervisor.start(node, SupervisorSpec.oneForOne(idle("a"), refusing("b")), "root"))
                    .isInstanceOf(ChildStartException.class);
            assertThat(node.registry().whereis("root")).as("round %d", i).isEmpty();
        }
    }

    @Test
    void aStarterThatTrapsExitsHasTheExitSignalWhenStartLinkThrows() throws Exception {
        for (int i = 0; i < ROUNDS; i++) {
            CompletableFuture<Optional<Exit>> seen = new CompletableFuture<>();
            node.spawn(self -> {
                self.trapExit(true);
                try {
                    Supervisor.startLink(SupervisorSpec.oneForOne(idle("a"), refusing("b")));
                    seen.completeExceptionally(new AssertionError("the start did not fail"));
                } catch (ChildStartException expected) {
                    seen.complete(self.receive(Matcher.type(Exit.class), Duration.ZERO));
                }
            });
            Optional<Exit> exit = seen.get(10, TimeUnit.SECONDS);
            assertThat(exit).as("round %d", i).isPresent();
            assertThat(exit.get().reason()).isInstanceOf(ExitReason.Shutdown.class);
        }
    }
}
