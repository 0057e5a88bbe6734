package io.fauxtp.sample.order;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.stereotype.Component;

/**
 * The sample's {@link PaymentGateway} handler: a stand-in for a payment provider that logs every operation and
 * keeps them for {@code GET /payments}, so that one can see which calls a replay did not repeat.
 */
@Component
public class SimulatedPaymentGateway implements PaymentGateway {

    private static final Log LOG = LogFactory.getLog(SimulatedPaymentGateway.class);

    private final AtomicLong sequence = new AtomicLong();
    private final List<String> operations = new CopyOnWriteArrayList<>();

    @Override
    public String authorize(String customer, long cents) {
        return record("AUTH", "authorize " + cents + " cents for " + customer);
    }

    @Override
    public String capture(String authorization) {
        return record("CAPT", "capture " + authorization);
    }

    @Override
    public String release(String authorization) {
        return record("REL", "release " + authorization);
    }

    /** The operations done since the application started, oldest first. */
    public List<String> operations() {
        return List.copyOf(operations);
    }

    private String record(String kind, String what) {
        String id = kind + "-" + Long.toHexString(System.nanoTime() & 0xffffffL) + "-" + sequence.incrementAndGet();
        operations.add(what + " -> " + id);
        LOG.info("payment gateway: " + what + " -> " + id);
        return id;
    }
}
