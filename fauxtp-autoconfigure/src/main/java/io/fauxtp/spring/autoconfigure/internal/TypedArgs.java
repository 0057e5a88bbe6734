package io.fauxtp.spring.autoconfigure.internal;

import io.fauxtp.spring.GenServer;
import io.fauxtp.spring.autoconfigure.SupervisionModel;
import io.fauxtp.spring.autoconfigure.SupervisionModel.GenServerChild;
import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.InvalidValueException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.core.env.Environment;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.Validator;

/**
 * Binds the {@code args} of each child whose {@code @GenServer} declares an {@link GenServer#args() args type} to
 * that type, from the environment, as {@code @ConfigurationProperties} are bound: a mistake fails with a
 * {@link org.springframework.boot.context.properties.bind.BindException} naming the child's property, such as
 * {@code fauxtp.supervisors.warehouses.children[0].args.capacity}; a value the validator bean (Boot's JSR-303
 * {@code defaultValidator} when there is one) rejects, with an {@code InvalidValueException} naming it.
 */
public final class TypedArgs {

    private TypedArgs() {
    }

    /**
     * Binds the typed arguments of the model's GenServer children and templates.
     * @param model the checked model
     * @param beanFactory where the behaviour beans are
     * @param environment where the {@code args} are set
     * @param validator the validator to apply, or null for none
     * @return the bound arguments by the declaring property of the child; children without an args type are
     * not in it
     */
    public static Map<String, Object> bind(SupervisionModel model, ListableBeanFactory beanFactory,
            Environment environment, @Nullable Validator validator) {
        Binder binder = Binder.get(environment);
        BindHandler handler = new NoUnboundElementsBindHandler(BindHandler.DEFAULT);
        Map<String, Object> bound = new LinkedHashMap<>();
        for (GenServerChild child : model.genServers()) {
            Class<?> type = argsType(child.genServer(), beanFactory);
            if (type != null) {
                String property = child.property() + ".args";
                Object args = binder.bindOrCreate(property, Bindable.of(type), handler);
                if (validator != null) {
                    validate(property, args, validator);
                }
                bound.put(child.property(), args);
            }
        }
        return bound;
    }

    private static void validate(String property, Object args, Validator validator) {
        if (!validator.supports(args.getClass())) {
            return;
        }
        BeanPropertyBindingResult errors = new BeanPropertyBindingResult(args, property);
        validator.validate(args, errors);
        if (errors.hasErrors()) {
            ObjectError error = errors.getAllErrors().getFirst();
            String where = error instanceof FieldError field ? property + "." + kebab(field.getField()) : property;
            Object value = error instanceof FieldError field ? field.getRejectedValue() : args;
            throw new InvalidValueException(where, String.valueOf(value),
                    "a value that passes validation (" + error.getDefaultMessage() + ")");
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The args type a behaviour bean declares, or null when it declares none (a map of strings). */
    static @Nullable Class<?> argsType(String beanName, ListableBeanFactory beanFactory) {
        GenServer annotation = beanFactory.findAnnotationOnBean(beanName, GenServer.class);
        return annotation == null || annotation.args() == Map.class ? null : annotation.args();
    }

}
