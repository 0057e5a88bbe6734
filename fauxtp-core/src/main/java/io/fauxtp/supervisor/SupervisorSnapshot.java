package io.fauxtp.supervisor;

import io.fauxtp.process.Pid;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of one supervisor, published (immutable) by the supervisor itself after every change and readable
 * from any thread without messaging it ({@link Supervisor#snapshot}, {@link Supervisor#supervisors}). Health,
 * metrics and the actuator tree read only this.
 *
 * @param pid              the supervisor
 * @param name             its registered name, or null
 * @param parent           the process that started it linked (usually its own supervisor), or null
 * @param dynamic          whether it is a {@link DynamicSupervisor}
 * @param strategy         its strategy ({@link Strategy#ONE_FOR_ONE} for dynamic supervisors)
 * @param maxRestarts      the intensity limit
 * @param within           the intensity period
 * @param restartsInWindow restarts counted in the window at the time of publication
 * @param totalRestarts    restarts since this supervisor started
 * @param gaveUp           whether it exceeded its intensity and is shutting down
 * @param children         the children in start order
 * @param publishedAt      when this snapshot was taken
 */
public record SupervisorSnapshot(Pid pid, String name, Pid parent, boolean dynamic, Strategy strategy,
                                 int maxRestarts, Duration within, int restartsInWindow, long totalRestarts,
                                 boolean gaveUp, List<ChildInfo> children, Instant publishedAt) {

    public SupervisorSnapshot {
        Objects.requireNonNull(pid, "pid");
        children = List.copyOf(children);
    }

    /** The child with {@code id}, if the supervisor knows it. */
    public Optional<ChildInfo> child(String id) {
        for (ChildInfo c : children) {
            if (c.id().equals(id)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The counts of {@link #children}. */
    public ChildCounts counts() {
        int active = 0;
        int supervisors = 0;
        for (ChildInfo c : children) {
            if (c.isRunning()) {
                active++;
            }
            if (c.type() == ChildType.SUPERVISOR) {
                supervisors++;
            }
        }
        return new ChildCounts(children.size(), active, supervisors, children.size() - supervisors);
    }
}
