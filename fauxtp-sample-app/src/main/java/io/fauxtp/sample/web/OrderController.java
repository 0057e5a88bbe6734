package io.fauxtp.sample.web;

import io.fauxtp.sample.order.Approval;
import io.fauxtp.sample.order.Order;
import io.fauxtp.sample.order.OrderService;
import io.fauxtp.sample.order.OrderService.OrderView;
import io.fauxtp.sample.order.SimulatedPaymentGateway;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The order workflow over HTTP, and what the payment gateway did. */
@RestController
class OrderController {

    private final OrderService orders;
    private final SimulatedPaymentGateway payments;

    OrderController(OrderService orders, SimulatedPaymentGateway payments) {
        this.orders = orders;
        this.payments = payments;
    }

    @PostMapping("/orders")
    ResponseEntity<OrderView> start(@RequestBody Order order) {
        if (order.customer() == null || order.item() == null || order.cents() <= 0) {
            throw new IllegalArgumentException("an order needs a 'customer', an 'item' and positive 'cents', e.g."
                    + " {\"customer\":\"alice\",\"item\":\"book\",\"cents\":1250}");
        }
        OrderView started = orders.start(order);
        return ResponseEntity.created(URI.create("/orders/" + started.id())).body(started);
    }

    /** The body of {@code POST /orders/{id}/approval}; both fields are required. */
    record Decision(String approver, Boolean approved) {
    }

    /** Delivers the {@code approval} signal. */
    @PostMapping("/orders/{id}/approval")
    OrderView decide(@PathVariable String id, @RequestBody Decision decision) {
        if (decision.approver() == null || decision.approver().isBlank() || decision.approved() == null) {
            throw new IllegalArgumentException("an approval needs an 'approver' and 'approved', e.g."
                    + " {\"approver\":\"carol\",\"approved\":true}");
        }
        return orders.decide(id, new Approval(decision.approver(), decision.approved()));
    }

    @GetMapping("/orders/{id}")
    OrderView find(@PathVariable String id) {
        return orders.find(id);
    }

    @GetMapping("/orders")
    List<OrderView> list() {
        return orders.list();
    }

    /** The stored suspension, as text. */
    @GetMapping(path = "/orders/{id}/suspension", produces = MediaType.TEXT_PLAIN_VALUE)
    String suspension(@PathVariable String id) {
        return orders.suspensionText(id) + "\n";
    }

    /** What the payment gateway did since the application started. */
    @GetMapping("/payments")
    List<String> payments() {
        return payments.operations();
    }
}
