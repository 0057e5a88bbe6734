package io.fauxtp.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a {@link SupervisionStartException}: which tree, and the child failure that stopped it. */
class SupervisionStartFailureAnalyzer extends AbstractFailureAnalyzer<SupervisionStartException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SupervisionStartException cause) {
        Throwable innermost = cause;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        String description = cause.getMessage()
                + (innermost != cause.getCause() ? " (caused by " + innermost + ")" : "");
        String action = ("Fix the failing child of 'fauxtp.supervisors.%s' (or of a supervisor nested in it): its "
                + "GenServer's init threw, or its init arguments under 'args' are wrong. The stack trace of the "
                + "cause shows where.").formatted(cause.tree());
        return new FailureAnalysis(description, action, cause);
    }

}
