package io.fauxtp.effect.internal;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.effect.Handlers;
import io.fauxtp.effect.UnhandledEffectException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.Optional;

/** The invocation handler behind an effect request: forwards to the handler in scope, or fails. */
public final class RequestHandler implements InvocationHandler {

    private final Class<?> effect;
    private final String holder;

    public RequestHandler(Class<?> effect, String holder) {
        this.effect = effect;
        this.holder = holder;
    }

    public Class<?> effect() {
        return effect;
    }

    public String holder() {
        return holder;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "request for " + effect.getSimpleName() + " held by " + holder;
            };
        }
        Optional<? extends EffectHandler<?>> handler = Handlers.current().lookup(effect);
        if (handler.isEmpty()) {
            throw new UnhandledEffectException(effect, holder, method.getName());
        }
        return Invocations.invoke(method, handler.get().implementation(), args);
    }
}
