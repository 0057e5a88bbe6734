package io.fauxtp.spring.workflow;

import io.fauxtp.effect.UsesEffects;
import io.fauxtp.testkit.OrderFixture;
import io.fauxtp.testkit.OrderFixture.Warehouse;
import io.fauxtp.text.TextCodec;
import io.fauxtp.workflow.Workflow;
import io.fauxtp.workflow.WorkflowContext;
import io.fauxtp.workflow.WorkflowDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the Spring tests add to the order workflow of {@link OrderFixture}: a second workflow, a clock, the types bean. */
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
            return OrderFixture.types();
        }

    }

}
