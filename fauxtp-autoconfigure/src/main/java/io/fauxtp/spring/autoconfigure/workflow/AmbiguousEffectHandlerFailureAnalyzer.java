package io.fauxtp.spring.autoconfigure.workflow;

import io.fauxtp.spring.workflow.AmbiguousEffectHandlerException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link AmbiguousEffectHandlerException}. Registered in {@code META-INF/spring.factories}.
 */
class AmbiguousEffectHandlerFailureAnalyzer extends AbstractFailureAnalyzer<AmbiguousEffectHandlerException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, AmbiguousEffectHandlerException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Mark the handler to use with @Primary (a test can declare a @Primary replacement), keep only one "
                        + "of %s active (e.g. with @Profile), or remove the others.".formatted(cause.beanNames()),
                cause);
    }

}
