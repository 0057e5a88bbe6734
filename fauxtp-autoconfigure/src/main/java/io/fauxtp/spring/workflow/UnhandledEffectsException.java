package io.fauxtp.spring.workflow;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown at startup when a {@code @GenServer} behaviour or a {@code @Workflow} requests an effect that no bean
 * handles. Explained by a failure analyzer that names each behaviour and effect.
 */
public final class UnhandledEffectsException extends IllegalStateException {

    /**
     * One effect requested without a handler.
     * @param kind {@code "GenServer"} or {@code "workflow"}
     * @param name the bean name of the behaviour or the workflow's name
     * @param effect the effect interface
     * @param holder where it is requested (a field, or the class that declares it with {@code @UsesEffects})
     */
    public record Missing(String kind, String name, Class<?> effect, String holder) {

        @Override
        public String toString() {
            return "%s '%s' requests effect %s (%s), which no bean handles".formatted(this.kind, this.name,
                    this.effect.getName(), this.holder);
        }

    }

    private final List<Missing> missing;

    /** @param missing what is requested without a handler, at least one */
    public UnhandledEffectsException(List<Missing> missing) {
        super(missing.stream().map(Missing::toString).collect(Collectors.joining("\n", "", "")));
        this.missing = List.copyOf(missing);
    }

    /** @return what is requested without a handler */
    public List<Missing> missing() {
        return this.missing;
    }

}
