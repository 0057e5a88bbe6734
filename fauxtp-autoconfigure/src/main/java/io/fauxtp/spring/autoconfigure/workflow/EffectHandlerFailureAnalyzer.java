package io.fauxtp.spring.autoconfigure.workflow;

import io.fauxtp.spring.workflow.UnhandledEffectsException;
import io.fauxtp.spring.workflow.UnhandledEffectsException.Missing;
import java.util.stream.Collectors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link UnhandledEffectsException}: which behaviour or workflow requests which effect, and how to
 * provide a handler. Registered in {@code META-INF/spring.factories}.
 */
class EffectHandlerFailureAnalyzer extends AbstractFailureAnalyzer<UnhandledEffectsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnhandledEffectsException cause) {
        String description = cause.missing().stream().map(Missing::toString)
                .collect(Collectors.joining("\n  ", "Effects requested without a handler:\n  ", ""));
        String effects = cause.missing().stream().map(missing -> missing.effect().getName()).distinct()
                .collect(Collectors.joining(", "));
        String action = ("Declare a bean implementing each of %s (its bean name becomes the handler id), or an "
                + "io.fauxtp.effect.EffectHandler bean for it; use @Primary or a profile to choose between "
                + "several. Or remove the request from the behaviour.").formatted(effects);
        return new FailureAnalysis(description, action, cause);
    }

}
