package io.fauxtp.testkit;

import io.fauxtp.effect.UsesEffects;
import io.fauxtp.text.TextCodec;
import io.fauxtp.workflow.Workflow;
import io.fauxtp.workflow.WorkflowContext;
import io.fauxtp.workflow.WorkflowDefinition;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The order workflow the workflow tests of every module run: reserve the stock, charge the customer, then wait
 * for the "shipped" signal; with its types, its effects and handlers that count their calls.
 */
public final class OrderFixture {

    private OrderFixture() {
    }

    /**
     * An order.
     * @param id the order id
     * @param customer who pays
     * @param cents how much
     */
    public record Order(String id, String customer, long cents) {
    }

    /**
     * What a finished order run returns.
     * @param reservation the warehouse's answer
     * @param payment the payment's answer
     * @param tracking the "shipped" signal's value
     */
    public record Receipt(String reservation, String payment, String tracking) {
    }

    /** The warehouse effect. */
    public interface Warehouse {

        /**
         * Reserves the stock of an order.
         * @param orderId the order
         * @return the reservation
         */
        String reserve(String orderId);
    }

    /** The payments effect. */
    public interface Payments {

        /**
         * Charges a customer.
         * @param customer who pays
         * @param cents how much
         * @return the payment
         */
        String charge(String customer, long cents);
    }

    /** Reserves, charges, then waits for the "shipped" signal. */
    @Workflow(name = "order")
    @UsesEffects({ Warehouse.class, Payments.class })
    public static class OrderWorkflow implements WorkflowDefinition<Order, Receipt> {

        @Override
        public Receipt run(WorkflowContext ctx, Order order) {
            String reservation = ctx.effect(Warehouse.class).reserve(order.id());
            String payment = ctx.effect(Payments.class).charge(order.customer(), order.cents());
            String tracking = ctx.awaitSignal("shipped", String.class);
            return new Receipt(reservation, payment, tracking);
        }
    }

    /** Version 1 of "order" changed in place: it charges before it reserves (a non-deterministic change). */
    @Workflow(name = "order")
    @UsesEffects({ Warehouse.class, Payments.class })
    public static class ReorderedOrderWorkflow implements WorkflowDefinition<Order, Receipt> {

        @Override
        public Receipt run(WorkflowContext ctx, Order order) {
            String payment = ctx.effect(Payments.class).charge(order.customer(), order.cents());
            String reservation = ctx.effect(Warehouse.class).reserve(order.id());
            String tracking = ctx.awaitSignal("shipped", String.class);
            return new Receipt(reservation, payment, tracking);
        }
    }

    /** The application's registered types, {@code shop.Order} and {@code shop.Receipt}, which suspensions hold. */
    public static TextCodec types() {
        return TextCodec.builder().record(Order.class, "shop.Order").record(Receipt.class, "shop.Receipt").build();
    }

    /** Counts the handlers' calls, across application contexts: a test's proof that a handler ran once in total. */
    public static final class Calls {

        /** Calls of {@link CountingWarehouse#reserve}. */
        public final AtomicInteger reservations = new AtomicInteger();

        /** Calls of {@link CountingPayments#charge}. */
        public final AtomicInteger charges = new AtomicInteger();
    }

    /** A warehouse that answers {@code R-<order id>} and counts its calls. */
    public static final class CountingWarehouse implements Warehouse {

        private final Calls calls;

        /** @param calls where it counts */
        public CountingWarehouse(Calls calls) {
            this.calls = calls;
        }

        @Override
        public String reserve(String orderId) {
            this.calls.reservations.incrementAndGet();
            return "R-" + orderId;
        }
    }

    /** Payments that answer {@code P-<customer>-<cents>} and count their calls. */
    public static final class CountingPayments implements Payments {

        private final Calls calls;

        /** @param calls where it counts */
        public CountingPayments(Calls calls) {
            this.calls = calls;
        }

        @Override
        public String charge(String customer, long cents) {
            this.calls.charges.incrementAndGet();
            return "P-" + customer + "-" + cents;
        }
    }
}
