package io.fauxtp.spring.quickstart;

// tag::requests[]
// the requests Counter answers
public sealed interface CounterRequest {

    /** Adds {@code by} and replies with the new count. */
    record Increment(int by) implements CounterRequest {
    }

    /** Replies with the count. */
    record Get() implements CounterRequest {
    }

}
// end::requests[]
