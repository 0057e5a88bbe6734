package io.fauxtp.sample.account;

import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.CastResult;
import io.fauxtp.genserver.From;
import io.fauxtp.spring.GenServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A rate-limited account: at most {@code limit} uses per {@code window}. One process per account, each started by
 * the {@code accounts} supervisor with its own init arguments from {@code application.yml}
 * ({@code account}, {@code limit}, {@code window}). The state lives in the process: a restart starts a new window.
 */
@GenServer("accountCounter")
public class AccountCounter implements GenServer.Behaviour<AccountCounter.State> {

    /** The process's state: the account's settings and its current window. */
    public record State(String account, int limit, Duration window, Instant windowStart, int used) {

        Usage usage(boolean allowed) {
            return new Usage(account, used, limit, windowStart, allowed);
        }
    }

    private final Clock clock;

    public AccountCounter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public State init(Object args) {
        if (!(args instanceof Map<?, ?> yml) || !(yml.get("account") instanceof String account)) {
            throw new IllegalArgumentException("an account counter needs init args 'account', 'limit' and 'window'"
                    + " (fauxtp.supervisors.accounts.children[i].args in application.yml), got " + args);
        }
        int limit = limit(account, yml.get("limit"));
        Duration window = yml.get("window") instanceof String w ? window(account, w) : Duration.ofMinutes(1);
        return new State(account, limit, window, clock.instant(), 0);
    }

    private static int limit(String account, Object value) {
        try {
            int limit = Integer.parseInt(String.valueOf(value));
            if (limit >= 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("account " + account + ": 'limit' must be a whole number of uses, 0 or"
                + " more (args.limit in application.yml), got " + value);
    }

    private static Duration window(String account, String value) {
        try {
            Duration window = Duration.parse("PT" + value.toUpperCase());
            if (window.isPositive()) {
                return window;
            }
        } catch (java.time.format.DateTimeParseException e) {
            // reported below
        }
        throw new IllegalArgumentException("account " + account + ": 'window' must be a positive duration such as"
                + " 30s, 1m or 2h (args.window in application.yml), got '" + value + "'");
    }

    @Override
    public CallResult<State> handleCall(Object request, From from, State state) {
        State current = inWindow(state);
        return switch (request) {
            case AccountRequest.Use() when current.used() < current.limit() -> {
                State used = new State(current.account(), current.limit(), current.window(),
                        current.windowStart(), current.used() + 1);
                yield CallResult.reply(used.usage(true), used);
            }
            case AccountRequest.Use() -> CallResult.reply(current.usage(false), current);
            case AccountRequest.Get() -> CallResult.reply(current.usage(true), current);
            default -> throw new IllegalArgumentException("unknown request " + request);
        };
    }

    @Override
    public CastResult<State> handleCast(Object request, State state) {
        if (request instanceof AccountRequest.Crash(String why)) {
            throw new IllegalStateException("account " + state.account() + " crashed on purpose: " + why);
        }
        throw new IllegalArgumentException("unknown cast " + request);
    }

    @Override
    public Object formatStatus(State state) {   // shown by the supervision endpoint
        return Map.of("account", state.account(), "used", state.used(), "limit", state.limit());
    }

    private State inWindow(State state) {
        Instant now = clock.instant();
        if (now.isBefore(state.windowStart().plus(state.window()))) {
            return state;
        }
        return new State(state.account(), state.limit(), state.window(), now, 0);
    }
}
