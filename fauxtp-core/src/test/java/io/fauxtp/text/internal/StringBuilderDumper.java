package io.fauxtp.text.internal;

import io.fauxtp.text.Bytes;
import io.fauxtp.text.Call;
import io.fauxtp.text.LoadLimits;
import io.fauxtp.text.TextCodec.Reducer;
import io.fauxtp.text.TextDumpException;
import io.fauxtp.text.TextFormat;
import io.fauxtp.text.Tuple;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

/**
 * The dumper as it was before it wrote into a {@link TextBuffer}: a {@code StringBuilder} for the compact text
 * and for the pretty layout's line. Kept in the tests only, as the reference {@code TextBufferDumpTest} compares
 * the {@link Dumper}'s text with, character for character.
 *
 * <p>Writes values as otf text. The walk is pre-order, depth-first, left to right; every node takes one position
 * (constants, containers, dict keys and values, a custom node and each of its arguments, refs), and a repeated
 * object is written as {@code ref(N)}, N being the distance back to its most recent occurrence.
 *
 * <p>The walk enforces the codec's {@link LoadLimits} as the loader counts them (nodes, references, integer
 * digits, depth, expanded nodes and characters, text length), so whatever a codec writes, it can read back; the
 * error names the path of the value that crossed a limit.
 */
public final class StringBuilderDumper {

    /**
     * Strings and bytes at least this long are shared by equality, as otf's {@code string_hashcon_length}; a
     * string's length is counted in code points, as Python's {@code len} counts it.
     */
    public static final int SHARED_STRING_LENGTH = 32;

    /** A str longer than this (in code points) that holds a newline is written line by line in PRETTY, as otf. */
    private static final int PRETTY_MULTILINE_LENGTH = 60;

    private final Map<Class<?>, Reducer<?>> reducers;
    private final LoadLimits limits;
    private final int maxDepth;
    private final ClassValue<Reducer<?>> lookup = new ClassValue<>() {
        @Override
        protected Reducer<?> computeValue(Class<?> type) {
            return findReducer(type);
        }
    };

    public StringBuilderDumper(Map<Class<?>, Reducer<?>> reducers, LoadLimits limits) {
        this.reducers = reducers;
        this.limits = limits;
        this.maxDepth = limits.maxDepth();
    }

    public String dump(Object value, TextFormat format) {
        Out out = switch (format) {
            case TextFormat.Compact c -> new CompactOut();
            case TextFormat.Pretty p -> new PrettyOut(p.width(), p.indent());
        };
        new Walk(out, format instanceof TextFormat.Pretty).value(value, 0);
        String text = out.finish();
        if (text.length() > limits.maxInputChars()) {
            throw new TextDumpException("", "the text is " + text.length() + " characters long, over "
                    + limits.maxInputChars() + " (LoadLimits.maxInputChars): it could not be loaded back; "
                    + "write less or raise the codec's limits", null);
        }
        return text;
    }

    private Reducer<?> findReducer(Class<?> type) {
        ArrayDeque<Class<?>> queue = new ArrayDeque<>();
        queue.add(type);
        while (!queue.isEmpty()) {
            Class<?> c = queue.poll();
            Reducer<?> r = reducers.get(c);
            if (r != null) {
                return r;
            }
            if (c.getSuperclass() != null) {
                queue.add(c.getSuperclass());
            }
            queue.addAll(List.of(c.getInterfaces()));
        }
        return null;
    }

    /** One dump: positions, sharing and the path for error messages. */
    private final class Walk {
        private final Out out;
        private final boolean pretty;
        private int position;
        /** Every container written: its last position (or in progress) and the size it stands for. */
        private final SeenContainers seen = new SeenContainers();
        private final HashMap<Object, Integer> lastSeenLongStrings = new HashMap<>();
        private final DumpPath path = new DumpPath();
        /** Constructor names and keywords already checked in this dump: each is checked once, not per call. */
        private final HashSet<String> checkedNames = new HashSet<>();
        private final HashSet<String> checkedKeywords = new HashSet<>();
        private final Class<?>[] recentTypes = new Class<?>[4];
        private final Reducer<?>[] recentReducers = new Reducer<?>[4];
        private int nextRecent;
        private int refs;
        private long expandedNodes;
        private long expandedChars;

        Walk(Out out, boolean pretty) {
            this.out = out;
            this.pretty = pretty;
        }

        void value(Object v, int depth) {
            switch (v) {
                case null -> atom("None");
                case Boolean b -> atom(b ? "True" : "False");
                case Long l -> integer(l);
                case Integer i -> integer(Integer.toString(i));
                case Short s -> integer(Short.toString(s));
                case Byte b -> integer(Byte.toString(b));
                case BigInteger b -> integer(b.toString());
                case Double d -> floating(d);
                case Float f -> atom(PyRepr.floatRepr(f.doubleValue()));
                case String s -> string(s);
                case Bytes b -> bytes(b, b.length());
                case byte[] b -> bytes(Bytes.of(b), b.length);
                default -> shared(v, depth);
            }
        }

        private void atom(String text) {
            node(1);
            out.atom(text);
            checkLength();
        }

        /**
         * A long (at most 19 digits, which the default digit limit allows) is written straight into the output;
         * the loader reads it back as a Long, which counts one expanded character, as here.
         */
        private void integer(long l) {
            if (limits.maxIntegerDigits() >= 19
                    || (l > -1_000_000_000_000_000_000L && l < 1_000_000_000_000_000_000L
                            && limits.maxIntegerDigits() >= 18)) {
                node(1);
                out.integer(l);
                checkLength();
            } else {
                integer(Long.toString(l));
            }
        }

        private void floating(double d) {
            node(1);
            out.floating(d);
            checkLength();
        }

        private void integer(String digits) {
            int count = digits.length() - (digits.startsWith("-") ? 1 : 0);
            if (count > limits.maxIntegerDigits()) {
                throw error("an integer of " + count + " digits, over " + limits.maxIntegerDigits()
                        + " (LoadLimits.maxIntegerDigits): its text could not be loaded back", null);
            }
            if (count > 18) {
                expand(0, ExpandedSize.chars(new BigInteger(digits)) - 1);
            }
            atom(pretty ? PyRepr.underscored(digits) : digits);
        }

        /** One more node: the position moves on, within {@code LoadLimits.maxNodes}. */
        private void node(long chars) {
            position++;
            if (position > limits.maxNodes()) {
                throw error("the value has more than " + limits.maxNodes() + " nodes (LoadLimits.maxNodes): its "
                        + "text could not be loaded back; write less or raise the codec's limits", null);
            }
            expand(1, chars);
        }

        private void expand(long nodes, long chars) {
            expandedNodes += nodes;
            expandedChars += chars;
            if (expandedNodes > limits.maxExpandedNodes()) {
                throw error("with shared values copied out the value has more than " + limits.maxExpandedNodes()
                        + " nodes (LoadLimits.maxExpandedNodes): its text could not be loaded back", null);
            }
            if (expandedChars > limits.maxExpandedChars()) {
                throw error("with shared values copied out the value has more than " + limits.maxExpandedChars()
                        + " characters (LoadLimits.maxExpandedChars): its text could not be loaded back", null);
            }
        }

        private void checkLength() {
            if (out.length() > limits.maxInputChars()) {
                throw error("the text grows over " + limits.maxInputChars() + " characters "
                        + "(LoadLimits.maxInputChars) here: it could not be loaded back; write less or raise the "
                        + "codec's limits", null);
            }
        }

        private void string(String s) {
            if (longerThan(s, SHARED_STRING_LENGTH - 1) && reuse(lastSeenLongStrings.put(s, position))) {
                expand(1, ExpandedSize.chars(s));
                return;
            }
            node(ExpandedSize.chars(s));
            if (pretty && longerThan(s, PRETTY_MULTILINE_LENGTH) && s.indexOf('\n') >= 0) {
                List<String> lines = new ArrayList<>();
                int start = 0;
                while (start < s.length()) {
                    int nl = s.indexOf('\n', start);
                    int end = nl < 0 ? s.length() : nl + 1;
                    lines.add(PyRepr.str(s.substring(start, end)));
                    start = end;
                }
                out.lines(lines);
            } else {
                out.str(s);
            }
            checkLength();
        }

        /** Python's {@code len(s) > n}: code points, not UTF-16 units (an astral character counts once). */
        private static boolean longerThan(String s, int n) {
            int units = s.length();
            return units > n && (units > 2 * n || s.codePointCount(0, units) > n);
        }

        private void bytes(Bytes b, int length) {
            if (length >= SHARED_STRING_LENGTH && reuse(lastSeenLongStrings.put(b, position))) {
                expand(1, ExpandedSize.chars(b));
                return;
            }
            node(ExpandedSize.chars(b));
            out.atom(b.toString());
            checkLength();
        }

        /** Writes {@code ref(N)} if the value was seen at {@code previous}; the caller already moved it here. */
        private boolean reuse(Integer previous) {
            if (previous == null) {
                return false;
            }
            int n = position - previous;
            position++;
            if (position > limits.maxNodes()) {
                throw error("the value has more than " + limits.maxNodes() + " nodes (LoadLimits.maxNodes): its "
                        + "text could not be loaded back; write less or raise the codec's limits", null);
            }
            if (++refs > limits.maxRefs()) {
                throw error("the value shares values more than " + limits.maxRefs() + " times (LoadLimits.maxRefs):"
                        + " its text could not be loaded back; share less or raise the codec's limits", null);
            }
            out.atom("ref(" + PyRepr.underscored(Integer.toString(n)) + ")");
            checkLength();
            return true;
        }

        private void shared(Object v, int depth) {
            // one table holds both the last position of every container and which ones are being written
            int entry = seen.findOrAdd(v);
            if (entry >= 0) {
                int previous = seen.position(entry);
                if (previous == SeenContainers.IN_PROGRESS) {
                    throw error("the value contains itself (a recursive value): the text format cannot write "
                            + "cycles; break the cycle, for example by referring to an id instead", null);
                }
                seen.position(entry, position);
                reuse(previous);
                expand(seen.nodes(entry), seen.chars(entry));
                return;
            }
            entry = -1 - entry;
            int mine = position;
            long nodesBefore = expandedNodes;
            long charsBefore = expandedChars;
            node(1);
            if (depth + 1 > maxDepth) {
                throw error("the value is nested deeper than " + maxDepth + " levels (LoadLimits.maxDepth): its "
                        + "text could not be loaded back; flatten it or raise the codec's limits", null);
            }
            switch (v) {
                case Tuple t -> custom("tuple", List.of(t.toList()), Map.of(), depth, true);
                case Call c -> custom(checked(c), c.args(), c.kwargs(), depth, false);
                default -> {
                    Reducer<?> reducer = reducerFor(v.getClass());
                    if (reducer != null) {
                        Call c = reduce(reducer, v);
                        custom(checked(c), c.args(), c.kwargs(), depth, false);
                    } else if (v instanceof List<?> list) {
                        elements(list, depth + 1);
                    } else if (v instanceof Map<?, ?> map) {
                        mapping(map, depth + 1);
                    } else if (v instanceof Set<?> set) {
                        custom("set", List.of(new ArrayList<>(set)), Map.of(), depth, true);
                    } else {
                        throw error(unsupported(v.getClass()), null);
                    }
                }
            }
            seen.position(entry, mine);
            seen.expanded(entry, expandedNodes - nodesBefore, expandedChars - charsBefore);
        }

        /**
         * The reducer for {@code type} (null for none), from the last few classes this walk met before the
         * codec's {@code ClassValue}: a document holds few container classes, met once per container.
         */
        private Reducer<?> reducerFor(Class<?> type) {
            for (int i = 0; i < recentTypes.length; i++) {
                if (recentTypes[i] == type) {
                    return recentReducers[i];
                }
            }
            Reducer<?> reducer = lookup.get(type);
            int i = nextRecent;
            nextRecent = (i + 1) % recentTypes.length;
            recentTypes[i] = type;
            recentReducers[i] = reducer;
            return reducer;
        }

        @SuppressWarnings("unchecked")
        private Call reduce(Reducer<?> reducer, Object v) {
            Call c;
            try {
                c = ((Reducer<Object>) reducer).reduce(v);
            } catch (Exception e) {
                throw error("the reducer for " + v.getClass().getName() + " failed: " + e, e);
            }
            if (c == null) {
                throw error("the reducer for " + v.getClass().getName() + " returned null instead of a Call", null);
            }
            return c;
        }

        private String checked(Call c) {
            if (checkedNames.contains(c.name())) {
                for (String k : c.kwargs().keySet()) {
                    if (!checkedKeywords.contains(k)) {
                        checkKeyword(c, k);
                    }
                }
                return c.name();
            }
            if (!Names.isDottedName(c.name()) || Names.RESERVED.contains(c.name())) {
                throw error("'" + c.name() + "' is not a valid constructor name: use dotted identifiers such as "
                        + "'app.Order', not one of ref, nan, inf, tuple, set, float", null);
            }
            for (String k : c.kwargs().keySet()) {
                checkKeyword(c, k);
            }
            checkedNames.add(c.name());
            return c.name();
        }

        /** Keywords are remembered apart from names: a valid keyword ({@code ref=}) need not be a valid name. */
        private void checkKeyword(Call c, String k) {
            if (!Names.isIdentifier(k)) {
                throw error("keyword '" + k + "' of " + c.name() + " is not a Python identifier", null);
            }
            checkedKeywords.add(k);
        }

        /**
         * A custom node: {@code name(args..., k=v...)}. For the built-in tuple and set, the single argument is a
         * list made here, which can never be shared, so its node is written directly.
         */
        private void custom(String name, List<?> args, Map<String, ?> kwargs, int depth, boolean builtinList) {
            out.open(name, '(', ')');
            path.pushArg(name);
            // by index: an iterator per call (two, through an unmodifiable view) was a tenth of what a dump allocated
            int count = args.size();
            int i = 0;
            for (; i < count; i++) {
                Object a = args.get(i);
                if (i > 0) {
                    out.sep();
                }
                path.index(i);
                if (builtinList) {
                    node(1);
                    if (depth + 2 > maxDepth) {
                        throw error("the value is nested deeper than " + maxDepth + " levels (LoadLimits.maxDepth): "
                                + "its text could not be loaded back; flatten it or raise the codec's limits", null);
                    }
                    // the list made here is not part of the path: its elements are named by index alone
                    path.pop();
                    elements((Collection<?>) a, depth + 2);
                    path.pushArg(name);
                } else {
                    value(a, depth + 1);
                }
            }
            if (!kwargs.isEmpty()) { // most calls have none: no iterator for them
                for (Map.Entry<String, ?> kw : kwargs.entrySet()) {
                    if (i++ > 0) {
                        out.sep();
                    }
                    out.keyword(kw.getKey());
                    path.keyword(kw.getKey());
                    value(kw.getValue(), depth + 1);
                }
            }
            path.pop();
            out.close();
        }

        private void elements(Collection<?> items, int depth) {
            out.open(null, '[', ']');
            path.pushIndex();
            if (items instanceof List<?> list && list instanceof RandomAccess) {
                for (int i = 0, n = list.size(); i < n; i++) {
                    element(i, list.get(i), depth);
                }
            } else {
                int i = 0;
                for (Object e : items) {
                    element(i++, e, depth);
                }
            }
            path.pop();
            out.close();
        }

        private void element(int i, Object e, int depth) {
            if (i > 0) {
                out.sep();
            }
            path.index(i);
            value(e, depth);
        }

        private void mapping(Map<?, ?> map, int depth) {
            out.open(null, '{', '}');
            path.pushKey();
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.sep();
                }
                first = false;
                path.key(e.getKey());
                value(e.getKey(), depth);
                out.colon();
                value(e.getValue(), depth);
            }
            path.pop();
            out.close();
        }

        private TextDumpException error(String reason, Throwable cause) {
            return new TextDumpException(path.toString(), reason, cause);
        }
    }

    static String unsupported(Class<?> type) {
        String how;
        if (type.isRecord()) {
            how = "register it with TextCodec.builder().record(" + type.getSimpleName() + ".class, \"app."
                    + type.getSimpleName() + "\")";
        } else if (type.isEnum() || (type.getSuperclass() != null && type.getSuperclass().isEnum())) {
            how = "register it with TextCodec.builder().enumType(" + type.getSimpleName() + ".class, \"app."
                    + type.getSimpleName() + "\")";
        } else {
            how = "register a reducer and a constructor for it with TextCodec.builder().type(...)";
        }
        return "no reducer for " + type.getName() + ": the text format writes null, Boolean, integers, Double, "
                + "Float, String, Bytes, byte[], List, Map, Set, Tuple and registered types; " + how;
    }

    /** Where the text goes: one line, or a layout tree for the pretty format. */
    abstract static sealed class Out permits CompactOut, PrettyOut {
        abstract void atom(String text);

        abstract void str(String s);

        /** A long multi-line string, one literal per line (pretty only). */
        abstract void lines(List<String> reprs);

        /** A long of at most 18 digits. */
        abstract void integer(long value);

        abstract void floating(double value);

        /** Opens a bracket, after {@code name} (a call's name, or null). */
        abstract void open(String name, char open, char close);

        abstract void sep();

        abstract void colon();

        abstract void keyword(String name);

        abstract void close();

        abstract String finish();

        /** The characters written so far (for the pretty format, without the layout's line breaks). */
        abstract long length();
    }

    static final class CompactOut extends Out {
        private final StringBuilder b = new StringBuilder(256);
        private char[] closers = new char[16];
        private int open;

        @Override
        void atom(String text) {
            b.append(text);
        }

        @Override
        void str(String s) {
            PyRepr.appendStr(b, s);
        }

        @Override
        void lines(List<String> reprs) {
            throw new IllegalStateException("compact output has no multi-line strings");
        }

        @Override
        void integer(long value) {
            b.append(value);
        }

        @Override
        void floating(double value) {
            appendFloat(b, value);
        }

        @Override
        void open(String name, char bracket, char close) {
            if (name != null) {
                b.append(name);
            }
            b.append(bracket);
            if (open == closers.length) {
                closers = Arrays.copyOf(closers, open * 2);
            }
            closers[open++] = close;
        }

        @Override
        void sep() {
            b.append(", ");
        }

        @Override
        void colon() {
            b.append(": ");
        }

        @Override
        void keyword(String name) {
            b.append(name).append('=');
        }

        @Override
        void close() {
            b.append(closers[--open]);
        }

        @Override
        String finish() {
            return b.toString();
        }

        @Override
        long length() {
            return b.length();
        }
    }

    static final class PrettyOut extends Out {
        private final StringBuilderPrettyLayout layout;
        private final StringBuilder b;
        private char[] closers = new char[16];
        private int open;
        /** What the text measured before the layout wrote a long string's lines with a space between them. */
        private int linesGroups;

        PrettyOut(int width, int indent) {
            layout = new StringBuilderPrettyLayout(width, indent);
            b = layout.text();
        }

        @Override
        void atom(String text) {
            b.append(text);
        }

        @Override
        void str(String s) {
            if (PyRepr.appendStr(b, s)) {
                layout.astral();
            }
        }

        @Override
        void lines(List<String> reprs) {
            layout.open(null, '(', false, true);
            for (int i = 0; i < reprs.size(); i++) {
                if (i > 0) {
                    layout.sep();
                }
                String r = reprs.get(i);
                if (r.length() != r.codePointCount(0, r.length())) {
                    layout.astral();
                }
                b.append(r);
            }
            layout.close(')');
            linesGroups++;
        }

        @Override
        void integer(long value) {
            appendUnderscored(b, value);
        }

        @Override
        void floating(double value) {
            appendFloat(b, value);
        }

        @Override
        void open(String name, char bracket, char closer) {
            layout.open(name, bracket, true, false);
            if (open == closers.length) {
                closers = Arrays.copyOf(closers, open * 2);
            }
            closers[open++] = closer;
        }

        @Override
        void sep() {
            layout.sep();
        }

        @Override
        void colon() {
            b.append(": ");
        }

        @Override
        void keyword(String name) {
            b.append(name).append('=');
        }

        @Override
        void close() {
            layout.close(closers[--open]);
        }

        @Override
        String finish() {
            return layout.render();
        }

        @Override
        long length() {
            // as the layout tree counted: a group's closing bracket from its opening on, and a long string's
            // lines as each line and one more, without the brackets around them
            return (long) b.length() + open - linesGroups;
        }
    }

    /** PyRepr's appendFloat as it was. */
    static void appendFloat(StringBuilder b, double x) {
        double abs = Math.abs(x);
        if (abs >= 1e-3 && abs < 1e7) {
            b.append(x);
        } else {
            b.append(PyRepr.floatRepr(x));
        }
    }

    /** PyRepr's appendUnderscored as it was. */
    static void appendUnderscored(StringBuilder b, long value) {
        if (value > -1000 && value < 1000) {
            b.append(value);
            return;
        }
        if (value == Long.MIN_VALUE) {
            b.append(PyRepr.underscored(Long.toString(value)));
            return;
        }
        if (value < 0) {
            b.append('-');
            value = -value;
        }
        char[] reversed = new char[19];
        int n = 0;
        do {
            reversed[n++] = (char) ('0' + value % 10);
            value /= 10;
        } while (value > 0);
        for (int i = n - 1; i >= 0; i--) {
            b.append(reversed[i]);
            if (i > 0 && i % 3 == 0) {
                b.append('_');
            }
        }
    }
}
