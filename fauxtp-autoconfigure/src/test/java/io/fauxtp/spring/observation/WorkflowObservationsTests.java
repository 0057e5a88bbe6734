package io.fauxtp.spring.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.workflow.NonDeterminismException;
import io.fauxtp.workflow.RetryPolicy;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.WorkflowContext;
import io.fauxtp.workflow.WorkflowDefinition;
import io.fauxtp.workflow.WorkflowEngine;
import io.fauxtp.workflow.WorkflowSpec;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * Each step of a run is an observation, a child of the observation current where the run advances; each live
 * effect call is one, a child of the step's and current in the handler, with the caller's MDC; replayed steps
 * call no handler and make no effect observation.
 */
class WorkflowObservationsTests {

    private final TestObservationRegistry registry = TestObservationRegistry.create();

    /** An effect: what the handler saw as current observation, and the MDC's user. */
    interface Warehouse {

        String reserve(String order);

    }

    /** Reserves, then waits for the "shipped" signal. */
    static final class Order implements WorkflowDefinition<String, String> {

        @Override
        public String run(WorkflowContext ctx, String order) {
            String seen = ctx.effect(Warehouse.class).reserve(order);
            return seen + " / " + ctx.awaitSignal("shipped", String.class);
        }

    }

    /** Answers with what it sees; fails its first {@code failures} calls. */
    final class SeeingWarehouse implements Warehouse {

        private final AtomicInteger failures;

        SeeingWarehouse(int failures) {
            this.failures = new AtomicInteger(failures);
        }

        @Override
        public String reserve(String order) {
            if (this.failures.getAndDecrement() > 0) {
                throw new IllegalStateException("warehouse down");
            }
            Observation current = WorkflowObservationsTests.this.registry.getCurrentObservation();
            EffectCallContext effect = (EffectCallContext) current.getContextView();
            WorkflowStepContext step = (WorkflowStepContext) effect.getParentObservation().getContextView();
            return effect.effect() + "." + effect.method() + " in " + step.operation() + " " + step.workflow() + " "
                    + step.runId() + " for " + MDC.get("user");
        }

    }

    private WorkflowEngine engine(ObservationRegistry registry, Warehouse warehouse) {
        return WorkflowEngine.builder()
                .register(WorkflowSpec.of("order", 2, new Order()))
                .handler(EffectHandler.of("acme-warehouse", Warehouse.class, warehouse))
                .retry(RetryPolicy.fixed(2, Duration.ZERO))
                .observer(new WorkflowObservations(registry, null, null))
                .build();
    }

    @Test
    void aStepAndItsEffectCallsAreObservedUnderTheCallersObservation() {
        WorkflowEngine engine = engine(this.registry, new SeeingWarehouse(1));
        Observation caller = Observation.start("caller", this.registry);
        MDC.put("user", "ann");
        Suspension waiting;
        try (Observation.Scope scope = caller.openScope()) {
            waiting = engine.resume(engine.freeze("order", "run-1", "o-1"));
        }
        finally {
            MDC.remove("user");
            caller.stop();
        }

        assertThat(waiting.status()).isEqualTo(Suspension.Status.WAITING);
        assertThat(waiting.journal().getFirst().outcome().toString())
                .contains("Warehouse.reserve in RESUME order run-1 for ann");
        TestObservationRegistryAssert.assertThat(this.registry)
                .doesNotHaveAnyRemainingCurrentObservation()
                .hasNumberOfObservationsWithNameEqualTo(DefaultWorkflowStepObservationConvention.NAME, 1)
                .hasAnObservation(o -> o.hasNameEqualTo(DefaultWorkflowStepObservationConvention.NAME)
                        .hasContextualNameEqualTo("resume order")
                        .hasParentObservationContextMatching(parent -> ((Observation.ContextView) parent).getName().equals("caller"))
                        .hasLowCardinalityKeyValue("fauxtp.workflow", "order")
                        .hasLowCardinalityKeyValue("fauxtp.workflow.version", "2")
                        .hasLowCardinalityKeyValue("fauxtp.workflow.operation", "resume")
                        .hasLowCardinalityKeyValue("fauxtp.workflow.outcome", "waiting")
                        .hasHighCardinalityKeyValue("fauxtp.workflow.run", "run-1"))
                // two attempts: the first threw and was retried at once
                .hasNumberOfObservationsWithNameEqualTo(DefaultEffectCallObservationConvention.NAME, 2)
                .hasAnObservation(o -> o.hasNameEqualTo(DefaultEffectCallObservationConvention.NAME)
                        .hasError()
                        .hasHighCardinalityKeyValue("fauxtp.effect.attempt", "1"))
                .hasAnObservation(o -> o.hasNameEqualTo(DefaultEffectCallObservationConvention.NAME)
                        .doesNotHaveError()
                        .hasParentObservationContextMatching(
                                parent -> ((Observation.ContextView) parent).getName().equals(DefaultWorkflowStepObservationConvention.NAME))
                        .hasLowCardinalityKeyValue("fauxtp.workflow", "order")
                        .hasLowCardinalityKeyValue("fauxtp.effect", "Warehouse")
                        .hasLowCardinalityKeyValue("fauxtp.effect.method", "reserve")
                        .hasLowCardinalityKeyValue("fauxtp.effect.handler", "acme-warehouse")
                        .hasHighCardinalityKeyValue("fauxtp.effect.step", "0")
                        .hasHighCardinalityKeyValue("fauxtp.effect.attempt", "2"));
    }

    @Test
    void aSignalIsAStepThatReplaysWithoutCallingTheHandlerAgain() {
        WorkflowEngine engine = engine(this.registry, new SeeingWarehouse(0));
        Suspension waiting = engine.resume(engine.freeze("order", "run-2", "o-2"));
        this.registry.clear();

        Suspension done = engine.signal(waiting, "shipped", "TRACK-9");

        assertThat(done.status()).isEqualTo(Suspension.Status.COMPLETED);
        TestObservationRegistryAssert.assertThat(this.registry)
                .hasNumberOfObservationsWithNameEqualTo(DefaultEffectCallObservationConvention.NAME, 0)
                .hasSingleObservationThat()
                .hasContextualNameEqualTo("signal order")
                .hasLowCardinalityKeyValue("fauxtp.workflow.operation", "signal")
                .hasLowCardinalityKeyValue("fauxtp.workflow.outcome", "completed");
    }

    @Test
    void aStepTheEngineRefusesIsAnError() {
        WorkflowEngine engine = engine(this.registry, new SeeingWarehouse(0));
        Suspension waiting = engine.resume(engine.freeze("order", "run-3", "o-3"));
        WorkflowEngine changed = WorkflowEngine.builder()
                .register(WorkflowSpec.of("order", 2, (WorkflowDefinition<String, String>) (ctx, order) -> ctx
                        .awaitSignal("paid", String.class)))
                .observer(new WorkflowObservations(this.registry, null, null))
                .build();
        this.registry.clear();

        assertThatExceptionOfType(NonDeterminismException.class).isThrownBy(() -> changed.resume(waiting));

        TestObservationRegistryAssert.assertThat(this.registry)
                .hasSingleObservationThat()
                .hasLowCardinalityKeyValue("fauxtp.workflow.outcome", "error")
                .hasError();
    }

    @Test
    void nothingIsObservedWithoutHandlers() {
        List<String> seen = new ArrayList<>();
        ObservationRegistry withoutHandlers = ObservationRegistry.create();
        WorkflowEngine engine = engine(withoutHandlers, order -> {
            seen.add(String.valueOf(withoutHandlers.getCurrentObservation()));
            return "reserved";
        });

        engine.resume(engine.freeze("order", "run-4", "o-4"));

        assertThat(seen).containsExactly("null");
    }

}
