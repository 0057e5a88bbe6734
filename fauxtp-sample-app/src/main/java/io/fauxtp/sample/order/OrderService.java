package io.fauxtp.sample.order;

import io.fauxtp.spring.workflow.SuspensionToTextConverter;
import io.fauxtp.spring.workflow.SignalSteps;
import io.fauxtp.spring.workflow.WorkflowRuns;
import io.fauxtp.workflow.Await;
import io.fauxtp.workflow.StoredSuspension;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.SuspensionStoreException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Orders as workflow runs: start one, approve or reject it, look at it and at its stored text. */
@Service
public class OrderService {

    /**
     * An order run as the REST API shows it; {@code problem} says why a stored run could not be read (its other
     * fields then come from the store's summary).
     */
    public record OrderView(String id, String status, String awaiting, Order order, OrderOutcome outcome,
            int journal, String problem) {

        static OrderView of(Suspension s) {
            String awaiting = switch (s.awaiting()) {
                case Await.Signal(String name) -> "signal " + name;
                case Await.Effect effect -> "effect " + effect.call().effect() + "." + effect.call().method();
                case Await.Timer timer -> "timer due " + timer.due();
                case Await.Nothing nothing -> null;
            };
            return new OrderView(s.id(), s.status().name(), awaiting, (Order) s.input(),
                    s.result() instanceof OrderOutcome o ? o : null, s.journal().size(), null);
        }

        static OrderView unreadable(StoredSuspension s, RuntimeException problem) {
            return new OrderView(s.id(), s.status().name(), s.awaiting(), null, null, -1, problem.getMessage());
        }
    }

    private final WorkflowRuns workflows;
    private final SuspensionToTextConverter toText;

    public OrderService(WorkflowRuns workflows, SuspensionToTextConverter toText) {
        this.workflows = workflows;
        this.toText = toText;
    }

    /** Starts the order workflow for {@code order}: it runs until it waits for the approval. */
    public OrderView start(Order order) {
        String id = "order-" + UUID.randomUUID().toString().substring(0, 8);
        return OrderView.of(workflows.start(OrderWorkflow.NAME, id, order));
    }

    /**
     * Delivers the approval signal to order {@code id} and runs the capture or release and the notification on
     * this thread ({@link SignalSteps#CALLER}), so that the answer shows the outcome. The default,
     * {@link SignalSteps#PROCESS}, would answer once the signal is stored and leave the steps to the run's process.
     */
    public OrderView decide(String id, Approval approval) {
        return OrderView.of(workflows.signal(id, OrderWorkflow.APPROVAL, approval, SignalSteps.CALLER));
    }

    public OrderView find(String id) {
        return OrderView.of(load(id));
    }

    /** All stored order runs; one that cannot be read is listed with its problem, the others as usual. */
    public List<OrderView> list() {
        return workflows.list().stream()
                .filter(s -> s.workflow().equals(OrderWorkflow.NAME))
                .map(s -> {
                    try {
                        return find(s.id());
                    } catch (SuspensionStoreException e) {
                        return OrderView.unreadable(s, e);
                    }
                })
                .toList();
    }

    /** The suspension of order {@code id} as the store keeps it: text. */
    public String suspensionText(String id) {
        return toText.convert(load(id));
    }

    private Suspension load(String id) {
        return workflows.find(id).orElseThrow(() -> new NoSuchElementException("no order '" + id
                + "' is stored; GET /orders lists them"));
    }
}
