package io.fauxtp.text.internal;

import io.fauxtp.text.Bytes;
import io.fauxtp.text.Call;
import io.fauxtp.text.LoadLimits;
import io.fauxtp.text.TextCodec;
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
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes values as otf text. The walk is pre-order, depth-first, left to right; every node takes one position
 * (constants, containers, dict keys and values, a custom node and each of its arguments, refs), and a repeated
 * object is written as {@code ref(N)}, N being the distance back to its most recent occurrence.
 *
 * <p>The walk enforces the codec's {@link LoadLimits} as the loader counts them (nodes, references, integer
 * digits, depth, expanded nodes and characters, text length), so whatever a codec writes, it can read back; the
 * error names the path of the value that crossed a limit.
 */
public final class Dumper {

    /**
     * Strings and bytes at least this long are shared by equality, as otf's {@code string_hashcon_length}; a
     * string's length is counted in code points, as Python's {@code len} counts it.
     */
    public static final int SHARED_STRING_LENGTH = 32;

    /** A str longer than this (in code points) that holds a newline is written line by line in PRETTY, as otf. */
    private static final int PRETTY_MULTILINE_LENGTH = 60;

    /** Entries of a walk's cache of reducers by class (a power of two). */
    private static final int RECENT = 32;

    /**
     * The most a dump's buffers may take and still be kept for the next dump: enough for a few MB of text, so
     * that the odd huge dump does not stay in memory for the codec's life.
     */
    static final long MAX_SPARE_BYTES = 4L << 20;

    private final Map<Class<?>, Reducer<?>> reducers;
    private final LoadLimits limits;
    private final int maxDepth;
    /**
     * The buffers of the last dump that finished, for the next one to take: growing them from small on every
     * dump (copying the text each time they doubled) and zeroing new ones was a tenth of a suspension's dump. One
     * spare: a dump that finds none (another one took it) makes its own.
     */
    private final AtomicReference<Scratch> spare = new AtomicReference<>();
    private final ClassValue<Reducer<?>> lookup = new ClassValue<>() {
        @Override
        protected Reducer<?> computeValue(Class<?> type) {
            return findReducer(type);
        }
    };

    public Dumper(Map<Class<?>, Reducer<?>> reducers, LoadLimits limits) {
        this.reducers = reducers;
        this.limits = limits;
        this.maxDepth = limits.maxDepth();
    }

    public String dump(Object value, TextFormat format) {
        Scratch scratch = spare.getAndSet(null);
        if (scratch == null) {
            scratch = new Scratch();
        }
        try {
            Walk walk = switch (format) {
                case TextFormat.Compact c -> new Walk(scratch, null);
                case TextFormat.Pretty p -> new Walk(scratch, scratch.layout(p.width(), p.indent()));
            };
            walk.value(value, 0);
            String text = walk.finish();
            if (text.length() > limits.maxInputChars()) {
                throw new TextDumpException("", "the text is " + text.length() + " characters long, over "
                        + limits.maxInputChars() + " (LoadLimits.maxInputChars): it could not be loaded back; "
                        + "write less or raise the codec's limits", null);
            }
            return text;
        } finally {
            // cleared whatever happened, so that it holds none of this value's objects
            if (scratch.retainedBytes() <= MAX_SPARE_BYTES) {
                scratch.clear();
                spare.set(scratch);
            }
        }
    }

    /** What a dump writes into that is worth keeping for the next: arrays that grow to the text's size. */
    private static final class Scratch {
        /** The compact text, or the pretty layout's line. */
        final TextBuffer line = new TextBuffer(1024);
        final SeenContainers seen = new SeenContainers();
        /** Made on the first pretty dump. */
        private PrettyLayout layout;

        PrettyLayout layout(int width, int indent) {
            if (layout == null) {
                layout = new PrettyLayout(line);
            }
            layout.reset(width, indent);
            return layout;
        }

        long retainedBytes() {
            return 2L * line.capacity() + seen.retainedBytes() + (layout == null ? 0 : layout.retainedBytes());
        }

        void clear() {
            line.clear();
            seen.clear();
        }
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

    /**
     * One dump: positions, sharing and the path for error messages. Atoms are written into {@link #text}, the
     * whole compact text or the pretty layout's line; brackets and separators go through the layout, if any.
     */
    private final class Walk {
        /** The pretty layout, or null for the compact format. */
        private final PrettyLayout layout;
        private final boolean pretty;
        private final TextBuffer text;
        /** The closing bracket of each open list, dict or call. */
        private char[] closers = new char[16];
        private int open;
        /** A long string's lines written as a group (pretty): its brackets are not in the text. */
        private int linesGroups;
        private int position;
        /** Every container written: its last position (or in progress) and the size it stands for. */
        private final SeenContainers seen;
        private final HashMap<Object, Integer> lastSeenLongStrings = new HashMap<>();
        private final DumpPath path = new DumpPath();
        /** Constructor names and keywords already checked in this dump: each is checked once, not per call. */
        private final HashSet<String> checkedNames = new HashSet<>();
        private final HashSet<String> checkedKeywords = new HashSet<>();
        /** The reducers of the classes this walk met, by the class's identity hash (a direct-mapped cache). */
        private final Class<?>[] recentTypes = new Class<?>[RECENT];
        private final Reducer<?>[] recentReducers = new Reducer<?>[RECENT];
        private final CallArgs args = new CallArgs();
        private int refs;
        private long expandedNodes;
        private long expandedChars;

        Walk(Scratch scratch, PrettyLayout layout) {
            this.layout = layout;
            this.pretty = layout != null;
            this.text = scratch.line;
            this.seen = scratch.seen;
        }

        String finish() {
            return pretty ? layout.render() : text.toString();
        }

        /** The characters written so far (pretty: as the layout counts them, without its line breaks). */
        private long length() {
            // a group's closing bracket counts from its opening on, and a long string's lines as each line and
            // one more, without the brackets around them
            return pretty ? (long) text.length() + open - linesGroups : text.length();
        }

        void value(Object v, int depth) {
            // instanceof tests of final classes, the common ones first: cheaper than a pattern switch's dispatch
            if (v instanceof String s) {
                string(s);
            } else if (v instanceof Long l) {
                integer(l);
            } else if (v instanceof Double d) {
                floating(d);
            } else if (v == null) {
                atom("None");
            } else if (v instanceof Boolean b) {
                atom(b ? "True" : "False");
            } else if (v instanceof Integer i) {
                integer(Integer.toString(i));
            } else if (v instanceof Short s) {
                integer(Short.toString(s));
            } else if (v instanceof Byte b) {
                integer(Byte.toString(b));
            } else if (v instanceof BigInteger b) {
                integer(b.toString());
            } else if (v instanceof Float f) {
                atom(PyRepr.floatRepr(f.doubleValue()));
            } else if (v instanceof Bytes b) {
                bytes(b, b.length());
            } else if (v instanceof byte[] b) {
                bytes(Bytes.of(b), b.length);
            } else {
                shared(v, depth);
            }
        }

        private void atom(String atom) {
            node(1);
            text.append(atom);
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
                if (pretty) {
                    text.appendUnderscored(l);
                } else {
                    text.appendLong(l);
                }
                checkLength();
            } else {
                integer(Long.toString(l));
            }
        }

        private void floating(double d) {
            node(1);
            text.appendFloat(d);
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
            if (length() > limits.maxInputChars()) {
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
                lines(lines);
            } else {
                text.appendStr(s);
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
            text.append(b.toString());
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
            text.append("ref(");
            text.appendUnderscored(n); // grouped in both formats, as otf writes it
            text.append(')');
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
                    if (reducer instanceof WrittenType<?> w) {
                        written(w, v, depth);
                    } else if (reducer != null) {
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
         * The reducer for {@code type} (null for none), from the classes this walk met before the codec's
         * {@code ClassValue}: a document holds few container classes (a suspension a dozen), met once per
         * container.
         */
        private Reducer<?> reducerFor(Class<?> type) {
            int i = System.identityHashCode(type) & (RECENT - 1);
            if (recentTypes[i] == type) {
                return recentReducers[i];
            }
            Reducer<?> reducer = lookup.get(type);
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
         * A custom node written by its type's {@link WrittenType}: as {@link #custom} writes the call with the
         * same arguments, with no {@code Call} made. The state of the writer this one is an argument of, if any,
         * is kept in this frame and given back after.
         */
        @SuppressWarnings("unchecked")
        private void written(WrittenType<?> type, Object v, int depth) {
            String name = type.name();
            open(name, '(', ')');
            int pathDepth = path.depth();
            path.pushArg(name);
            CallArgs a = args;
            String outerName = a.name;
            int outerDepth = a.depth;
            int outerCount = a.count;
            int outerKeywords = a.keywordsFrom;
            a.name = name;
            a.depth = depth;
            a.count = 0;
            a.keywordsFrom = a.keywordCount;
            RuntimeException outerFailure = a.failure;
            a.failure = null;
            try {
                ((TextCodec.Writer<Object>) type.writer()).write(v, a);
                if (a.failure != null) {
                    // the writer caught what one of its values threw and went on: the text written is unusable
                    throw a.failure;
                }
            } catch (TextDumpException e) {
                throw e;
            } catch (Exception e) {
                if (e == a.failure) {
                    // thrown by a value the writer gave, not by the writer: it escapes as it would from the
                    // values of a reducer's Call
                    throw a.failure;
                }
                path.truncate(pathDepth);
                throw error("the reducer for " + v.getClass().getName() + " failed: " + e, e);
            } finally {
                a.failure = outerFailure;
                // also when it failed: an Arguments kept by a writer must not write into the next dump's buffer
                a.keywordCount = a.keywordsFrom;
                a.name = outerName;
                a.depth = outerDepth;
                a.count = outerCount;
                a.keywordsFrom = outerKeywords;
            }
            path.pop();
            close();
        }

        /**
         * The {@link TextCodec.Arguments} of every writer of this walk, one at a time: the innermost writer's
         * (the one running). {@link #name} is null when none is running.
         */
        private final class CallArgs implements TextCodec.Arguments {
            String name;
            int depth;
            /** Arguments written in the running call. */
            int count;
            /** The keywords of the open calls, innermost last; the running call's from {@link #keywordsFrom}. */
            String[] keywords = new String[8];
            int keywordCount;
            int keywordsFrom;
            /** What writing a value given to the running writer threw, if anything. */
            RuntimeException failure;

            /** Writes one argument's value, noting what it throws for {@link #written}. */
            private void argument(Object value) {
                try {
                    value(value, depth + 1);
                } catch (RuntimeException e) {
                    failure = e;
                    throw e;
                }
            }

            @Override
            public TextCodec.Arguments arg(Object value) {
                if (name == null || keywordCount > keywordsFrom) {
                    throw WrittenType.misplaced(name == null ? "this dump" : name, name == null);
                }
                if (count > 0) {
                    sep();
                }
                path.index(count++);
                argument(value);
                return this;
            }

            @Override
            public TextCodec.Arguments kwarg(String key, Object value) {
                if (name == null) {
                    throw WrittenType.misplaced("this dump", true);
                }
                if (!checkedKeywords.contains(key)) {
                    if (!Names.isIdentifier(key)) {
                        throw WrittenType.notIdentifier(name, key);
                    }
                    checkedKeywords.add(key);
                }
                for (int k = keywordsFrom; k < keywordCount; k++) {
                    if (keywords[k].equals(key)) {
                        throw WrittenType.twice(name, key);
                    }
                }
                if (keywordCount == keywords.length) {
                    keywords = Arrays.copyOf(keywords, keywordCount * 2);
                }
                keywords[keywordCount++] = key;
                if (count++ > 0) {
                    sep();
                }
                text.append(key);
                text.append('=');
                path.keyword(key);
                argument(value);
                return this;
            }
        }

        /**
         * A custom node: {@code name(args..., k=v...)}. For the built-in tuple and set, the single argument is a
         * list made here, which can never be shared, so its node is written directly.
         */
        private void custom(String name, List<?> args, Map<String, ?> kwargs, int depth, boolean builtinList) {
            open(name, '(', ')');
            path.pushArg(name);
            // by index: an iterator per call (two, through an unmodifiable view) was a tenth of what a dump allocated
            int count = args.size();
            int i = 0;
            for (; i < count; i++) {
                Object a = args.get(i);
                if (i > 0) {
                    sep();
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
                        sep();
                    }
                    text.append(kw.getKey());
                    text.append('=');
                    path.keyword(kw.getKey());
                    value(kw.getValue(), depth + 1);
                }
            }
            path.pop();
            close();
        }

        private void elements(Collection<?> items, int depth) {
            open(null, '[', ']');
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
            close();
        }

        private void element(int i, Object e, int depth) {
            if (i > 0) {
                sep();
            }
            path.index(i);
            value(e, depth);
        }

        private void mapping(Map<?, ?> map, int depth) {
            // an entry iterator, not forEach: forEach's frames per dict would not leave room for the deepest
            // nesting the limits allow on a virtual thread's stack
            open(null, '{', '}');
            path.pushKey();
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    sep();
                }
                first = false;
                path.key(e.getKey());
                value(e.getKey(), depth);
                text.append(':', ' ');
                value(e.getValue(), depth);
            }
            path.pop();
            close();
        }

        /** Opens a bracket, after {@code name} (a call's name, or null). */
        private void open(String name, char bracket, char closer) {
            if (pretty) {
                layout.open(name, bracket, true, false);
            } else {
                if (name != null) {
                    text.append(name);
                }
                text.append(bracket);
            }
            if (open == closers.length) {
                closers = Arrays.copyOf(closers, open * 2);
            }
            closers[open++] = closer;
        }

        private void sep() {
            if (pretty) {
                layout.sep();
            } else {
                text.append(',', ' ');
            }
        }

        private void close() {
            char closer = closers[--open];
            if (pretty) {
                layout.close(closer);
            } else {
                text.append(closer);
            }
        }

        /** A long multi-line string, one literal per line (pretty only), in a group that always breaks. */
        private void lines(List<String> reprs) {
            layout.open(null, '(', false, true);
            for (int i = 0; i < reprs.size(); i++) {
                if (i > 0) {
                    layout.sep();
                }
                String r = reprs.get(i);
                if (r.length() != r.codePointCount(0, r.length())) {
                    text.markAstral();
                }
                text.append(r);
            }
            layout.close(')');
            linesGroups++;
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
}
