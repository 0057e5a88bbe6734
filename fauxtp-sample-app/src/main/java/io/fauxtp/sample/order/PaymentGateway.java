package io.fauxtp.sample.order;

/** An effect: the payment provider. Inside a workflow each call is journaled, so replay never charges twice. */
public interface PaymentGateway {

    /** Reserves {@code cents} on {@code customer}'s card; returns the authorization's id. */
    String authorize(String customer, long cents);

    /** Takes the money of an authorization; returns the capture's id. */
    String capture(String authorization);

    /** Gives an authorization up; returns the authorization's id. */
    String release(String authorization);
}
