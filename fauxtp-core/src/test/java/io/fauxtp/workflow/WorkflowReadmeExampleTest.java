package io.fauxtp.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.effect.UsesEffects;
import io.fauxtp.text.TextCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The workflow example of docs/workflows.md, compiled and run; the stored text it shows is checked here too. */
class WorkflowReadmeExampleTest {

    // tag::workflow[]
    record Order(String id, String customer, long cents) {}
    record Receipt(String reservation, String payment, String tracking) {}

    interface Warehouse { String reserve(String orderId); }            // effects are interfaces
    interface Payments { String charge(String customer, long cents); }

    @Workflow(name = "order", version = 1)
    @UsesEffects({Warehouse.class, Payments.class})
    static final class OrderWorkflow implements WorkflowDefinition<Order, Receipt> {
        @Override
        public Receipt run(WorkflowContext ctx, Order order) {
            String reservation = ctx.effect(Warehouse.class).reserve(order.id());
            String payment = ctx.effect(Payments.class).charge(order.customer(), order.cents());
            String tracking = ctx.awaitSignal("shipped", String.class);   // may wait for days
            return new Receipt(reservation, payment, tracking);
        }
    }
    // end::workflow[]

    @Test
    void theOrderWorkflowSurvivesARestart() throws IOException {
        Warehouse warehouse = orderId -> "R-" + orderId;
        Payments payments = (customer, cents) -> "P-" + customer + "-" + cents;
        // tag::workflow-run[]
        WorkflowEngine engine = WorkflowEngine.builder()
                .register(new OrderWorkflow())
                .handler(EffectHandler.of("warehouse", Warehouse.class, warehouse))
                .handler(EffectHandler.of("payments", Payments.class, payments))
                .build();
        SuspensionCodec codec = SuspensionCodec.of(TextCodec.builder()
                .record(Order.class, "shop.Order")
                .record(Receipt.class, "shop.Receipt")
                .build());

        Suspension waiting = engine.resume(engine.freeze("order", "order-1", new Order("o-1", "ann", 1250)));
        String stored = codec.dump(waiting);           // what the store keeps: shown below

        // later, in this application or after a restart (same workflow and types registered):
        Suspension done = engine.signal(codec.load(stored), "shipped", "TRACK-9");
        assertThat(done.result()).isEqualTo(new Receipt("R-o-1", "P-ann-1250", "TRACK-9"));
        // end::workflow-run[]
        assertThat(workflowsPage()).as("docs/workflows.md shows the stored text exactly").contains("```python\n" + stored + "\n```");
    }

    private static String workflowsPage() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(dir.resolve("docs/workflows.md"))) {
            dir = dir.getParent();
        }
        return Files.readString(dir.resolve("docs/workflows.md"));
    }
}
