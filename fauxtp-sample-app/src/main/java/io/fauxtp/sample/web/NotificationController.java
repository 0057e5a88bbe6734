package io.fauxtp.sample.web;

import io.fauxtp.sample.notify.Notification;
import io.fauxtp.sample.notify.Outbox;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the {@link Outbox} delivered. */
@RestController
class NotificationController {

    private final Outbox outbox;

    NotificationController(Outbox outbox) {
        this.outbox = outbox;
    }

    @GetMapping("/notifications")
    List<Notification> delivered() {
        return outbox.delivered();
    }
}
