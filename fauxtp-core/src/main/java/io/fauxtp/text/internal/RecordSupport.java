package io.fauxtp.text.internal;

import io.fauxtp.text.Bytes;
import io.fauxtp.text.Call;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private final Type[] genericTypes;
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
        genericTypes = new Type[components.length];
        accessors = new MethodHandle[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                names[i] = components[i].getName();
                types[i] = components[i].getType();
                genericTypes[i] = components[i].getGenericType();
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
                values[i] = convert(values[i], genericTypes[i], name + "." + names[i]);
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

    /**
     * {@code v} as a {@code type}: numbers converted to the declared width, and the elements of a
     * {@code List<E>}, {@code Set<E>}, {@code Collection<E>} or {@code Map<K, V>} checked (and converted) against
     * the declared element types, so a {@code List<String>} never holds a Long. A collection is copied only if an
     * element changed, so shared values stay shared.
     */
    private Object convert(Object v, Type type, String path) {
        Object converted = convertScalar(v, raw(type), path);
        if (converted == null || !(type instanceof ParameterizedType p)) {
            return converted;
        }
        Type[] args = p.getActualTypeArguments();
        Class<?> raw = raw(type);
        if (args.length == 1 && (raw == List.class || raw == Collection.class || raw == Iterable.class)
                && converted instanceof List<?> list) {
            List<Object> out = null;
            for (int i = 0; i < list.size(); i++) {
                Object e = list.get(i);
                Object c = convert(e, args[0], path + "[" + i + "]");
                if (c != e && out == null) {
                    out = new ArrayList<>(list.subList(0, i));
                }
                if (out != null) {
                    out.add(c);
                }
            }
            return out == null ? list : out;
        }
        if (args.length == 1 && (raw == Set.class || raw == Collection.class || raw == Iterable.class)
                && converted instanceof Set<?> set) {
            Set<Object> out = new LinkedHashSet<>();
            boolean changed = false;
            for (Object e : set) {
                Object c = convert(e, args[0], path + " element");
                changed |= c != e;
                out.add(c);
            }
            return changed ? out : set;
        }
        if (args.length == 2 && raw == Map.class && converted instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            boolean changed = false;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object k = convert(e.getKey(), args[0], path + " key");
                Object c = convert(e.getValue(), args[1], path + "[" + Summary.of(e.getKey(), 40) + "]");
                changed |= k != e.getKey() || c != e.getValue();
                out.put(k, c);
            }
            return changed ? out : map;
        }
        return converted;
    }

    /** The class a declared type stands for: a wildcard or type variable by its (first) upper bound. */
    private static Class<?> raw(Type type) {
        return switch (type) {
            case Class<?> c -> c;
            case ParameterizedType p -> raw(p.getRawType());
            case WildcardType w -> raw(w.getUpperBounds()[0]);
            case TypeVariable<?> v -> raw(v.getBounds()[0]);
            case GenericArrayType a -> java.lang.reflect.Array.newInstance(raw(a.getGenericComponentType()), 0)
                    .getClass();
            default -> Object.class;
        };
    }

    private Object convertScalar(Object v, Class<?> target, String component) {
        Class<?> boxed = MethodType.methodType(target).wrap().returnType();
        if (v == null) {
            if (target.isPrimitive()) {
                throw new IllegalArgumentException(component + " is a " + target + " and cannot be None");
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
                throw new IllegalArgumentException(component + " is a " + target.getSimpleName()
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
        throw new IllegalArgumentException(component + " must be a " + target.getSimpleName() + ", got a "
                + v.getClass().getSimpleName() + " (" + Summary.of(v, 100) + ")");
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
