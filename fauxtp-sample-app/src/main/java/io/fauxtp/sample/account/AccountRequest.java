package io.fauxtp.sample.account;

/** What an account counter understands. */
public sealed interface AccountRequest {

    /** Counts one use of the account; replies with the {@link Usage} after it, rejected when over the limit. */
    record Use() implements AccountRequest {
    }

    /** Replies with the current {@link Usage}. */
    record Get() implements AccountRequest {
    }

    /** A cast that makes the server throw, so that its supervisor restarts it. */
    record Crash(String why) implements AccountRequest {
    }
}
