package io.fauxtp.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains an {@link UnknownFauxtpPropertyException}: which property, and which one it most likely means. */
class UnknownFauxtpPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnknownFauxtpPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnknownFauxtpPropertyException cause) {
        String action = cause.suggestion() != null
                ? "Did you mean '%s'? Rename '%s' to it, or remove it.".formatted(cause.suggestion(), cause.property())
                : ("Remove '%s', or set one of the fauxtp properties listed in docs/configuration.md (your IDE "
                        + "completes them from the configuration metadata).").formatted(cause.property());
        return new FailureAnalysis(cause.getMessage(), action, cause);
    }

}
