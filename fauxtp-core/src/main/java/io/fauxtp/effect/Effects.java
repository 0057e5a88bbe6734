package io.fauxtp.effect;

import io.fauxtp.effect.internal.RequestHandler;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Creates effect requests and inspects what code requests.
 *
 * <p>An effect is a Java interface. Code that needs one holds a <em>request</em> for it, made here: an object
 * implementing the interface whose every call is answered by the {@link EffectHandler} for that effect bound
 * in the calling thread's scope ({@link Handlers#bind()}), and fails with {@link UnhandledEffectException}
 * (naming the effect and the holder) when there is none.
 */
public final class Effects {

    private Effects() {
    }

    /**
     * A request for {@code effect}, held by {@code holder}.
     *
     * @param effect the effect interface
     * @param holder where the request is held, for error messages, e.g. {@code "OrderService.payments"}
     * @throws IllegalArgumentException when {@code effect} is not an interface
     */
    public static <E> E request(Class<E> effect, String holder) {
        checkEffectType(effect);
        Objects.requireNonNull(holder, "holder");
        Object proxy = Proxy.newProxyInstance(effect.getClassLoader(), new Class<?>[] {effect},
                new RequestHandler(effect, holder));
        return effect.cast(proxy);
    }

    /** Whether {@code value} is a request made by {@link #request(Class, String)}. */
    public static boolean isRequest(Object value) {
        return value != null && Proxy.isProxyClass(value.getClass())
                && Proxy.getInvocationHandler(value) instanceof RequestHandler;
    }

    /** The effect and holder of a request, or empty when {@code value} is not one. */
    public static Optional<EffectRequest> describe(Object value) {
        if (!isRequest(value)) {
            return Optional.empty();
        }
        RequestHandler h = (RequestHandler) Proxy.getInvocationHandler(value);
        return Optional.of(new EffectRequest(h.effect(), h.holder()));
    }

    /**
     * The effects {@code behaviour} requests: every request held in one of its fields (its class and
     * superclasses), then every effect its class declares with {@link UsesEffects}, in that order.
     */
    public static List<EffectRequest> requestedBy(Object behaviour) {
        Objects.requireNonNull(behaviour, "behaviour");
        List<EffectRequest> found = new ArrayList<>();
        for (Class<?> c = behaviour.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                Object value = read(f, behaviour);
                describe(value).ifPresent(found::add);
            }
        }
        found.addAll(declaredBy(behaviour.getClass()));
        return List.copyOf(found);
    }

    /** The effects a class declares with {@link UsesEffects} (on itself or a superclass). */
    public static List<EffectRequest> declaredBy(Class<?> type) {
        List<EffectRequest> found = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            UsesEffects uses = c.getDeclaredAnnotation(UsesEffects.class);
            if (uses != null) {
                for (Class<?> effect : uses.value()) {
                    checkEffectType(effect);
                    found.add(new EffectRequest(effect, c.getName()));
                }
            }
        }
        return List.copyOf(found);
    }

    /** The distinct effect types {@code behaviour} requests, in first-seen order. */
    public static Set<Class<?>> effectTypes(Object behaviour) {
        Set<Class<?>> types = new LinkedHashSet<>();
        requestedBy(behaviour).forEach(r -> types.add(r.effect()));
        return types;
    }

    /** The requests of {@code behaviour} that no handler bound in the calling thread's scope covers. */
    public static List<EffectRequest> unhandled(Object behaviour) {
        return unhandled(behaviour, Handlers.current());
    }

    /** The requests of {@code behaviour} that no handler in {@code handlers} covers (empty when all are). */
    public static List<EffectRequest> unhandled(Object behaviour, Handlers handlers) {
        Objects.requireNonNull(handlers, "handlers");
        return requestedBy(behaviour).stream().filter(r -> !handlers.covers(r.effect())).toList();
    }

    /** The name an effect is journaled under: its simple class name. */
    public static String name(Class<?> effect) {
        checkEffectType(effect);
        return effect.getSimpleName();
    }

    static void checkEffectType(Class<?> effect) {
        Objects.requireNonNull(effect, "effect");
        if (!effect.isInterface() || effect.isAnnotation()) {
            throw new IllegalArgumentException(effect.getName() + " is not an interface; an effect is declared "
                    + "as a Java interface whose methods are the operations handlers implement");
        }
    }

    private static Object read(Field f, Object target) {
        try {
            f.setAccessible(true);
            return f.get(target);
        } catch (RuntimeException | IllegalAccessException e) {
            // A field we may not read (a module boundary) cannot hold a request made for this behaviour.
            return null;
        }
    }
}
