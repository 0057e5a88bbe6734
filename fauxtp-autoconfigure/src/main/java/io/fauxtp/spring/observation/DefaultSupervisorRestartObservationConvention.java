package io.fauxtp.spring.observation;

import io.fauxtp.spring.observability.ExitReasonClass;
import io.fauxtp.supervisor.RestartObserver;
import io.micrometer.common.KeyValues;
import java.util.Locale;

/**
 * The default name and key values of supervisor restart observations, {@value #NAME}: one per restart decision
 * (what a supervisor's intensity counts; a one-for-all restart of three children is one), from the decision to
 * the restart group started again, scheduled after a back-off delay, failed to start, or the supervisor giving up.
 *
 * <p>Low-cardinality key values: {@code fauxtp.supervisor} (the supervisor's name tag: a declared name, a limited
 * number of other registered names, {@code other}, or {@code unnamed}), {@code fauxtp.strategy}
 * ({@code one_for_one}, {@code one_for_all}, {@code rest_for_one}), {@code fauxtp.reason} (why the child exited:
 * {@code normal}, {@code shutdown}, {@code killed}, {@code abnormal}; {@code start_failed} for the retry of a
 * start that failed) and {@code fauxtp.outcome} ({@code restarted}, {@code delayed}, {@code start_failed},
 * {@code gave_up}). High-cardinality (spans only): {@code fauxtp.child}, the child's id. Boot's meter handler
 * adds {@code error} (the exception type of a failed start). Contextual name (span name):
 * {@code restart payments}.
 */
public class DefaultSupervisorRestartObservationConvention implements SupervisorRestartObservationConvention {

    /** The observation name. */
    public static final String NAME = "fauxtp.supervisor.restart";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(SupervisorRestartContext context) {
        return "restart " + context.supervisor();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(SupervisorRestartContext context) {
        RestartObserver.Outcome outcome = context.outcome();
        return KeyValues.of("fauxtp.supervisor", context.supervisor(), "fauxtp.strategy",
                lower(context.strategy()), "fauxtp.reason",
                (context.reason() != null) ? ExitReasonClass.of(context.reason()).tag() : "start_failed",
                "fauxtp.outcome", (outcome != null) ? lower(outcome) : "unknown");
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(SupervisorRestartContext context) {
        return KeyValues.of("fauxtp.child", context.childId());
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

}
