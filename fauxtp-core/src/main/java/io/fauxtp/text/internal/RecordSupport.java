package io.fauxtp.text.internal;

import io.fauxtp.text.Bytes;
import io.fauxtp.text.Call;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reducer and constructor for a registered record type: components in declaration order, loaded positionally
 * or by keyword. Reflection here only ever touches the class the application registered, never a name read
 * from a document.
 */
public final class RecordSupport<R extends Record> {

    private final Class<R> type;
    private final String name;
    private final String[] names;
    private final Class<?>[] types;
    private final MethodHandle[] accessors;
    private final Constructor<R> canonical;

    private RecordSupport(Class<R> type, String name) {
        this.type = type;
        this.name = name;
        RecordComponent[] components = type.getRecordComponents();
        if (components == null) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        names = new String[components.length];
        types = new Class<?>[components.length];
        accessors = new MethodHandle[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                names[i] = components[i].getName();
                types[i] = components[i].getType();
                var accessor = components[i].getAccessor();
                accessor.setAccessible(true);
                accessors[i] = MethodHandles.lookup().unreflect(accessor);
            }
            canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("cannot register record " + type.getName() + " as '" + name
                    + "': its accessors or canonical constructor are not accessible (" + e.getMessage()
                    + "); make the record public or open its package to io.fauxtp", e);
        }
    }

    /** Support for {@code type} written as {@code name(...)}. */
    public static <R extends Record> RecordSupport<R> of(Class<R> type, String name) {
        Objects.requireNonNull(type, "type");
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record; use type(...) to register it");
        }
        return new RecordSupport<>(type, name);
    }

    /** The record as {@code name(component, ...)}. */
    public Call reduce(R value) throws Exception {
        Object[] args = new Object[accessors.length];
        for (int i = 0; i < accessors.length; i++) {
            try {
                args[i] = accessors[i].invoke(value);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
        return new Call(name, Arrays.asList(args), Map.of());
    }

    /** The record from positional and keyword arguments, converted to the component types. */
    public R construct(Call call) throws Exception {
        int n = names.length;
        if (call.args().size() > n) {
            throw new IllegalArgumentException(name + " takes " + n + " argument(s) " + Arrays.toString(names)
                    + ", got " + call.args().size() + " positional");
        }
        Object[] values = new Object[n];
        boolean[] given = new boolean[n];
        for (int i = 0; i < call.args().size(); i++) {
            values[i] = call.args().get(i);
            given[i] = true;
        }
        for (Map.Entry<String, Object> kw : call.kwargs().entrySet()) {
            int i = Arrays.asList(names).indexOf(kw.getKey());
            if (i < 0) {
                throw new IllegalArgumentException(name + " has no component '" + kw.getKey() + "'; its components are "
                        + Arrays.toString(names));
            }
            if (given[i]) {
                throw new IllegalArgumentException(name + " got component '" + kw.getKey() + "' twice");
            }
            values[i] = kw.getValue();
            given[i] = true;
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!given[i]) {
                missing.add(names[i]);
            } else {
                values[i] = convert(values[i], types[i], names[i]);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(name + " is missing component(s) " + missing);
        }
        try {
            return canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    private Object convert(Object v, Class<?> target, String component) {
        Class<?> boxed = MethodType.methodType(target).wrap().returnType();
        if (v == null) {
            if (target.isPrimitive()) {
                throw new IllegalArgumentException(name + "." + component + " is a " + target + " and cannot be None");
            }
            return null;
        }
        if (boxed.isInstance(v)) {
            return v;
        }
        if (v instanceof Long l) {
            if (boxed == Integer.class && l == l.intValue()) {
                return l.intValue();
            }
            if (boxed == Short.class && l == l.shortValue()) {
                return l.shortValue();
            }
            if (boxed == Byte.class && l == l.byteValue()) {
                return l.byteValue();
            }
            if (boxed == BigInteger.class) {
                return BigInteger.valueOf(l);
            }
            if (boxed == Double.class) {
                return l.doubleValue();
            }
            if (boxed == Integer.class || boxed == Short.class || boxed == Byte.class) {
                throw new IllegalArgumentException(name + "." + component + " is a " + target.getSimpleName()
                        + " and " + l + " is out of its range");
            }
        }
        if (v instanceof Double d && boxed == Float.class) {
            return d.floatValue();
        }
        if (v instanceof Bytes b && target == byte[].class) {
            return b.toByteArray();
        }
        if (v instanceof String s && boxed == Character.class && s.length() == 1) {
            return s.charAt(0);
        }
        throw new IllegalArgumentException(name + "." + component + " must be a " + target.getSimpleName() + ", got a "
                + v.getClass().getSimpleName() + " (" + PyRepr.display(v) + ")");
    }

    /** The enum constant named by the single string argument of {@code call}. */
    public static <E extends Enum<E>> E enumConstant(Class<E> type, Call call) {
        if (call.args().size() != 1 || !call.kwargs().isEmpty() || !(call.args().get(0) instanceof String s)) {
            throw new IllegalArgumentException(call.name() + " takes one string, the constant's name, e.g. "
                    + call.name() + "('NAME')");
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(s)) {
                return e;
            }
        }
        List<String> known = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            known.add(e.name());
        }
        throw new IllegalArgumentException(call.name() + " has no constant '" + s + "'; it has " + known);
    }

    @Override
    public String toString() {
        return "RecordSupport[" + type.getName() + " as " + name + "]";
    }
}
