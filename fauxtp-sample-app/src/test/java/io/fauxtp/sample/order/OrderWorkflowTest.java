package io.fauxtp.sample.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.sample.notify.Notifier;
import io.fauxtp.workflow.Await;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.SuspensionCodec;
import io.fauxtp.workflow.WorkflowEngine;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The order workflow with test handlers for its effects, through its stored text as after a restart. */
class OrderWorkflowTest {

    private final List<String> payments = new CopyOnWriteArrayList<>();
    private final List<String> notified = new CopyOnWriteArrayList<>();

    private final PaymentGateway fakeGateway = new PaymentGateway() {
        @Override
        public String authorize(String customer, long cents) {
            payments.add("authorize " + customer + " " + cents);
            return "A1";
        }

        @Override
        public String capture(String authorization) {
            payments.add("capture " + authorization);
            return "C1";
        }

        @Override
        public String release(String authorization) {
            payments.add("release " + authorization);
            return authorization;
        }
    };

    private final WorkflowEngine engine = WorkflowEngine.builder()
            .register(new OrderWorkflow())
            .handler(EffectHandler.of("fake-payments", PaymentGateway.class, fakeGateway))
            .handler(EffectHandler.of("recording-notifier", Notifier.class, (who, text) -> {
                notified.add(who + ": " + text);
                return "N1";
            }))
            .build();

    private final SuspensionCodec codec = SuspensionCodec.of(new WorkflowConfiguration().sampleTypes());

    @Test
    void anApprovedOrderIsCapturedOnceEvenAfterReplayFromText() {
        Suspension waiting = engine.resume(engine.freeze(OrderWorkflow.NAME, "o-1", new Order("ann", "book", 1250)));
        assertThat(waiting.awaiting()).isEqualTo(new Await.Signal(OrderWorkflow.APPROVAL));

        String stored = codec.dump(waiting);
        assertThat(stored).contains("sample.Order(").contains("'ann'");
        Suspension done = engine.signal(codec.load(stored), OrderWorkflow.APPROVAL, new Approval("carol", true));

        assertThat(done.status()).isEqualTo(Suspension.Status.COMPLETED);
        assertThat(done.result()).isEqualTo(new OrderOutcome("approved", "carol", "C1"));
        assertThat(payments).containsExactly("authorize ann 1250", "capture A1");   // replay did not authorize again
        assertThat(notified).containsExactly("ann: your order of book was approved by carol");
    }

    @Test
    void aRejectedOrderReleasesThePayment() {
        Suspension waiting = engine.resume(engine.freeze(OrderWorkflow.NAME, "o-2", new Order("bob", "lamp", 900)));

        Suspension done = engine.signal(waiting, OrderWorkflow.APPROVAL, new Approval("dave", false));

        assertThat(done.result()).isEqualTo(new OrderOutcome("rejected", "dave", null));
        assertThat(payments).containsExactly("authorize bob 900", "release A1");
        assertThat(notified).containsExactly("bob: your order of lamp was declined by dave");
    }
}
