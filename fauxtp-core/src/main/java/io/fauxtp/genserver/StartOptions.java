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
 * @param hibernateAfter if not null, how long the idle server keeps its thread, parked, before it hibernates
 *                     ({@code gen_server}'s {@code hibernate_after}): every time, from its start on; zero
 *                     hibernates as soon as the receive's short spin finds nothing. Null (the default) leaves it
 *                     to the node: a server hibernates at once unless its last hibernation was cut short by a
 *                     message within {@code fauxtp.genserver.hibernateAfterMillis} (20 ms), and then waits that
 *                     long. Either wait may end up to about 5 ms late (see {@link #withHibernateAfter})
 */
public record StartOptions(String name, Duration startTimeout, boolean trapExit, Duration idleTimeout,
                           Duration hibernateAfter) {

    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    public StartOptions {
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive: " + startTimeout);
        }
        if (idleTimeout != null && idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must not be negative: " + idleTimeout);
        }
        if (hibernateAfter != null && hibernateAfter.isNegative()) {
            throw new IllegalArgumentException("hibernateAfter must not be negative: " + hibernateAfter);
        }
        if (name != null && name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank (use null for no name)");
        }
    }

    /** The options without {@code hibernateAfter} (null: the node decides). */
    public StartOptions(String name, Duration startTimeout, boolean trapExit, Duration idleTimeout) {
        this(name, startTimeout, trapExit, idleTimeout, null);
    }

    private static final StartOptions DEFAULTS = new StartOptions(null, DEFAULT_START_TIMEOUT, false, null, null);

    public static StartOptions defaults() {
        return DEFAULTS;
    }

    public StartOptions withName(String name) {
        return new StartOptions(name, startTimeout, trapExit, idleTimeout, hibernateAfter);
    }

    public StartOptions withStartTimeout(Duration startTimeout) {
        return new StartOptions(name, startTimeout, trapExit, idleTimeout, hibernateAfter);
    }

    public StartOptions withTrapExit(boolean trapExit) {
        return new StartOptions(name, startTimeout, trapExit, idleTimeout, hibernateAfter);
    }

    public StartOptions withIdleTimeout(Duration idleTimeout) {
        return new StartOptions(name, startTimeout, trapExit, idleTimeout, hibernateAfter);
    }

    /**
     * Sets how long the idle server keeps its thread, parked, before it hibernates ({@code gen_server}'s {@code
     * hibernate_after}; see {@link #hibernateAfter()}). The wait is timed coarsely: the server may hibernate up to
     * about 5 ms after {@code hibernateAfter} has passed (one tick of the thread that ends such waits, without a
     * JDK timer per wait; more if that thread waits for a core), never before.
     */
    public StartOptions withHibernateAfter(Duration hibernateAfter) {
        return new StartOptions(name, startTimeout, trapExit, idleTimeout, hibernateAfter);
    }
}
