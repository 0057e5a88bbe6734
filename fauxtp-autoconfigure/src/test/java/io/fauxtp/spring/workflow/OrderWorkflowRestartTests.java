package io.fauxtp.spring.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.process.Node;
import io.fauxtp.spring.autoconfigure.FauxtpAutoConfiguration;
import io.fauxtp.spring.autoconfigure.FauxtpSupervisionAutoConfiguration;
import io.fauxtp.spring.autoconfigure.workflow.FauxtpWorkflowAutoConfiguration;
import io.fauxtp.spring.workflow.Shop.ReminderWorkflow;
import io.fauxtp.testkit.OrderFixture.Calls;
import io.fauxtp.testkit.OrderFixture.CountingPayments;
import io.fauxtp.testkit.OrderFixture.CountingWarehouse;
import io.fauxtp.testkit.OrderFixture.Order;
import io.fauxtp.testkit.OrderFixture.OrderWorkflow;
import io.fauxtp.testkit.OrderFixture.Receipt;
import io.fauxtp.testkit.OrderFixture.ReorderedOrderWorkflow;
import io.fauxtp.testkit.TestClock;
import io.fauxtp.workflow.Await;
import io.fauxtp.workflow.NonDeterminismException;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.SuspensionStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Runs survive the application: each test starts an application context, leaves a run waiting in the embedded
 * H2 store, closes the context, and finishes the run in a new context on the same database file.
 */
class OrderWorkflowRestartTests {

    @TempDir
    Path dir;

    private final Calls calls = new Calls();

    private ApplicationContextRunner application() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FauxtpAutoConfiguration.class,
                        FauxtpSupervisionAutoConfiguration.class, FauxtpWorkflowAutoConfiguration.class))
                .withPropertyValues("fauxtp.workflow.store.h2-path=" + this.dir.resolve("workflows"))
                .withUserConfiguration(Shop.ShopTypes.class)
                .withBean("warehouse", CountingWarehouse.class, () -> new CountingWarehouse(this.calls))
                .withBean("payments", CountingPayments.class, () -> new CountingPayments(this.calls));
    }

    @Test
    void anOrderWaitingForItsSignalFinishesInANewApplicationAndEachHandlerRanOnce() {
        ApplicationContextRunner application = application().withBean(OrderWorkflow.class);
        application.run(context -> {
            WorkflowRuns runs = context.getBean(WorkflowRuns.class);
            Suspension waiting = runs.start("order", "order-1", new Order("o-1", "ann", 1250));
            assertThat(waiting.awaiting()).isEqualTo(new Await.Signal("shipped"));
            assertThat(context.getBean(SuspensionStore.class).find("order-1")).contains(waiting);
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.process("order-1").isPresent());
            // the runs' supervisor has a stable name, so health and the supervision endpoint show it by name
            assertThat(context.getBean(Node.class).registry().whereis(WorkflowRuns.SUPERVISOR_NAME))
                    .isEqualTo(runs.supervisor());
        });
        assertThat(this.calls.reservations).hasValue(1);
        assertThat(this.calls.charges).hasValue(1);

        application.run(context -> {
            WorkflowRuns runs = context.getBean(WorkflowRuns.class);
            assertThat(runs.find("order-1")).get().extracting(Suspension::status).isEqualTo(Suspension.Status.WAITING);
            Suspension done = runs.signal("order-1", "shipped", "TRACK-9", SignalSteps.CALLER);
            assertThat(done.status()).isEqualTo(Suspension.Status.COMPLETED);
            assertThat(done.result()).isEqualTo(new Receipt("R-o-1", "P-ann-1250", "TRACK-9"));
            assertThat(runs.find("order-1")).contains(done);
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.process("order-1").isEmpty());
        });
        assertThat(this.calls.reservations).as("warehouse handler calls in total").hasValue(1);
        assertThat(this.calls.charges).as("payments handler calls in total").hasValue(1);
    }

    @Test
    void aChangedWorkflowBodyAgainstTheOldJournalFailsWithTheNonDeterminismError() {
        application().withBean(OrderWorkflow.class).run(context -> context.getBean(WorkflowRuns.class)
                .start("order", "order-2", new Order("o-2", "bob", 99)));

        application().withBean(ReorderedOrderWorkflow.class).run(context -> {
            WorkflowRuns runs = context.getBean(WorkflowRuns.class);
            Suspension stored = runs.find("order-2").orElseThrow();
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> runs.signal("order-2", "shipped", "T",
                    SignalSteps.CALLER)))
                    .isInstanceOfSatisfying(NonDeterminismException.class, failure -> {
                        assertThat(failure.step()).isZero();
                        assertThat(failure.getMessage()).contains("Warehouse", "reserve", "Payments", "charge");
                    });
            assertThat(runs.find("order-2")).as("the stored run is left as it was").contains(stored);
        });
        assertThat(this.calls.charges).as("the changed body never reached a handler").hasValue(1);
    }

    @Test
    void aTimerThatFellDueWhileTheApplicationWasDownFiresOnStartup() {
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        ApplicationContextRunner application = application().withBean(ReminderWorkflow.class)
                .withBean(Clock.class, () -> clock);
        application.run(context -> {
            Suspension sleeping = context.getBean(WorkflowRuns.class).start("reminder", "remind-1", "o-3");
            assertThat(sleeping.awaiting()).isInstanceOf(Await.Timer.class);
        });
        assertThat(this.calls.reservations).hasValue(0);

        clock.advance(Duration.ofHours(2));
        application.run(context -> {
            WorkflowRuns runs = context.getBean(WorkflowRuns.class);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> runs.find("remind-1").orElseThrow().status() == Suspension.Status.COMPLETED);
            assertThat(runs.find("remind-1").orElseThrow().result()).isEqualTo("R-o-3");
        });
        assertThat(this.calls.reservations).hasValue(1);
    }

}
