package io.fauxtp.text.internal;

import io.fauxtp.text.Bytes;
import io.fauxtp.text.Call;
import io.fauxtp.text.Tuple;
import java.lang.reflect.RecordComponent;
import java.time.temporal.TemporalAccessor;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * A value written for a message, within a fixed character budget: the walk stops when the budget is spent, a
 * string is cut to what is left, and an object met twice (a shared value, however often a document refers to
 * it) is written once and then as {@code <shared>}. So the work and the text are bounded by the budget, never
 * by the value's expanded size. Objects of unknown classes are written by class name, since their
 * {@code toString} could be unbounded.
 */
public final class Summary {

    private static final int MAX_DEPTH = 32;
    private static final String MORE = "…";

    private final StringBuilder out = new StringBuilder();
    private final int budget;
    private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());

    private Summary(int budget) {
        this.budget = budget;
    }

    /** {@code value} in at most about {@code maxChars} characters. */
    public static String of(Object value, int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be at least 1, got " + maxChars);
        }
        Summary s = new Summary(maxChars);
        s.value(value, 0);
        return s.out.toString();
    }

    /** {@code text} itself if it has at most {@code maxChars} characters, else its start and how much is left out. */
    public static String excerpt(String text, int maxChars) {
        if (text == null || text.length() <= maxChars) {
            return text;
        }
        return text.substring(0, maxChars) + MORE + " (" + (text.length() - maxChars) + " more characters)";
    }

    private boolean full() {
        return out.length() >= budget;
    }

    private void value(Object v, int depth) {
        if (full()) {
            return;
        }
        switch (v) {
            case null -> out.append("None");
            case Boolean b -> out.append(b ? "True" : "False");
            case String s -> string(s);
            case Double d -> out.append(PyRepr.floatRepr(d));
            case Float f -> out.append(PyRepr.floatRepr(f));
            case Number n when n.getClass().getName().startsWith("java.") -> number(n);
            case Character c -> string(String.valueOf(c));
            case Enum<?> e -> out.append(e.name());
            case TemporalAccessor t when t.getClass().getName().startsWith("java.time.") -> out.append(t);
            case java.time.Duration d -> out.append(d);
            case Bytes b -> bytes(b.toByteArray());
            case byte[] b -> bytes(b);
            default -> composite(v, depth);
        }
        if (out.length() > budget) {
            out.setLength(budget);
            out.append(MORE);
        }
    }

    private void number(Number n) {
        String digits = n instanceof java.math.BigInteger b && ExpandedSize.decimalDigits(b) > budget
                ? "<an integer of about " + ExpandedSize.decimalDigits(b) + " digits>" : n.toString();
        out.append(digits);
    }

    private void string(String s) {
        int room = Math.max(0, budget - out.length());
        if (s.length() <= room) {
            PyRepr.appendStr(out, s);
        } else {
            PyRepr.appendStr(out, s.substring(0, room));
            out.append(MORE);
        }
    }

    private void bytes(byte[] b) {
        int room = Math.max(0, budget - out.length());
        out.append(PyRepr.bytes(b.length <= room ? b : Arrays.copyOf(b, room)));
        if (b.length > room) {
            out.append(MORE);
        }
    }

    private void composite(Object v, int depth) {
        if (!seen.add(v)) {
            out.append("<shared>");
            return;
        }
        if (depth >= MAX_DEPTH) {
            out.append(MORE);
            return;
        }
        switch (v) {
            case Map<?, ?> m -> {
                out.append('{');
                Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
                while (it.hasNext() && !full()) {
                    Map.Entry<?, ?> e = it.next();
                    value(e.getKey(), depth + 1);
                    out.append(": ");
                    value(e.getValue(), depth + 1);
                    separator(it.hasNext());
                }
                out.append('}');
            }
            case Tuple t -> elements("(", t.toList(), ")", depth);
            case java.util.List<?> l -> elements("[", l, "]", depth);
            case Set<?> s -> elements("{", s, "}", depth);
            case Call c -> call(c.name(), c.args(), c.kwargs(), depth);
            case Record r -> record(r, depth);
            default -> out.append('<').append(v.getClass().getSimpleName()).append('>');
        }
    }

    private void elements(String open, Iterable<?> items, String close, int depth) {
        out.append(open);
        Iterator<?> it = items.iterator();
        while (it.hasNext() && !full()) {
            value(it.next(), depth + 1);
            separator(it.hasNext());
        }
        out.append(close);
    }

    private void separator(boolean more) {
        if (more) {
            out.append(full() ? MORE : ", ");
        }
    }

    private void call(String name, Iterable<?> args, Map<String, ?> kwargs, int depth) {
        out.append(name).append('(');
        Iterator<?> it = args.iterator();
        while (it.hasNext() && !full()) {
            value(it.next(), depth + 1);
            separator(it.hasNext() || !kwargs.isEmpty());
        }
        Iterator<? extends Map.Entry<String, ?>> kw = kwargs.entrySet().iterator();
        while (kw.hasNext() && !full()) {
            Map.Entry<String, ?> e = kw.next();
            out.append(e.getKey()).append('=');
            value(e.getValue(), depth + 1);
            separator(kw.hasNext());
        }
        out.append(')');
    }

    private void record(Record r, int depth) {
        out.append(r.getClass().getSimpleName()).append('[');
        RecordComponent[] components = r.getClass().getRecordComponents();
        for (int i = 0; i < components.length && !full(); i++) {
            out.append(components[i].getName()).append('=');
            Object component;
            try {
                var accessor = components[i].getAccessor();
                if (!accessor.trySetAccessible()) {
                    out.append('?');
                    separator(i + 1 < components.length);
                    continue;
                }
                component = accessor.invoke(r);
            } catch (ReflectiveOperationException | RuntimeException e) {
                out.append('?');
                separator(i + 1 < components.length);
                continue;
            }
            value(component, depth + 1);
            separator(i + 1 < components.length);
        }
        out.append(']');
    }
}
