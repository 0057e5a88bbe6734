package io.fauxtp.spring.workflow;

import io.fauxtp.effect.UsesEffects;
import io.fauxtp.text.TextCodec;
import io.fauxtp.workflow.Workflow;
import io.fauxtp.workflow.WorkflowContext;
import io.fauxtp.workflow.WorkflowDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The order workflow of the Spring tests, with its effects, types and counting handlers. */
final class Shop {

    private Shop() {
    }

    record Order(String id, String customer, long cents) {
    }

    record Receipt(String reservation, String payment, String tracking) {
    }

    interface Warehouse {

        String reserve(String orderId);

    }

    interface Payments {

        String charge(String customer, long cents);

    }

    /** Reserves, charges, then waits for the "shipped" signal. */
    @Workflow(name = "order")
    @UsesEffects({ Warehouse.class, Payments.class })
    static class OrderWorkflow implements WorkflowDefinition<Order, Receipt> {

        @Override
        public Receipt run(WorkflowContext ctx, Order order) {
            String reservation = ctx.effect(Warehouse.class).reserve(order.id());
            String payment = ctx.effect(Payments.class).charge(order.customer(), order.cents());
            String tracking = ctx.awaitSignal("shipped", String.class);
            return new Receipt(reservation, payment, tracking);
        }

    }

    /** Version 1 of "order" changed in place: it charges before it reserves. */
    @Workflow(name = "order")
    @UsesEffects({ Warehouse.class, Payments.class })
    static class ReorderedOrderWorkflow implements WorkflowDefinition<Order, Receipt> {

        @Override
        public Receipt run(WorkflowContext ctx, Order order) {
            String payment = ctx.effect(Payments.class).charge(order.customer(), order.cents());
            String reservation = ctx.effect(Warehouse.class).reserve(order.id());
            String tracking = ctx.awaitSignal("shipped", String.class);
            return new Receipt(reservation, payment, tracking);
        }

    }

    /** Waits an hour, then reserves. */
    @Workflow(name = "reminder")
    @UsesEffects(Warehouse.class)
    static class ReminderWorkflow implements WorkflowDefinition<String, String> {

        @Override
        public String run(WorkflowContext ctx, String orderId) {
            ctx.sleep(Duration.ofHours(1));
            return ctx.effect(Warehouse.class).reserve(orderId);
        }

    }

    /** Counts calls across application contexts: the tests' proof that a handler ran once in total. */
    static final class Calls {

        final AtomicInteger reservations = new AtomicInteger();

        final AtomicInteger charges = new AtomicInteger();

    }

    static final class CountingWarehouse implements Warehouse {

        private final Calls calls;

        CountingWarehouse(Calls calls) {
            this.calls = calls;
        }

        @Override
        public String reserve(String orderId) {
            this.calls.reservations.incrementAndGet();
            return "R-" + orderId;
        }

    }

    static final class CountingPayments implements Payments {

        private final Calls calls;

        CountingPayments(Calls calls) {
            this.calls = calls;
        }

        @Override
        public String charge(String customer, long cents) {
            this.calls.charges.incrementAndGet();
            return "P-" + customer + "-" + cents;
        }

    }

    /** A clock the test moves forward; shared by the contexts of one test like the wall clock would be. */
    static final class MovableClock extends Clock {

        private final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advance(Duration duration) {
            this.now.updateAndGet(instant -> instant.plus(duration));
        }

        @Override
        public Instant instant() {
            return this.now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the tests use UTC only");
        }

    }

    /** The application's registered types, which suspensions of these workflows hold. */
    @Configuration(proxyBeanMethods = false)
    static class ShopTypes {

        @Bean
        TextCodec shopTypes() {
            return TextCodec.builder().record(Order.class, "shop.Order").record(Receipt.class, "shop.Receipt").build();
        }

    }

}
