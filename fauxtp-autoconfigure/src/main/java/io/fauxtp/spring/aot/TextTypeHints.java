package io.fauxtp.spring.aot;

import java.util.Collection;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;

/**
 * The reflection a text codec needs for its registered types: a record's canonical constructor and component
 * accessors (loading calls the one, dumping the others), an enum's constants. Spring's
 * {@link BindingReflectionHintsRegistrar} registers exactly that for records and enums, and the same for the
 * types of their components.
 */
final class TextTypeHints {

    private static final BindingReflectionHintsRegistrar BINDING = new BindingReflectionHintsRegistrar();

    private TextTypeHints() {
    }

    static void register(RuntimeHints hints, Collection<Class<?>> types) {
        for (Class<?> type : types) {
            if (type.isRecord() || type.isEnum()) {
                BINDING.registerReflectionHints(hints.reflection(), type);
            }
        }
    }

}
