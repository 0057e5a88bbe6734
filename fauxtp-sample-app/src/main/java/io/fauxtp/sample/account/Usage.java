package io.fauxtp.sample.account;

import java.time.Instant;

/**
 * An account's use in the current window: {@code used} of {@code limit} requests, counted since
 * {@code windowStart}; {@code allowed} says whether the last {@link AccountRequest.Use} was accepted.
 */
public record Usage(String account, int used, int limit, Instant windowStart, boolean allowed) {
}
