package io.fauxtp.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.effect.EffectRequest;
import io.fauxtp.effect.Effects;
import io.fauxtp.effect.Handlers;
import io.fauxtp.effect.UnhandledEffectException;
import io.fauxtp.testkit.OrderFixture.Order;
import io.fauxtp.testkit.OrderFixture.OrderWorkflow;
import io.fauxtp.testkit.OrderFixture.Payments;
import io.fauxtp.testkit.OrderFixture.Receipt;
import io.fauxtp.testkit.OrderFixture.ReorderedOrderWorkflow;
import io.fauxtp.testkit.OrderFixture.Warehouse;
import io.fauxtp.testkit.TestClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkflowEngineTest {

    static final class CountingWarehouse implements Warehouse {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String reserve(String orderId) {
            calls.incrementAndGet();
            return "R-" + orderId;
        }
    }

    static final class CountingPayments implements Payments {
        final AtomicInteger calls = new AtomicInteger();
        int failuresLeft;

        @Override
        public String charge(String customer, long cents) {
            int n = calls.incrementAndGet();
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new IllegalStateException("gateway timeout " + n);
            }
            return "P-" + customer + "-" + cents;
        }
    }

    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final CountingWarehouse warehouse = new CountingWarehouse();
    private final CountingPayments payments = new CountingPayments();
    private final Order order = new Order("o-1", "ann", 1250);

    private WorkflowEngine.Builder engine(WorkflowDefinition<?, ?> workflow) {
        return engine().register(workflow);
    }

    private WorkflowEngine.Builder engine() {
        return WorkflowEngine.builder()
                .handler(EffectHandler.of("warehouse", Warehouse.class, warehouse))
                .handler(EffectHandler.of("payments", Payments.class, payments))
                .clock(clock);
    }

    @Test
    void freezeGivesTheSuspensionBeforeTheFirstLine() {
        Suspension frozen = engine(new OrderWorkflow()).build().freeze("order", "run-1", order);
        assertThat(frozen.status()).isEqualTo(Suspension.Status.READY);
        assertThat(frozen.id()).isEqualTo("run-1");
        assertThat(frozen.workflow()).isEqualTo("order");
        assertThat(frozen.version()).isEqualTo(1);
        assertThat(frozen.input()).isEqualTo(order);
        assertThat(frozen.journal()).isEmpty();
        assertThat(frozen.awaiting()).isEqualTo(Await.NOTHING);
        assertThat(warehouse.calls.get() + payments.calls.get()).isZero();
    }

    @Test
    void runsUntilItAwaitsTheSignalThenFinishesOnItWithoutCallingHandlersAgain() {
        WorkflowEngine engine = engine(new OrderWorkflow()).build();
        Suspension waiting = engine.resume(engine.freeze("order", order));

        assertThat(waiting.status()).isEqualTo(Suspension.Status.WAITING);
        assertThat(waiting.awaiting()).isEqualTo(new Await.Signal("shipped"));
        assertThat(waiting.journal()).containsExactly(
                new JournalEntry(new Request.EffectCall("Warehouse", "reserve", List.of("o-1")),
                        new Outcome.Returned("R-o-1")),
                new JournalEntry(new Request.EffectCall("Payments", "charge", List.of("ann", 1250L)),
                        new Outcome.Returned("P-ann-1250")));
        assertThat(engine.resume(waiting)).as("resuming without the signal changes nothing").isEqualTo(waiting);

        Suspension done = engine.signal(waiting, "shipped", "TRACK-9");
        assertThat(done.status()).isEqualTo(Suspension.Status.COMPLETED);
        assertThat(done.result()).isEqualTo(new Receipt("R-o-1", "P-ann-1250", "TRACK-9"));
        assertThat(done.journal()).hasSize(3);
        assertThat(warehouse.calls).hasValue(1);
        assertThat(payments.calls).hasValue(1);
        assertThat(engine.resume(done)).isSameAs(done);
        assertThatThrownBy(() -> engine.signal(done, "shipped", "again"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has completed");
    }

    @Test
    void aChangedBodyReplayedAgainstAnOldJournalFailsNamingTheStepAndBothRequests() {
        Suspension waiting = engine(new OrderWorkflow()).build().start("order", order);
        WorkflowEngine changed = engine(new ReorderedOrderWorkflow()).build();

        assertThatThrownBy(() -> changed.signal(waiting, "shipped", "TRACK-9"))
                .isInstanceOfSatisfying(NonDeterminismException.class, e -> {
                    assertThat(e.step()).isZero();
                    assertThat(e.recorded()).isEqualTo(new Request.EffectCall("Warehouse", "reserve", List.of("o-1")));
                    assertThat(e.requested()).isEqualTo(new Request.EffectCall("Payments", "charge", List.of("ann", 1250L)));
                    assertThat(e.getMessage()).contains("at step 0", "Warehouse.reserve(o-1)", "Payments.charge(ann, 1250)");
                });
        assertThat(payments.calls).as("the changed body did not charge again").hasValue(1);
    }

    @Test
    void aBodyThatNoLongerReachesTheAwaitedSignalIsNonDeterministic() {
        Suspension waiting = engine(new OrderWorkflow()).build().start("order", order);
        WorkflowDefinition<Order, Receipt> shorter = (ctx, o) -> new Receipt(
                ctx.effect(Warehouse.class).reserve(o.id()),
                ctx.effect(Payments.class).charge(o.customer(), o.cents()), "none");
        WorkflowEngine changed = engine().register(WorkflowSpec.of("order", 1, shorter)).build();
        assertThatThrownBy(() -> changed.resume(waiting))
                .isInstanceOfSatisfying(NonDeterminismException.class, e -> {
                    assertThat(e.step()).isEqualTo(2);
                    assertThat(e.recorded()).isEqualTo(new Request.SignalWait("shipped"));
                    assertThat(e.requested()).isNull();
                });
    }

    @Test
    void signalsSentBeforeTheWorkflowWaitsAreKeptInOrder() {
        WorkflowDefinition<String, List<Object>> twoSignals = (ctx, in) -> {
            ctx.sleep(Duration.ofMinutes(5));
            return List.of(ctx.awaitSignal("item", String.class), ctx.awaitSignal("item", String.class),
                    ctx.awaitSignal("count", Integer.class));
        };
        WorkflowEngine engine = engine()
                .register(WorkflowSpec.of("collect", 1, twoSignals)).build();
        Suspension s = engine.start("collect", "x");
        assertThat(s.awaiting()).isEqualTo(new Await.Timer(Duration.ofMinutes(5), Instant.parse("2026-01-01T00:05:00Z")));
        s = engine.signal(s, "item", "a");
        s = engine.signal(s, "count", 2L);
        s = engine.signal(s, "item", "b");
        assertThat(s.inbox()).extracting(SignalMessage::name).containsExactly("item", "count", "item");
        assertThat(s.awaiting()).as("the timer is not due yet").isInstanceOf(Await.Timer.class);
        clock.advance(Duration.ofMinutes(5));
        Suspension done = engine.resume(s);
        assertThat(done.status()).isEqualTo(Suspension.Status.COMPLETED);
        assertThat(done.result()).isEqualTo(List.of("a", "b", 2));
        assertThat(done.inbox()).isEmpty();
    }

    @Test
    void aDurableTimerKeepsItsDueInstantAcrossResumes() {
        WorkflowDefinition<String, Instant> sleeper = (ctx, in) -> {
            Instant before = ctx.now();
            ctx.sleep(Duration.ofHours(1));
            return before;
        };
        WorkflowEngine engine = engine()
                .register(WorkflowSpec.of("sleeper", 1, sleeper)).build();
        Suspension s = engine.start("sleeper", "x");
        Instant due = Instant.parse("2026-01-01T01:00:00Z");
        assertThat(s.awaiting()).isEqualTo(new Await.Timer(Duration.ofHours(1), due));
        assertThat(engine.wakeUpAt(s)).contains(due);
        clock.advance(Duration.ofMinutes(59));
        assertThat(engine.resume(s).awaiting()).isEqualTo(new Await.Timer(Duration.ofHours(1), due));
        clock.advance(Duration.ofMinutes(1));
        Suspension done = engine.resume(s);
        assertThat(done.status()).isEqualTo(Suspension.Status.COMPLETED);
        assertThat(done.result()).as("now() is replayed from the journal").isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(done.journal().get(1)).isEqualTo(new JournalEntry(new Request.Sleep(Duration.ofHours(1)),
                new Outcome.Returned(due)));
    }

    @Test
    void aFailingHandlerIsRetriedDurablyAndTheAttemptsAreJournaled() {
        payments.failuresLeft = 2;
        WorkflowEngine engine = engine(new OrderWorkflow())
                .retry(Payments.class, RetryPolicy.fixed(3, Duration.ofSeconds(30))).build();
        Suspension s = engine.start("order", order);
        assertThat(s.awaiting()).isInstanceOfSatisfying(Await.Effect.class, a -> {
            assertThat(a.failedAttempts()).extracting(Failure::message).containsExactly("gateway timeout 1");
            assertThat(a.retryAt()).isEqualTo(Instant.parse("2026-01-01T00:00:30Z"));
        });
        assertThat(engine.resume(s)).as("the retry is not due yet").isEqualTo(s);
        clock.advance(Duration.ofSeconds(30));
        s = engine.resume(s);
        assertThat(((Await.Effect) s.awaiting()).failedAttempts()).hasSize(2);
        clock.advance(Duration.ofSeconds(30));
        s = engine.resume(s);
        assertThat(s.awaiting()).isEqualTo(new Await.Signal("shipped"));
        JournalEntry charge = s.journal().get(1);
        assertThat(charge.outcome()).isEqualTo(new Outcome.Returned("P-ann-1250"));
        assertThat(charge.attempts()).isEqualTo(3);
        assertThat(charge.failedAttempts()).extracting(Failure::type)
                .containsExactly(IllegalStateException.class.getName(), IllegalStateException.class.getName());
        assertThat(payments.calls).hasValue(3);
        assertThat(warehouse.calls).as("replay did not reserve again").hasValue(1);
    }

    @Test
    void aFailureThatOutlastsItsRetriesReachesTheWorkflowLiveAndOnReplayAlike() {
        payments.failuresLeft = 5;
        List<Failure> seen = new ArrayList<>();
        WorkflowDefinition<Order, String> compensating = (ctx, o) -> {
            String reservation = ctx.effect(Warehouse.class).reserve(o.id());
            try {
                ctx.effect(Payments.class).charge(o.customer(), o.cents());
            } catch (EffectFailedException e) {
                seen.add(e.failure());
                return "released " + reservation + " after " + ctx.awaitSignal("ack", String.class);
            }
            return "paid";
        };
        WorkflowEngine engine = engine()
                .register(WorkflowSpec.of("compensate", 1, compensating)).retry(RetryPolicy.fixed(2, Duration.ZERO))
                .build();
        Suspension s = engine.start("compensate", order);
        assertThat(s.journal().get(1).outcome()).isEqualTo(new Outcome.Threw(
                Failure.of(IllegalStateException.class.getName(), "gateway timeout 2")));
        Suspension done = engine.signal(s, "ack", "ok");
        assertThat(done.result()).isEqualTo("released R-o-1 after ok");
        assertThat(seen).hasSize(2).allSatisfy(f -> assertThat(f.is(IllegalStateException.class)).isTrue());
        assertThat(payments.calls).as("two attempts, none on replay").hasValue(2);
    }

    @Test
    void aWorkflowThatThrowsFailsWithItsFailureRecorded() {
        WorkflowDefinition<String, String> failing = (ctx, in) -> {
            ctx.effect(Warehouse.class).reserve(in);
            throw new IOException("disk full");
        };
        WorkflowEngine engine = engine()
                .register(WorkflowSpec.of("failing", 1, failing)).build();
        Suspension s = engine.start("failing", "o-2");
        assertThat(s.status()).isEqualTo(Suspension.Status.FAILED);
        assertThat(s.failure()).isEqualTo(Failure.of(IOException.class.getName(), "disk full"));
        assertThat(s.journal()).hasSize(1);
    }

    @Test
    void catchingExceptionInWorkflowCodeDoesNotSwallowTheSuspension() {
        WorkflowDefinition<String, String> careless = (ctx, in) -> {
            try {
                return ctx.awaitSignal("go", String.class);
            } catch (Exception e) {
                return "swallowed";
            }
        };
        WorkflowEngine engine = engine()
                .register(WorkflowSpec.of("careless", 1, careless)).build();
        Suspension s = engine.start("careless", "x");
        assertThat(s.status()).isEqualTo(Suspension.Status.WAITING);
        assertThat(engine.signal(s, "go", "went").result()).isEqualTo("went");
    }

    @Test
    void aHandlerBoundAroundTheCallReplacesTheEnginesOneAndRequestFieldsAreJournaled() throws Exception {
        final class FieldWorkflow implements WorkflowDefinition<String, String> {
            private final Warehouse warehouseRequest = Effects.request(Warehouse.class, "FieldWorkflow.warehouse");

            @Override
            public String run(WorkflowContext ctx, String in) {
                String r = warehouseRequest.reserve(in);
                return r + "/" + ctx.awaitSignal("done", String.class);
            }
        }
        WorkflowEngine engine = engine()
                .register(WorkflowSpec.of("fields", 1, new FieldWorkflow())).build();
        AtomicInteger fakeCalls = new AtomicInteger();
        Handlers fake = Handlers.of(EffectHandler.of("fake-warehouse", Warehouse.class, id -> {
            fakeCalls.incrementAndGet();
            return "FAKE-" + id;
        }));
        Suspension s = fake.call(() -> engine.start("fields", "o-3"));
        assertThat(s.journal()).containsExactly(new JournalEntry(
                new Request.EffectCall("Warehouse", "reserve", List.of("o-3")), new Outcome.Returned("FAKE-o-3")));
        assertThat(engine.signal(s, "done", "ok").result()).isEqualTo("FAKE-o-3/ok");
        assertThat(fakeCalls).hasValue(1);
        assertThat(warehouse.calls).hasValue(0);
    }

    @Test
    void anEffectWithoutHandlerFailsTheResumeAndLeavesTheSuspensionAsItWas() {
        interface Mailer {
            void send(String to);
        }
        WorkflowDefinition<String, String> mailing = (ctx, in) -> {
            ctx.effect(Mailer.class).send(in);
            return "sent";
        };
        WorkflowEngine engine = engine()
                .register(WorkflowSpec.of("mailing", 1, mailing)).build();
        Suspension frozen = engine.freeze("mailing", "ann");
        assertThatThrownBy(() -> engine.resume(frozen))
                .isInstanceOf(UnhandledEffectException.class).hasMessageContaining("Mailer.send()")
                .hasMessageContaining("workflow 'mailing' v1");
    }

    @Test
    void startupToolsListDeclaredEffectsWithoutHandlers() {
        WorkflowEngine onlyWarehouse = WorkflowEngine.builder().register(new OrderWorkflow())
                .handler(EffectHandler.of("warehouse", Warehouse.class, warehouse)).build();
        assertThat(onlyWarehouse.unhandledEffects(Handlers.empty()))
                .containsExactly(new EffectRequest(Payments.class, OrderWorkflow.class.getName()));
        assertThat(onlyWarehouse.unhandledEffects(Handlers.of(EffectHandler.of("p", Payments.class, payments))))
                .isEmpty();
    }

    @Test
    void versionsAreKeptApartAndAMissingVersionIsNamed() {
        Suspension v1 = engine(new OrderWorkflow()).build().start("order", order);
        WorkflowEngine onlyV2 = WorkflowEngine.builder()
                .register(WorkflowSpec.of("order", 2, (ctx, in) -> "v2")).build();
        assertThat(onlyV2.freeze("order", order).version()).isEqualTo(2);
        assertThatThrownBy(() -> onlyV2.resume(v1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workflow 'order' version 1 is not registered")
                .hasMessageContaining("[2]");
        assertThatThrownBy(() -> onlyV2.freeze("invoice", order)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no workflow named 'invoice'");
        assertThatThrownBy(() -> WorkflowEngine.builder().register(new OrderWorkflow()).register(new OrderWorkflow()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'order' v1 is registered twice");
    }

    @Test
    void aWorkflowClassWithoutTheAnnotationIsRejectedWithTheFix() {
        final class Bare implements WorkflowDefinition<String, String> {
            @Override
            public String run(WorkflowContext ctx, String input) {
                return input;
            }
        }
        assertThatThrownBy(() -> WorkflowSpec.of(new Bare())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no @Workflow(name = ..., version = ...) annotation");
    }

    @Test
    void aJournalClaimingThatASignalFailedIsRejected() {
        WorkflowEngine engine = engine(new OrderWorkflow()).build();
        Suspension waiting = engine.start("order", order);
        List<JournalEntry> journal = new ArrayList<>(waiting.journal());
        journal.add(new JournalEntry(new Request.SignalWait("shipped"), new Outcome.Threw(Failure.of("x", "y"))));
        Suspension altered = new Suspension(waiting.id(), "order", 1, order, journal, new Await.Signal("other"),
                List.of(), Suspension.Status.WAITING, null, null);
        assertThatThrownBy(() -> engine.resume(altered)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only effect calls can fail");
    }

    @Test
    void inconsistentSuspensionsCannotBeBuilt() {
        assertThatThrownBy(() -> new Suspension("id", "order", 1, null, List.of(), Await.NOTHING, List.of(),
                Suspension.Status.WAITING, null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must say what it awaits");
        assertThatThrownBy(() -> new Suspension("id", "order", 0, null, List.of(), Await.NOTHING, List.of(),
                Suspension.Status.READY, null, null)).hasMessageContaining("version must be at least 1");
        assertThatThrownBy(() -> new Suspension("id", "order", 1, null, List.of(), new Await.Signal("x"), List.of(),
                Suspension.Status.COMPLETED, "r", null)).hasMessageContaining("COMPLETED suspension awaits nothing");
    }
}
