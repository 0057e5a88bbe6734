package io.fauxtp.sample.notify;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.stereotype.Component;

/**
 * The application's {@link Notifier} handler: it logs each notification and keeps the last 100 for
 * {@code GET /notifications} (a real application would send mail or a push message here).
 */
@Component
public class Outbox implements Notifier {

    private static final Log LOG = LogFactory.getLog(Outbox.class);
    private static final int KEPT = 100;

    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();
    private final Deque<Notification> delivered = new ArrayDeque<>();

    public Outbox(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String notify(String recipient, String text) {
        Notification n = new Notification("N-" + sequence.incrementAndGet(), recipient, text, clock.instant());
        synchronized (delivered) {
            delivered.addLast(n);
            if (delivered.size() > KEPT) {
                delivered.removeFirst();
            }
        }
        LOG.info("notify " + recipient + ": " + text + " (" + n.id() + ")");
        return n.id();
    }

    /** The notifications delivered, oldest first. */
    public List<Notification> delivered() {
        synchronized (delivered) {
            return List.copyOf(delivered);
        }
    }
}
