package io.fauxtp.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.testkit.OrderFixture.Order;
import io.fauxtp.testkit.OrderFixture.Payments;
import io.fauxtp.testkit.OrderFixture.Receipt;
import io.fauxtp.testkit.OrderFixture.Warehouse;
import io.fauxtp.testkit.TestClock;
import io.fauxtp.text.TextCodec;
import io.fauxtp.text.TextDumpException;
import io.fauxtp.text.TextFormatException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcSuspensionStoreTest {

    @Workflow(name = "order")
    static final class OrderWorkflow implements WorkflowDefinition<Order, Receipt> {
        @Override
        public Receipt run(WorkflowContext ctx, Order order) {
            String reservation = ctx.effect(Warehouse.class).reserve(order.id());
            String payment = ctx.effect(Payments.class).charge(order.customer(), order.cents());
            ctx.sleep(Duration.ofHours(2));
            return new Receipt(reservation, payment, ctx.awaitSignal("shipped", String.class));
        }
    }

    /** Everything an application instance owns: a data source, a store, an engine with its handlers. */
    final class App {
        final AtomicInteger reserved = new AtomicInteger();
        final AtomicInteger charged = new AtomicInteger();
        final JdbcSuspensionStore store;
        final WorkflowService service;

        App() {
            store = new JdbcSuspensionStore(dataSource(), codec(), JdbcSuspensionStore.DEFAULT_TABLE, clock);
            WorkflowEngine engine = WorkflowEngine.builder()
                    .register(new OrderWorkflow())
                    .handler(EffectHandler.of("warehouse", Warehouse.class, id -> "R-" + reserved.incrementAndGet()))
                    .handler(EffectHandler.of("payments", Payments.class, (c, n) -> "P-" + charged.incrementAndGet()))
                    .clock(clock)
                    .build();
            service = new WorkflowService(engine, store, clock);
        }
    }

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-05-01T12:00:00Z"));

    private JdbcDataSource dataSource() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("workflows").toAbsolutePath());   // closed with its last connection
        ds.setUser("sa");
        return ds;
    }

    private static SuspensionCodec codec() {
        return SuspensionCodec.of(TextCodec.builder()
                .record(Order.class, "shop.Order").record(Receipt.class, "shop.Receipt").build());
    }

    @Test
    void aRunStoredByOneApplicationIsFinishedByTheNextWithEachHandlerRunOnce() {
        App first = new App();
        Suspension started = first.service.start("order", "order-1", new Order("o-1", "ann", 1250));
        assertThat(started.awaiting()).isInstanceOf(Await.Timer.class);
        assertThat(first.store.list()).singleElement().satisfies(row -> {
            assertThat(row.id()).isEqualTo("order-1");
            assertThat(row.status()).isEqualTo(Suspension.Status.WAITING);
            assertThat(row.awaiting()).isEqualTo("timer 2026-05-01T14:00:00Z");
            assertThat(row.wakeUpAt()).isEqualTo(Instant.parse("2026-05-01T14:00:00Z"));
            assertThat(row.updatedAt()).isEqualTo(clock.instant());
        });

        clock.advance(Duration.ofHours(3));   // the application was down while the timer came due
        App second = new App();
        assertThat(second.store.find("order-1")).contains(started);
        WorkflowService.ResumeReport report = second.service.resumeDue();
        assertThat(report.failed()).isEmpty();
        assertThat(report.resumed()).singleElement()
                .satisfies(s -> assertThat(s.awaiting()).isEqualTo(new Await.Signal("shipped")));

        App third = new App();
        Suspension done = third.service.signal("order-1", "shipped", "TRACK-9");
        assertThat(done.result()).isEqualTo(new Receipt("R-1", "P-1", "TRACK-9"));
        assertThat(new App().store.find("order-1")).contains(done);
        assertThat(first.reserved.get() + second.reserved.get() + third.reserved.get()).isEqualTo(1);
        assertThat(first.charged.get() + second.charged.get() + third.charged.get()).isEqualTo(1);
        assertThat(third.store.pending()).isEmpty();
        assertThat(third.store.list()).extracting(StoredSuspension::status).containsExactly(Suspension.Status.COMPLETED);
    }

    @Test
    void aSuspensionThatCannotBeWrittenLeavesTheStoredOneAsItWas() {
        App app = new App();
        Suspension stored = app.service.start("order", "order-2", new Order("o-2", "bob", 5));
        Suspension unwritable = new Suspension("order-2", "order", 1, new Object(), List.of(), Await.NOTHING,
                List.of(), Suspension.Status.READY, null, null);
        assertThatThrownBy(() -> app.store.save(unwritable)).isInstanceOf(TextDumpException.class);
        assertThat(app.store.find("order-2")).contains(stored);
    }

    @Test
    void hostileStoredTextIsReportedWithItsIdAndPosition() throws Exception {
        App app = new App();
        app.service.start("order", "good", new Order("o-3", "cy", 1));
        try (Connection c = dataSource().getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO fauxtp_suspension (id, workflow, version,"
                        + " status, awaiting, body, updated_at) VALUES ('evil', 'order', 1, 'READY', '',"
                        + " ?, CURRENT_TIMESTAMP)")) {
            insert.setString(1, "wf.Suspension(id='evil', workflow='order', version=1, status='READY',"
                    + " input=java.lang.Runtime.exec('rm -rf /'), journal=[])");
            insert.executeUpdate();
        }
        assertThatThrownBy(() -> app.store.find("evil"))
                .isInstanceOf(SuspensionStoreException.class)
                .hasMessageContaining("stored suspension evil")
                .hasMessageContaining("java.lang.Runtime.exec")
                .hasCauseInstanceOf(TextFormatException.class);
        WorkflowService.ResumeReport report = app.service.resumeDue();
        assertThat(report.failed()).containsOnlyKeys("evil");
        assertThat(report.failed().get("evil")).isInstanceOf(SuspensionStoreException.class);
        assertThat(app.store.find("good")).isPresent();
        assertThat(app.store.delete("evil")).isTrue();
        assertThat(app.store.delete("evil")).isFalse();
        assertThat(app.service.resumeDue().failed()).isEmpty();
    }

    @Test
    void anInputTheLoaderWouldRefuseIsRefusedAtTheStartBeforeItsFirstEffect() {
        App app = new App();
        int limit = codec().textCodec().limits().maxInputChars();
        Order huge = new Order("o-4", "x".repeat(limit), 1);   // the text adds the rest of the suspension
        assertThatThrownBy(() -> app.service.start("order", "order-4", huge))
                .isInstanceOf(TextDumpException.class)
                .hasMessageContaining("run order-4 of workflow 'order'")
                .hasMessageContaining("LoadLimits.maxInputChars");
        assertThat(app.reserved).as("no effect ran").hasValue(0);
        assertThat(app.store.list()).as("nothing stored").isEmpty();

        app.service.start("order", "order-5", new Order("o-5", "dee", 2));
        assertThat(app.store.find("order-5")).isPresent();
    }

    @Test
    void idsLongerThanTheColumnAreRejectedBeforeTheDatabase() {
        App app = new App();
        Suspension longId = new Suspension("x".repeat(201), "order", 1, null, List.of(), Await.NOTHING, List.of(),
                Suspension.Status.READY, null, null);
        assertThatThrownBy(() -> app.store.save(longId)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 200 characters");
        assertThat(app.store.list()).isEmpty();
    }

    @Test
    void theTableNameMustBeAPlainIdentifier() {
        assertThatThrownBy(() -> new JdbcSuspensionStore(dataSource(), codec(), "x; DROP TABLE y", Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a plain SQL table name");
    }
}
