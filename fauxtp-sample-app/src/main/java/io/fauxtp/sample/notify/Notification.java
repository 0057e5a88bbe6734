package io.fauxtp.sample.notify;

import java.time.Instant;

/** A notification the {@link Outbox} delivered. */
public record Notification(String id, String recipient, String text, Instant at) {
}
