package io.fauxtp.workflow.internal;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Value comparison and conversion that survive the text format: a journal loaded from text may hold a
 * {@code Long} where the live run had an {@code Integer}, or a list where it had an array.
 */
public final class Values {

    private static final int MAX_DEPTH = 256;
    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            for (RecordComponent c : components) {
                try {
                    c.getAccessor().setAccessible(true);
                } catch (RuntimeException e) {
                    // inaccessible: component() then reports the values as different
                }
            }
            return components;
        }
    };

    private Values() {
    }

    /** Whether {@code a} and {@code b} are the same value, numbers compared by value, containers element-wise. */
    public static boolean equivalent(Object a, Object b) {
        return equivalent(a, b, 0);
    }

    private static boolean equivalent(Object a, Object b, int depth) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null || depth > MAX_DEPTH) {
            return false;
        }
        if (a.equals(b)) {
            return true;   // the common case; the rules below only forgive representation differences
        }
        if (a instanceof Number x && b instanceof Number y) {
            return sameNumber(x, y);
        }
        if (a.getClass().isArray() && !(a instanceof byte[])) {
            a = asList(a);
        }
        if (b.getClass().isArray() && !(b instanceof byte[])) {
            b = asList(b);
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> i = x.iterator();
            Iterator<?> j = y.iterator();
            while (i.hasNext()) {
                if (!equivalent(i.next(), j.next(), depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Set<?> x && b instanceof Set<?> y) {
            return x.size() == y.size() && x.stream().allMatch(e -> containsEquivalent(y, e, depth));
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                boolean found = false;
                for (Map.Entry<?, ?> f : y.entrySet()) {
                    if (equivalent(e.getKey(), f.getKey(), depth + 1)) {
                        found = equivalent(e.getValue(), f.getValue(), depth + 1);
                        break;
                    }
                }
                if (!found) {
                    return false;
                }
            }
            return true;
        }
        if (a.getClass().isRecord() && a.getClass() == b.getClass()) {
            for (RecordComponent c : COMPONENTS.get(a.getClass())) {
                if (!equivalent(component(c, a), component(c, b), depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static boolean containsEquivalent(Collection<?> c, Object e, int depth) {
        for (Object o : c) {
            if (equivalent(o, e, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    private static Object component(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new Object();   // unreadable: compares unequal to anything but itself
        }
    }

    private static boolean sameNumber(Number x, Number y) {
        if (isIntegral(x) && isIntegral(y)) {
            return toBigInteger(x).equals(toBigInteger(y));
        }
        if (x instanceof BigDecimal || y instanceof BigDecimal) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        double dx = x.doubleValue();
        double dy = y.doubleValue();
        return Double.compare(dx, dy) == 0 || dx == dy;
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n instanceof BigInteger;
    }

    private static BigInteger toBigInteger(Number n) {
        return n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue());
    }

    private static List<Object> asList(Object array) {
        int n = Array.getLength(array);
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(Array.get(array, i));
        }
        return list;
    }

    /**
     * {@code value} as a {@code type}: itself when it is one, a number converted to another numeric type
     * (exactly, or an {@link ArithmeticException}), {@code null} for {@code void}.
     *
     * @throws ClassCastException when {@code value} cannot be one
     */
    public static Object coerce(Object value, Class<?> type) {
        if (type == void.class || type == Void.class) {
            return null;
        }
        Class<?> boxed = box(type);
        if (value == null) {
            if (type.isPrimitive()) {
                throw new ClassCastException("null cannot be a " + type.getName());
            }
            return null;
        }
        if (boxed.isInstance(value)) {
            return value;
        }
        if (value instanceof Number n) {
            if (boxed == Integer.class) {
                return Math.toIntExact(exactLong(n));
            } else if (boxed == Long.class) {
                return exactLong(n);
            } else if (boxed == Short.class) {
                return (short) Math.toIntExact(checkRange(exactLong(n), Short.MIN_VALUE, Short.MAX_VALUE));
            } else if (boxed == Byte.class) {
                return (byte) Math.toIntExact(checkRange(exactLong(n), Byte.MIN_VALUE, Byte.MAX_VALUE));
            } else if (boxed == BigInteger.class && isIntegral(n)) {
                return toBigInteger(n);
            } else if (boxed == Double.class) {
                return n.doubleValue();
            } else if (boxed == Float.class) {
                return n.floatValue();
            } else if (boxed == BigDecimal.class) {
                return new BigDecimal(n.toString());
            }
        }
        throw new ClassCastException(value.getClass().getName() + " cannot be a " + type.getName());
    }

    private static long exactLong(Number n) {
        if (n instanceof BigInteger b) {
            return b.longValueExact();
        }
        if (!isIntegral(n)) {
            throw new ArithmeticException(n + " is not an integer");
        }
        return n.longValue();
    }

    private static long checkRange(long v, long min, long max) {
        if (v < min || v > max) {
            throw new ArithmeticException(v + " is out of range");
        }
        return v;
    }

    private static Class<?> box(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return switch (type.getName()) {
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "double" -> Double.class;
            case "float" -> Float.class;
            case "boolean" -> Boolean.class;
            case "short" -> Short.class;
            case "byte" -> Byte.class;
            case "char" -> Character.class;
            default -> type;
        };
    }
}
