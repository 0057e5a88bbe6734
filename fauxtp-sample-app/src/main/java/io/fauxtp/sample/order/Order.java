package io.fauxtp.sample.order;

/** An order to approve: the workflow's input, stored in its suspension as {@code sample.Order(...)}. */
public record Order(String customer, String item, long cents) {
}
