package io.fauxtp.spring.workflow;

import java.util.List;

/**
 * Thrown at startup when more than one bean could handle an effect and none of them is {@code @Primary}.
 */
public final class AmbiguousEffectHandlerException extends IllegalStateException {

    private final Class<?> effect;

    private final List<String> beanNames;

    /**
     * @param effect the effect interface
     * @param beanNames the candidate beans
     */
    public AmbiguousEffectHandlerException(Class<?> effect, List<String> beanNames) {
        super("Effect %s has %d handler beans %s and none of them is @Primary".formatted(effect.getName(),
                beanNames.size(), beanNames));
        this.effect = effect;
        this.beanNames = List.copyOf(beanNames);
    }

    /** @return the effect interface */
    public Class<?> effect() {
        return this.effect;
    }

    /** @return the candidate beans */
    public List<String> beanNames() {
        return this.beanNames;
    }

}
