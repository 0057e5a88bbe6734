package io.fauxtp.test;

import io.fauxtp.effect.UsesEffects;
import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.workflow.Workflow;
import io.fauxtp.workflow.WorkflowContext;
import io.fauxtp.workflow.WorkflowDefinition;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application the test support is tried on: a stock counter per warehouse (a GenServer child named in
 * application.yml) and a restock workflow that waits for an approval, orders from a supplier (an effect) and
 * waits for the delivery. Its application.yml points the workflow store at a development file, which
 * {@link FauxtpTest} must never touch.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class RestockApplication {

    /** An effect: ordering goods from the supplier. */
    interface Supplier {
        String order(String item);
    }

    @Workflow(name = "restock", version = 1)
    @UsesEffects(Supplier.class)
    static class RestockWorkflow implements WorkflowDefinition<String, String> {

        @Override
        public String run(WorkflowContext ctx, String item) {
            String approver = ctx.awaitSignal("approved", String.class);
            String purchaseOrder = ctx.effect(Supplier.class).order(item);
            String receipt = ctx.awaitSignal("delivered", String.class);
            return purchaseOrder + " approved by " + approver + ", " + receipt;
        }

    }

    /** The real supplier. */
    static class RealSupplier implements Supplier {

        @Override
        public String order(String item) {
            return "PO-" + item;
        }

    }

    @Bean
    RestockWorkflow restockWorkflow() {
        return new RestockWorkflow();
    }

    @Bean
    RealSupplier supplier() {
        return new RealSupplier();
    }

    /** The stock of one warehouse: a count that {@code "add"} raises and any other call reads. */
    @Bean
    GenServer<Integer> stockCounter() {
        return new GenServer<>() {

            @Override
            public Integer init(Object args) {
                return 0;
            }

            @Override
            public CallResult<Integer> handleCall(Object request, From from, Integer count) {
                int next = "add".equals(request) ? count + 1 : count;
                return CallResult.reply(next, next);
            }

        };
    }

}
