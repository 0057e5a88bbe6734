package io.fauxtp.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A supervisor: its strategy, its restart intensity and its children in start order.
 *
 * <p>Restart intensity: if more than {@code maxRestarts} restarts happen within any {@code within} period (a
 * sliding window), the supervisor gives up: it terminates all its children in reverse start order and exits
 * with {@code shutdown} (as OTP's does; the reason goes to the log and the gave-up event), so that its own supervisor applies its strategy
 * (escalation). The defaults are 3 restarts in 5 seconds.
 *
 * @param strategy    what is restarted when a child exits
 * @param maxRestarts restarts allowed within {@code within}; 0 means give up at the first restart
 * @param within      the length of the sliding window, positive
 * @param children    the children, started in this order and stopped in reverse; ids unique
 */
public record SupervisorSpec(Strategy strategy, int maxRestarts, Duration within, List<ChildSpec> children) {

    public static final int DEFAULT_MAX_RESTARTS = 3;
    public static final Duration DEFAULT_WITHIN = Duration.ofSeconds(5);

    public SupervisorSpec {
        Objects.requireNonNull(strategy, "strategy is null (use Strategy.ONE_FOR_ONE, ONE_FOR_ALL or REST_FOR_ONE)");
        checkIntensity(maxRestarts, within);
        Objects.requireNonNull(children, "children is null (use an empty list for none)");
        children = List.copyOf(children);
        Set<String> ids = new HashSet<>();
        for (ChildSpec child : children) {
            if (!ids.add(child.id())) {
                throw new IllegalArgumentException("duplicate child id '" + child.id()
                        + "' in supervisor spec: child ids must be unique within a supervisor");
            }
        }
    }

    static void checkIntensity(int maxRestarts, Duration within) {
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts must not be negative, got " + maxRestarts);
        }
        Objects.requireNonNull(within, "within is null");
        if (within.isNegative() || within.isZero()) {
            throw new IllegalArgumentException("the intensity period 'within' must be positive, got " + within);
        }
    }

    public static SupervisorSpec of(Strategy strategy, List<ChildSpec> children) {
        return new SupervisorSpec(strategy, DEFAULT_MAX_RESTARTS, DEFAULT_WITHIN, children);
    }

    public static SupervisorSpec oneForOne(ChildSpec... children) {
        return of(Strategy.ONE_FOR_ONE, List.of(children));
    }

    public static SupervisorSpec oneForAll(ChildSpec... children) {
        return of(Strategy.ONE_FOR_ALL, List.of(children));
    }

    public static SupervisorSpec restForOne(ChildSpec... children) {
        return of(Strategy.REST_FOR_ONE, List.of(children));
    }

    /** The same spec allowing {@code maxRestarts} restarts within {@code within}. */
    public SupervisorSpec withIntensity(int maxRestarts, Duration within) {
        return new SupervisorSpec(strategy, maxRestarts, within, children);
    }

    /** The same spec with {@code child} appended. */
    public SupervisorSpec withChild(ChildSpec child) {
        List<ChildSpec> more = new ArrayList<>(children);
        more.add(Objects.requireNonNull(child, "child"));
        return new SupervisorSpec(strategy, maxRestarts, within, more);
    }
}
