package io.fauxtp.spring.observation;

import static org.awaitility.Awaitility.await;

import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.spring.metrics.NameTags;
import io.fauxtp.supervisor.ChildSpec;
import io.fauxtp.supervisor.Supervisor;
import io.fauxtp.supervisor.SupervisorSpec;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each restart decision of a supervisor is one observation, with the supervisor's name tag, its strategy, why the
 * child exited and how the restart ended; the child's id is a high-cardinality key value only.
 */
class SupervisorRestartObservationsTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final Node node = Node.create("restart-observations");

    private final TestObservationRegistry registry = TestObservationRegistry.create();

    private final SupervisorRestartObservations observations = new SupervisorRestartObservations(this.node,
            this.registry, null, new NameTags(Set.of("payments", "fragile"), this.node.registry(), 0));

    @AfterEach
    void close() throws Exception {
        this.observations.close();
        this.node.close();
    }

    private static ChildSpec idle(String id) {
        return ChildSpec.worker(id, parent -> parent.spawnLink(self -> self.receive())).withName(id);
    }

    @Test
    void aOneForAllRestartOfTwoChildrenIsOneObservation() {
        Supervisor.start(this.node, SupervisorSpec.oneForAll(idle("ledger"), idle("audit")), "payments");
        Pid ledger = this.node.registry().whereis("ledger").orElseThrow();

        this.node.exit(ledger, ExitReason.KILL);

        await().atMost(PATIENCE).untilAsserted(() -> TestObservationRegistryAssert.assertThat(this.registry)
                .hasNumberOfObservationsWithNameEqualTo(DefaultSupervisorRestartObservationConvention.NAME, 1)
                .hasAnObservation(o -> o.hasContextualNameEqualTo("restart payments")
                        .hasLowCardinalityKeyValue("fauxtp.supervisor", "payments")
                        .hasLowCardinalityKeyValue("fauxtp.strategy", "one_for_all")
                        .hasLowCardinalityKeyValue("fauxtp.reason", "killed")
                        .hasLowCardinalityKeyValue("fauxtp.outcome", "restarted")
                        .hasHighCardinalityKeyValue("fauxtp.child", "ledger")
                        .doesNotHaveParentObservation()
                        .doesNotHaveError()));
    }

    @Test
    void aFailedStartAndTheRetryThatExceedsTheIntensityAreTwoRestarts() {
        AtomicInteger starts = new AtomicInteger();
        ChildSpec failsOnRestart = ChildSpec.worker("flaky", parent -> {
            if (starts.incrementAndGet() > 1) {
                throw new IllegalStateException("no database");
            }
            return parent.spawnLink(self -> self.receive());
        }).withName("flaky");
        Supervisor.start(this.node, SupervisorSpec.oneForOne(failsOnRestart).withIntensity(1, Duration.ofMinutes(1)),
                "fragile");
        Pid flaky = this.node.registry().whereis("flaky").orElseThrow();

        this.node.exit(flaky, ExitReason.error(new IllegalArgumentException("bad input")));

        await().atMost(PATIENCE).untilAsserted(() -> TestObservationRegistryAssert.assertThat(this.registry)
                .hasNumberOfObservationsWithNameEqualTo(DefaultSupervisorRestartObservationConvention.NAME, 2)
                .hasAnObservation(o -> o.hasLowCardinalityKeyValue("fauxtp.reason", "abnormal")
                        .hasLowCardinalityKeyValue("fauxtp.outcome", "start_failed")
                        .hasLowCardinalityKeyValue("fauxtp.strategy", "one_for_one")
                        .hasError())
                .hasAnObservation(o -> o.hasLowCardinalityKeyValue("fauxtp.reason", "start_failed")
                        .hasLowCardinalityKeyValue("fauxtp.outcome", "gave_up")
                        .hasLowCardinalityKeyValue("fauxtp.supervisor", "fragile")));
    }

}
