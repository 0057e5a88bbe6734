package io.fauxtp.sample.order;

/** How an order ended: the workflow's result. {@code capture} is null for a rejected order. */
public record OrderOutcome(String decision, String approver, String capture) {
}
