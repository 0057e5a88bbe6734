package io.fauxtp.genserver;

import java.time.Duration;
import java.util.Objects;

/**
 * How to start a GenServer.
 *
 * @param name         a name to register (before {@code init} runs, so a clash fails the start), or null
 * @param startTimeout how long {@code start} waits for {@code init}; past it the server is killed and the start
 *                     fails with {@link StartException} (default 30 s)
 * @param trapExit     the server traps exits, so an exit signal from a link (a supervisor's {@code shutdown})
 *                     runs {@code terminate}
 * @param idleTimeout  if not null, {@code handleInfo(IdleTimeout)} is called whenever the server waited this
 *                     long without a message (a callback result's own timeout takes precedence)
 */
public record StartOptions(String name, Duration startTimeout, boolean trapExit, Duration idleTimeout) {

    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    public StartOptions {
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive: " + startTimeout);
        }
        if (idleTimeout != null && idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must not be negative: " + idleTimeout);
        }
        if (name != null && name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank (use null for no name)");
        }
    }

    private static final StartOptions DEFAULTS = new StartOptions(null, DEFAULT_START_TIMEOUT, false, null);

    public static StartOptions defaults() {
        return DEFAULTS;
    }

    public StartOptions withName(String name) {
        return new StartOptions(name, startTimeout, trapExit, idleTimeout);
    }

    public StartOptions withStartTimeout(Duration startTimeout) {
        return new StartOptions(name, startTimeout, trapExit, idleTimeout);
    }

    public StartOptions withTrapExit(boolean trapExit) {
        return new StartOptions(name, startTimeout, trapExit, idleTimeout);
    }

    public StartOptions withIdleTimeout(Duration idleTimeout) {
        return new StartOptions(name, startTimeout, trapExit, idleTimeout);
    }
}
