package io.fauxtp.spring.observation;

import io.fauxtp.process.ExitReason;
import io.fauxtp.supervisor.RestartObserver;
import io.fauxtp.supervisor.Strategy;
import io.micrometer.observation.Observation;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an observation of a supervisor restart knows: the supervisor's name tag and strategy, the child whose exit
 * (or failed start) caused the restart and why, and, once it ended, its outcome. The supervisor's name tag comes
 * from the declared names and a limited number of other registered names ({@code other} beyond).
 */
public final class SupervisorRestartContext extends Observation.Context {

    private final String supervisor;

    private final Strategy strategy;

    private final String childId;

    private final @Nullable ExitReason reason;

    private RestartObserver.@Nullable Outcome outcome;

    /**
     * Creates a context.
     * @param supervisor the supervisor's name tag
     * @param strategy its strategy
     * @param childId the id of the child that caused the restart
     * @param reason why it exited, or null for the retry of a failed start
     */
    public SupervisorRestartContext(String supervisor, Strategy strategy, String childId,
            @Nullable ExitReason reason) {
        this.supervisor = Objects.requireNonNull(supervisor, "supervisor");
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.childId = Objects.requireNonNull(childId, "childId");
        this.reason = reason;
    }

    /** @return the supervisor's name tag (a declared or admitted registered name, {@code other} or {@code unnamed}) */
    public String supervisor() {
        return this.supervisor;
    }

    /** @return the supervisor's strategy */
    public Strategy strategy() {
        return this.strategy;
    }

    /** @return the id of the child whose exit or failed start caused the restart */
    public String childId() {
        return this.childId;
    }

    /** @return why the child exited, or null when the restart retries a start that failed */
    public @Nullable ExitReason reason() {
        return this.reason;
    }

    /** @return how the restart ended, or null while it runs */
    public RestartObserver.@Nullable Outcome outcome() {
        return this.outcome;
    }

    void outcome(RestartObserver.Outcome outcome) {
        this.outcome = outcome;
    }

}
