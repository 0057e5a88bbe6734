package io.fauxtp.sample.order;

import io.fauxtp.effect.UsesEffects;
import io.fauxtp.sample.notify.Notifier;
import io.fauxtp.workflow.Workflow;
import io.fauxtp.workflow.WorkflowContext;
import io.fauxtp.workflow.WorkflowDefinition;
import org.springframework.stereotype.Component;

/**
 * An order that waits for a person's approval: authorize the payment, wait for the {@code approval} signal (for
 * minutes or weeks, across restarts of the application), then capture or release the payment and tell the
 * customer. Deterministic: everything from outside comes through the context, so a replay of the stored journal
 * reaches the same point without calling the payment gateway again.
 */
@Component
@Workflow(name = OrderWorkflow.NAME, version = 1)
@UsesEffects({PaymentGateway.class, Notifier.class})
public final class OrderWorkflow implements WorkflowDefinition<Order, OrderOutcome> {

    /** The workflow's name, stored in its suspensions. */
    public static final String NAME = "order";

    /** The signal the workflow waits for, with an {@link Approval}. */
    public static final String APPROVAL = "approval";

    @Override
    public OrderOutcome run(WorkflowContext ctx, Order order) {
        PaymentGateway payments = ctx.effect(PaymentGateway.class);
        String authorization = payments.authorize(order.customer(), order.cents());
        Approval approval = ctx.awaitSignal(APPROVAL, Approval.class);
        Notifier notifier = ctx.effect(Notifier.class);
        if (!approval.approved()) {
            payments.release(authorization);
            notifier.notify(order.customer(), "your order of " + order.item() + " was declined by " + approval.approver());
            return new OrderOutcome("rejected", approval.approver(), null);
        }
        String capture = payments.capture(authorization);
        notifier.notify(order.customer(), "your order of " + order.item() + " was approved by " + approval.approver());
        return new OrderOutcome("approved", approval.approver(), capture);
    }
}
