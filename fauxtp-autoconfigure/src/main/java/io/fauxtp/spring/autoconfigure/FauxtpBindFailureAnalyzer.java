package io.fauxtp.spring.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Explains a {@code fauxtp.*} value that Spring's binder could not convert (an unknown strategy or restart type,
 * a malformed duration or number), listing the values that are accepted in the form they are written in YAML.
 * Runs before Boot's general bind analyzer, and leaves every other property to it.
 */
class FauxtpBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        String name = cause.getName().toString();
        if (!name.startsWith("fauxtp.")) {
            return null;
        }
        UnboundConfigurationPropertiesException unbound = findCause(cause,
                UnboundConfigurationPropertiesException.class);
        if (unbound != null) {
            return unknownKeys(unbound, cause);
        }
        ConfigurationProperty property = cause.getProperty();
        Object value = property != null ? property.getValue() : null;
        StringBuilder description = new StringBuilder("Invalid value for '").append(name).append("'");
        if (value != null) {
            description.append(": '").append(value).append("'");
        }
        if (property != null && property.getOrigin() != null) {
            description.append(" (from ").append(property.getOrigin()).append(")");
        }
        Class<?> type = cause.getTarget().getType().resolve(Object.class);
        description.append(" cannot be read as ").append(describe(type)).append('.');
        return new FailureAnalysis(description.toString(),
                "Set '%s' to %s.".formatted(name, expected(type)), cause);
    }

    private static FailureAnalysis unknownKeys(UnboundConfigurationPropertiesException unbound, BindException cause) {
        String keys = unbound.getUnboundProperties().stream()
                .sorted()
                .map(p -> "'" + p.getName() + "'" + (p.getOrigin() != null ? " (from " + p.getOrigin() + ")" : ""))
                .collect(Collectors.joining(", "));
        return new FailureAnalysis("Unknown fauxtp configuration keys: " + keys + ".",
                "Check the spelling. A supervisor under fauxtp.supervisors.<name> takes strategy, max-restarts, "
                        + "within and children; a child takes gen-server or supervisor, and name, id, restart, "
                        + "shutdown, trap-exit, backoff (initial, max, jitter) and args; fauxtp.defaults takes strategy, max-restarts, within, "
                        + "restart and shutdown.", cause);
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "a " + type.getSimpleName().toLowerCase(Locale.ROOT);
        }
        if (type == Duration.class) {
            return "a duration";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        return "a " + type.getSimpleName();
    }

    static String expected(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants())
                    .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .collect(Collectors.joining(", "));
        }
        if (type == Duration.class) {
            return "a duration such as 5s, 500ms, 1m or PT5S";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number such as 3";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        return "a valid " + type.getSimpleName();
    }

}
