package io.fauxtp.spring.autoconfigure;

import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.DuplicateNameException;
import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.InvalidValueException;
import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.NotAGenServerException;
import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.SupervisorCycleException;
import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.UnknownGenServerException;
import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.UnknownSupervisorException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains every {@link SupervisionConfigurationException} at startup: the description says what is wrong and
 * where, the action names the property to change and how. Registered in {@code META-INF/spring.factories}.
 */
class SupervisionConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<SupervisionConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SupervisionConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(), action(cause), cause);
    }

    static String action(SupervisionConfigurationException cause) {
        return switch (cause) {
            case UnknownGenServerException e -> e.available().isEmpty()
                    ? ("Declare the behaviour: annotate a class implementing io.fauxtp.genserver.GenServer with "
                            + "@io.fauxtp.spring.GenServer(\"%s\"), or change '%s'. There are no GenServer beans yet.")
                            .formatted(e.beanName(), e.property())
                    : "Set '%s' to one of the GenServer beans %s, or declare a @GenServer bean named '%s'."
                            .formatted(e.property(), e.available(), e.beanName());
            case NotAGenServerException e -> ("Make %s implement io.fauxtp.genserver.GenServer, or set '%s' to a "
                    + "@GenServer bean.").formatted(e.actualType(), e.property());
            case DuplicateNameException e -> "Give each one its own name: change all but one of %s."
                    .formatted(String.join(", ", e.properties()));
            case UnknownSupervisorException e -> ("Set '%s' to one of the declared supervisors %s, or declare "
                    + "'fauxtp.supervisors.%s'.").formatted(e.property(), e.declared(), e.supervisor());
            case SupervisorCycleException e -> ("Remove the child at '%s' (or another link of the cycle %s) so "
                    + "that every tree has a root.").formatted(e.property(), String.join(" -> ", e.cycle()));
            case InvalidValueException e -> "Set '%s' to %s.".formatted(e.property(), e.expected());
        };
    }

}
