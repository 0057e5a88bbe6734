package io.fauxtp.spring.workflow.readme;

import io.fauxtp.effect.UsesEffects;
import io.fauxtp.workflow.Workflow;
import io.fauxtp.workflow.WorkflowContext;
import io.fauxtp.workflow.WorkflowDefinition;
import org.springframework.stereotype.Component;

// tag::workflow-bean[]
interface Ledger { String refund(String orderId, long cents); }   // an effect

@Component
@Workflow(name = "refund", version = 1)
@UsesEffects(Ledger.class)
class RefundWorkflow implements WorkflowDefinition<String, String> {
    @Override
    public String run(WorkflowContext ctx, String orderId) {
        String approver = ctx.awaitSignal("approved", String.class);
        return ctx.effect(Ledger.class).refund(orderId, 500) + " by " + approver;
    }
}

@Component   // the handler of Ledger: any bean implementing it (its bean name is the handler id)
class BankLedger implements Ledger {
    @Override
    public String refund(String orderId, long cents) {
        return "bank refunded " + cents + " for " + orderId;
    }
}
// end::workflow-bean[]
