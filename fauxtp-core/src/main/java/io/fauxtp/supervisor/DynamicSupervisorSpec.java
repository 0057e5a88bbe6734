package io.fauxtp.supervisor;

import java.time.Duration;

/**
 * A dynamic supervisor: it starts with no children and supervises many children started at run time, usually
 * all from one {@code template} (Erlang's {@code simple_one_for_one}, Elixir's {@code DynamicSupervisor}).
 * Children are restarted one for one; each instance gets the id {@code template-id#n}.
 *
 * @param template    the spec {@link DynamicSupervisor#startChild(io.fauxtp.process.Pid)} starts, or null when
 *                    children are always given explicitly
 * @param maxRestarts restart intensity, as in {@link SupervisorSpec}
 * @param within      restart intensity period, as in {@link SupervisorSpec}
 * @param maxChildren the most children alive or restarting at once, or 0 for no limit
 */
public record DynamicSupervisorSpec(ChildSpec template, int maxRestarts, Duration within, int maxChildren) {

    public DynamicSupervisorSpec {
        SupervisorSpec.checkIntensity(maxRestarts, within);
        if (maxChildren < 0) {
            throw new IllegalArgumentException("maxChildren must be 0 (no limit) or positive, got " + maxChildren);
        }
    }

    /** Children of {@code template}, no limit, default intensity. */
    public static DynamicSupervisorSpec of(ChildSpec template) {
        return new DynamicSupervisorSpec(template, SupervisorSpec.DEFAULT_MAX_RESTARTS,
                SupervisorSpec.DEFAULT_WITHIN, 0);
    }

    /** No template: children are always given to {@link DynamicSupervisor#startChild(io.fauxtp.process.Pid, ChildSpec)}. */
    public static DynamicSupervisorSpec empty() {
        return of(null);
    }

    public DynamicSupervisorSpec withMaxChildren(int maxChildren) {
        return new DynamicSupervisorSpec(template, maxRestarts, within, maxChildren);
    }

    public DynamicSupervisorSpec withIntensity(int maxRestarts, Duration within) {
        return new DynamicSupervisorSpec(template, maxRestarts, within, maxChildren);
    }
}
