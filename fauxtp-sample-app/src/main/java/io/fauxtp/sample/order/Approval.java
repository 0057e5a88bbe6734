package io.fauxtp.sample.order;

/** The {@code approval} signal's value: who decided, and whether the order is approved. */
public record Approval(String approver, boolean approved) {
}
