package io.fauxtp.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.testkit.OrderFixture.Order;
import io.fauxtp.testkit.OrderFixture.OrderWorkflow;
import io.fauxtp.testkit.OrderFixture.Payments;
import io.fauxtp.testkit.OrderFixture.Receipt;
import io.fauxtp.testkit.OrderFixture.Warehouse;
import io.fauxtp.text.TextCodec;
import io.fauxtp.text.TextFormatException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The order workflow of issue 7: two effects and a signal, frozen, run until it awaits the signal, written as
 * text, read back by a fresh engine (an application restart), signalled and finished.
 */
class OrderWorkflowRestartTest {

    @Workflow(name = "order")
    static final class ChangedOrderWorkflow implements WorkflowDefinition<Order, Receipt> {
        @Override
        public Receipt run(WorkflowContext ctx, Order order) {
            String reservation = ctx.effect(Warehouse.class).reserve(order.id() + "-v2");
            String payment = ctx.effect(Payments.class).charge(order.customer(), order.cents());
            return new Receipt(reservation, payment, ctx.awaitSignal("shipped", String.class));
        }
    }

    /** One application's worth of handlers, counting their calls. */
    static final class App {
        final AtomicInteger reserved = new AtomicInteger();
        final AtomicInteger charged = new AtomicInteger();
        final WorkflowEngine engine;

        App(WorkflowDefinition<?, ?> workflow) {
            engine = WorkflowEngine.builder()
                    .register(workflow)
                    .handler(EffectHandler.of("warehouse", Warehouse.class, id -> "R-" + reserved.incrementAndGet()))
                    .handler(EffectHandler.of("payments", Payments.class, (c, cents) -> "P-" + charged.incrementAndGet()))
                    .build();
        }
    }

    static final SuspensionCodec CODEC = SuspensionCodec.of(TextCodec.builder()
            .record(Order.class, "shop.Order")
            .record(Receipt.class, "shop.Receipt")
            .build());

    @Test
    void frozenRunWaitsForTheSignalSurvivesARestartAsTextAndFinishesWithEachHandlerRunOnce() {
        App first = new App(new OrderWorkflow());
        Suspension frozen = first.engine.freeze("order", "order-1", new Order("o-1", "ann", 1250));
        Suspension waiting = first.engine.resume(frozen);
        assertThat(waiting.awaiting()).isEqualTo(new Await.Signal("shipped"));

        String text = CODEC.dump(waiting);
        assertThat(text).contains("wf.Suspension(", "shop.Order(", "wf.AwaitSignal('shipped')");

        App second = new App(new OrderWorkflow());      // a new application: fresh engine, codec, handlers
        Suspension loaded = SuspensionCodec.of(TextCodec.builder()
                .record(Order.class, "shop.Order").record(Receipt.class, "shop.Receipt").build()).load(text);
        assertThat(loaded).isEqualTo(waiting);
        Suspension done = second.engine.signal(loaded, "shipped", "TRACK-9");

        assertThat(done.status()).isEqualTo(Suspension.Status.COMPLETED);
        assertThat(done.result()).isEqualTo(new Receipt("R-1", "P-1", "TRACK-9"));
        assertThat(first.reserved.get() + second.reserved.get()).isEqualTo(1);
        assertThat(first.charged.get() + second.charged.get()).isEqualTo(1);
        assertThat(CODEC.load(CODEC.dump(done))).isEqualTo(done);
    }

    @Test
    void aChangedBodyReplayedAgainstTheStoredJournalFailsWithTheNonDeterminismError() {
        Suspension waiting = new App(new OrderWorkflow()).engine.start("order", new Order("o-2", "bob", 99));
        Suspension loaded = CODEC.load(CODEC.dump(waiting));
        App changed = new App(new ChangedOrderWorkflow());
        assertThatThrownBy(() -> changed.engine.signal(loaded, "shipped", "T"))
                .isInstanceOfSatisfying(NonDeterminismException.class, e -> {
                    assertThat(e.step()).isZero();
                    assertThat(e.recorded()).isEqualTo(new Request.EffectCall("Warehouse", "reserve", List.of("o-2")));
                    assertThat(e.requested()).isEqualTo(
                            new Request.EffectCall("Warehouse", "reserve", List.of("o-2-v2")));
                });
        assertThat(changed.reserved).hasValue(0);
    }

    @Test
    void everyPartOfASuspensionRoundTrips() {
        Suspension s = new Suspension("run-7", "order", 3, new Order("o-7", "cy", 5),
                List.of(
                        new JournalEntry(new Request.EffectCall("Payments", "charge", List.of("cy", 5L)),
                                new Outcome.Returned("P-1"),
                                List.of(new Failure("java.io.IOException", "reset",
                                        Failure.of("java.net.SocketException", "closed")))),
                        new JournalEntry(new Request.EffectCall("Payments", "refund", List.of()),
                                new Outcome.Threw(Failure.of("java.lang.IllegalStateException", "no")),
                                List.of(Failure.of("java.lang.IllegalStateException", "no"))),
                        new JournalEntry(new Request.Sleep(Duration.ofMinutes(90)),
                                new Outcome.Returned(Instant.parse("2026-01-01T01:30:00Z"))),
                        new JournalEntry(new Request.CurrentTime(), new Outcome.Returned(Instant.EPOCH)),
                        new JournalEntry(new Request.SignalWait("go"), new Outcome.Returned(null))),
                new Await.Effect(new Request.EffectCall("Warehouse", "reserve", List.of("o-7")),
                        List.of(Failure.of("java.lang.RuntimeException", "busy")), Instant.parse("2026-01-02T00:00:00Z")),
                List.of(new SignalMessage("later", List.of(1L, "two"))),
                Suspension.Status.WAITING, null, null);
        assertThat(CODEC.load(CODEC.dump(s))).isEqualTo(s);
        Suspension timer = new Suspension("t", "order", 1, null, List.of(),
                new Await.Timer(Duration.ofSeconds(5), Instant.EPOCH), List.of(), Suspension.Status.WAITING, null, null);
        assertThat(CODEC.load(CODEC.dump(timer))).isEqualTo(timer);
        Suspension failed = new Suspension("f", "order", 1, "in", List.of(), Await.NOTHING, List.of(),
                Suspension.Status.FAILED, null, Failure.of("java.io.IOException", "disk full"));
        assertThat(CODEC.load(CODEC.dump(failed))).isEqualTo(failed);
    }

    @Test
    void hostileOrMalformedTextIsRejectedWithPositionAndReason() {
        String good = CODEC.dump(new App(new OrderWorkflow()).engine.start("order", new Order("o-3", "dan", 1)));

        assertRejected(good.replace("shop.Order(", "java.lang.ProcessBuilder("), "java.lang.ProcessBuilder");
        assertRejected("wf.Suspension(id='x', workflow='order', version=1, status='READY', input="
                + "[".repeat(5000) + "]".repeat(5000) + ", journal=[])", "nesting deeper");
        assertRejected("wf.Suspension(id='x', workflow='order', version=1, status='READY', input=ref(7), journal=[])",
                "ref");
        assertRejected(good.replace("status='WAITING'", "status='DONE'"), "status must be one of");
        assertRejected(good.replace("wf.AwaitSignal('shipped')", "None"), "");
        assertRejected(good.replace("journal=", "jounral="), "jounral");
        assertRejected(good.substring(0, good.length() / 2), "");
        assertRejected("[1, 2]", "Suspension");
    }

    private static void assertRejected(String text, String reason) {
        assertThatThrownBy(() -> CODEC.load(text))
                .isInstanceOfSatisfying(TextFormatException.class, e -> {
                    assertThat(e.line()).isPositive();
                    assertThat(e.column()).isPositive();
                    assertThat(e.getMessage()).contains(reason);
                });
    }

    @Test
    void namedReferencesAreWrittenAsTheirNameAndResolvedOnlyThroughTheEnvironment() {
        Environment env = Environment.builder().function("pricing.gross", (Long net) -> net * 12 / 10).build();
        SuspensionCodec codec = SuspensionCodec.of(TextCodec.standard(), env);
        Suspension s = new Suspension("n", "price", 1, env.reference("pricing.gross"), List.of(), Await.NOTHING,
                List.of(), Suspension.Status.READY, null, null);
        String text = codec.dump(s);
        assertThat(text).contains("input=named('pricing.gross')");
        assertThat(codec.load(text).input()).isEqualTo(env.reference("pricing.gross"));
        assertThatThrownBy(() -> codec.load(text.replace("pricing.gross", "os.system")))
                .isInstanceOf(TextFormatException.class).hasMessageContaining("os.system");
        assertThatThrownBy(() -> SuspensionCodec.of(TextCodec.standard()).load(text))
                .isInstanceOf(TextFormatException.class).hasMessageContaining("pricing.gross");
    }

    interface Stock {
        int count(int shelf, double weight);

        Receipt last(short shelf);
    }

    @Test
    void numbersAndRecordsReadBackFromTextReplayAsTheTypesTheCodeUses() {
        AtomicInteger calls = new AtomicInteger();
        Stock stock = new Stock() {
            @Override
            public int count(int shelf, double weight) {
                calls.incrementAndGet();
                return shelf * 10;
            }

            @Override
            public Receipt last(short shelf) {
                calls.incrementAndGet();
                return new Receipt("r" + shelf, "p", "t");
            }
        };
        WorkflowDefinition<String, String> counting = (ctx, in) -> {
            int n = ctx.effect(Stock.class).count(7, 1.5);
            Receipt r = ctx.effect(Stock.class).last((short) 3);
            return n + " " + r.reservation() + " " + ctx.awaitSignal("go", Integer.class);
        };
        WorkflowEngine engine = WorkflowEngine.builder().register(WorkflowSpec.of("stock", 1, counting))
                .handler(EffectHandler.of("stock", Stock.class, stock)).build();
        Suspension loaded = CODEC.load(CODEC.dump(engine.start("stock", "x")));
        assertThat(loaded.journal().get(0).request()).isEqualTo(new Request.EffectCall("Stock", "count", List.of(7L, 1.5)));
        Suspension done = engine.signal(loaded, "go", 5L);
        assertThat(done.result()).isEqualTo("70 r3 5");
        assertThat(calls).hasValue(2);
    }

    @Test
    void theApplicationsCodecMayNotTakeTheWorkflowNames() {
        assertThatThrownBy(() -> SuspensionCodec.of(TextCodec.builder().record(Order.class, "wf.Step").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'wf.Step'");
    }
}
