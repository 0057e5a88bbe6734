package io.fauxtp.spring.autoconfigure;

import io.fauxtp.supervisor.ChildStartException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link SupervisionStartException}: which tree, which child (by the property that declares it), and
 * why, each said once.
 */
class SupervisionStartFailureAnalyzer extends AbstractFailureAnalyzer<SupervisionStartException> {

    /** Where Spring Boot logs the stack trace of a failure it has analysed, at debug level only. */
    private static final String STACK_TRACE_HINT = "To see the stack trace, set "
            + "'logging.level.org.springframework.boot.diagnostics=debug' (or start with --debug).";

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SupervisionStartException cause) {
        String description = cause.getMessage() + ": " + reason(cause.getCause());
        String action;
        if (cause.child() != null && cause.genServer() != null) {
            action = "Fix the init of GenServer bean '%s' or the child's init arguments under '%s.args'. %s"
                    .formatted(cause.genServer(), cause.child(), STACK_TRACE_HINT);
        }
        else if (cause.child() != null) {
            action = "Fix the child declared by '%s'. %s".formatted(cause.child(), STACK_TRACE_HINT);
        }
        else {
            action = ("Fix the failing child of 'fauxtp.supervisors.%s' (or of a supervisor nested in it): its "
                    + "GenServer's init threw, or its init arguments under 'args' are wrong. %s")
                    .formatted(cause.tree(), STACK_TRACE_HINT);
        }
        return new FailureAnalysis(description, action, cause);
    }

    /**
     * The causes, outermost first, without the supervisors' wrappers (whose messages repeat their causes') and
     * without a wrapper whose message only repeats its own cause.
     */
    private static String reason(Throwable first) {
        List<String> parts = new ArrayList<>();
        for (Throwable current = first; current != null; current = current.getCause()) {
            Throwable next = current.getCause();
            boolean repeatsItsCause = next != null && current.getMessage() != null
                    && next.getMessage() != null && current.getMessage().contains(next.getMessage());
            if (current instanceof ChildStartException || repeatsItsCause) {
                if (next == null) {
                    parts.add(current.getMessage());
                }
                continue;
            }
            parts.add(current.toString());
            if (next == current) {
                break;
            }
        }
        return String.join("; caused by ", parts);
    }

}
