package io.fauxtp.spring.workflow;

import io.fauxtp.effect.UsesEffects;
import io.fauxtp.testkit.OrderFixture;
import io.fauxtp.testkit.OrderFixture.Warehouse;
import io.fauxtp.text.TextCodec;
import io.fauxtp.workflow.Workflow;
import io.fauxtp.workflow.WorkflowContext;
import io.fauxtp.workflow.WorkflowDefinition;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the Spring tests add to the order workflow of {@link OrderFixture}: a second workflow and the types bean. */
final class Shop {

    private Shop() {
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

    /** The application's registered types, which suspensions of these workflows hold. */
    @Configuration(proxyBeanMethods = false)
    static class ShopTypes {

        @Bean
        TextCodec shopTypes() {
            return OrderFixture.types();
        }

    }

}
