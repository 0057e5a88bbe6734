package io.fauxtp.effect.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** Reflective calls on effect implementations that rethrow what the implementation threw. */
public final class Invocations {

    private Invocations() {
    }

    /** Calls {@code method} on {@code target}; the implementation's own exception is rethrown unwrapped. */
    public static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            if (!method.canAccess(target)) {
                // Effect interfaces declared package-private (common in tests) need this to be callable here.
                method.setAccessible(true);
            }
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
