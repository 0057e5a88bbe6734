package io.fauxtp.text.internal;

import static io.fauxtp.text.internal.Source.isDigit;
import static io.fauxtp.text.internal.Source.isIdentPart;
import static io.fauxtp.text.internal.Source.isIdentStart;

import io.fauxtp.text.LoadLimits;
import io.fauxtp.text.TextCodec.Constructor;
import io.fauxtp.text.TextFormatException;
import io.fauxtp.text.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one otf document: a recursive-descent parser over the characters (no token list), which builds values
 * as it goes, after one {@link BracketScan} has told which brackets are tuples and dicts. Every node takes a
 * slot in the {@link Slots} memo, in pre-order, so {@code ref(N)} is {@code slot[current - N]}; shared values
 * are never copied. This class is the grammar of values; its helpers each do one job: the {@link Cursor}
 * (position, whitespace, names, errors over the {@link Source}), the {@link Prelude} (imports and bindings before
 * the value) and {@link Bindings} (their names and uses), {@link NumberLiteralReader} and
 * {@link StringLiteralReader}, {@link PythonCollections} (tuples, sets, dict keys) and {@link ConstructorCalls}.
 */
public final class Loader {

    /** The start of the reason of a refusal that is the loader's fault, not the document's. */
    public static final String INTERNAL_ERROR = "the loader failed on this document (internal error: ";

    private final Source source;
    private final Cursor cursor;
    private final String src;
    private final char[] buf;
    private final int len;
    private final LoadLimits limits;
    /** The arrays this load works in. */
    private final LoadScratch scratch;

    /** The memo: one slot per node, for {@code ref(N)} and the expanded-size limits; sized by the pre-scan. */
    private Slots slots;
    private Bindings bindings;
    private Prelude prelude;
    private final NumberLiteralReader numbers;
    private final StringLiteralReader strings;
    private final PythonCollections collections;
    private final ConstructorCalls calls;

    /** Which brackets are tuples and dicts, from the pre-scan. */
    private BracketScan scan;

    /** How {@link Bindings} parses a binding's expression: one object, not one per use. */
    private final Bindings.ValueParser valueParser = this::parseValue;

    /**
     * @throws TextFormatException when {@code src} is longer than {@code LoadLimits.maxInputChars}: refused before
     *     its characters are copied or read
     */
    public Loader(String src, Map<String, Constructor> constructors, LoadLimits limits) {
        this(src, constructors, limits, new LoadScratch());
    }

    /** As above, with the arrays of {@code scratch} where they are large enough ({@link LoadSpare}). */
    Loader(String src, Map<String, Constructor> constructors, LoadLimits limits, LoadScratch scratch) {
        if (src.length() > limits.maxInputChars()) {
            throw new TextFormatException(1, 1, "the document is " + src.length() + " characters long; the limit is "
                    + limits.maxInputChars() + " (LoadLimits.maxInputChars)", null, null);
        }
        this.scratch = scratch;
        this.source = new Source(src, scratch.chars(src.length()));
        this.cursor = new Cursor(source);
        this.src = src;
        this.buf = source.buf;
        this.len = src.length();
        this.limits = limits;
        this.numbers = new NumberLiteralReader(cursor, limits);
        this.strings = new StringLiteralReader(cursor);
        this.collections = new PythonCollections(source);
        this.calls = new ConstructorCalls(source, constructors, collections);
    }

    public Object load() {
        try {
            scan = BracketScan.of(source, scratch);
            strings.useScan(scan);
            // a valid document takes at most about one slot per character: the bound of a broken one cannot
            // make the memo larger than that
            slots = new Slots(source, limits, Math.min(scan.slotBound(), len + 1), scan.bracketCount(), scratch);
            bindings = new Bindings(cursor, slots, limits);
            prelude = new Prelude(cursor, bindings);
            return document();
        } catch (TextFormatException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // the loader's own guarantee is that nothing else escapes: a bug or an exhausted JVM still becomes
            // a positioned refusal (the fuzz tests treat this reason as a failure)
            throw new TextFormatException(source.lineOf(cursor.pos), source.columnOf(cursor.pos),
                    INTERNAL_ERROR + e.getClass().getName() + ")", source.context(cursor.pos), e);
        }
    }

    private Object document() {
        boolean seenBinding = false;
        while (true) {
            prelude.skipBlankStatements();
            if (cursor.pos >= len) {
                throw cursor.error(cursor.pos, bindings.isEmpty()
                        ? "empty document: write a value, for example [1, 2] or None"
                        : "the last statement of the document must be an expression (the value); this one has only "
                                + "bindings (name = ...)");
            }
            int start = cursor.pos;
            if (cursor.wordAt("import")) {
                if (seenBinding) {
                    throw cursor.error(start, "cannot import after declaring variables: put import lines first");
                }
                prelude.imports();
                continue;
            }
            if (cursor.wordAt("from")) {
                throw cursor.error(start, "`from ... import` is not supported: use `import module`");
            }
            Prelude.Statement st = prelude.statement();
            if (st.isBinding()) {
                prelude.binding(start, st);
                seenBinding = true;
                continue;
            }
            if (st.isAnnotation()) {
                throw cursor.error(start, "only bindings (name = value) and imports are supported before the value");
            }
            Object value = parseValue(0);
            cursor.endOfStatement("the value");
            prelude.skipBlankStatements();
            if (cursor.pos < len) {
                throw cursor.error(cursor.pos, "expressions are only allowed as the last statement of a document: "
                        + "there is more after the value");
            }
            bindings.checkUnused(valueParser);
            return value;
        }
    }

    /** How many slots this load has taken (0 before its memo is made): what {@link LoadSpare} clears. */
    int slotCount() {
        return slots == null ? 0 : slots.count();
    }

    /** The exception for a loaded value of the wrong type (used by {@code load(text, type)}). */
    public TextFormatException errorAtDocument(String reason) {
        int p = 0;
        while (p < len && (Character.isWhitespace(buf[p]))) {
            p++;
        }
        return cursor.error(Math.min(p, len), reason);
    }

    private Object parseValue(int depth) {
        cursor.skipWs();
        if (cursor.pos >= len) {
            throw cursor.error(cursor.pos, "unexpected end of the document: a value is missing");
        }
        int start = cursor.pos;
        char c = buf[cursor.pos];
        switch (c) {
            case '[' -> {
                return list(depth + 1);
            }
            case '{' -> {
                return brace(depth + 1);
            }
            case '(' -> {
                return paren(depth + 1);
            }
            case '\'', '"' -> {
                return stringLiterals();
            }
            case '-', '+' -> {
                return signed(c == '-');
            }
            default -> {
                if (isDigit(c) || (c == '.' && cursor.pos + 1 < len && isDigit(buf[cursor.pos + 1]))) {
                    return constant(numbers.read(false), start);
                }
                if (c == 'r' && src.startsWith("ref(", cursor.pos)) {
                    cursor.pos += 3;
                    return ref(start);
                }
                if (isIdentStart(c)) {
                    if (strings.prefixAt(cursor.pos) > 0) {
                        return stringLiterals();
                    }
                    return name(depth);
                }
                throw cursor.error(cursor.pos, "unexpected " + cursor.describe(cursor.pos)
                        + ": expected a value (a number, string, None, True, "
                        + "False, [list], {dict}, ref(N) or a constructor call)");
            }
        }
    }

    private Object signed(boolean negative) {
        int start = cursor.pos;
        cursor.pos++;
        cursor.skipWs();
        if (cursor.pos < len) {
            char c = buf[cursor.pos];
            if (isDigit(c) || (c == '.' && cursor.pos + 1 < len && isDigit(buf[cursor.pos + 1]))) {
                return constant(numbers.read(negative), start);
            }
            if (isIdentStart(c)) {
                int s = cursor.pos;
                String word = cursor.identifier();
                if (word.equals("inf")) {
                    return constant(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, start);
                }
                if (word.equals("float") && cursor.peekAfterWs() == '(') {
                    double d = floatCall(s);
                    return constant(negative ? -d : d, start);
                }
                cursor.pos = s;
            }
        }
        throw cursor.error(start, "a sign (+ or -) may only stand before a number, inf or float(\"inf\")");
    }

    private Object name(int depth) {
        int start = cursor.pos;
        int end = start;
        while (end < len && isIdentPart(buf[end])) {
            end++;
        }
        // None, True, False, nan and inf, when the name is one of them and not the start of a dotted name, are
        // told from the characters: no String per constant (the other names are made below)
        if (!(end + 1 < len && buf[end] == '.' && isIdentStart(buf[end + 1]))) {
            int n = end - start;
            if (n == 4 && src.startsWith("None", start)) {
                cursor.pos = end;
                return constant(null, start);
            }
            if (n == 4 && src.startsWith("True", start)) {
                cursor.pos = end;
                return constant(Boolean.TRUE, start);
            }
            if (n == 5 && src.startsWith("False", start)) {
                cursor.pos = end;
                return constant(Boolean.FALSE, start);
            }
            if (n == 3 && src.startsWith("nan", start)) {
                cursor.pos = end;
                return constant(Double.NaN, start);
            }
            if (n == 3 && src.startsWith("inf", start)) {
                cursor.pos = end;
                return constant(Double.POSITIVE_INFINITY, start);
            }
        }
        String dotted = cursor.dottedName();
        char next = cursor.peekAfterWs();
        if (next == '(') {
            if (dotted.equals("ref")) {
                return ref(start);
            }
            if (dotted.equals("float")) {
                return constant(floatCall(start), start);
            }
            return call(dotted, start, depth + 1);
        }
        if (dotted.indexOf('.') >= 0) {
            throw cursor.error(start, "attribute access ('" + dotted + "') is not supported: a constructor needs "
                    + "parentheses, e.g. " + dotted + "(...)");
        }
        return bindings.use(dotted, start, depth, valueParser);
    }

    private Object list(int depth) {
        int start = cursor.pos;
        checkDepth(depth, start);
        cursor.pos++;
        cursor.brackets++;
        int slot = openSlot(start);
        ArrayList<Object> items = new ArrayList<>();
        elements(items, ']', depth);
        cursor.brackets--;
        return finish(slot, items);
    }

    /** Comma-separated values up to {@code close}; a trailing comma is allowed. */
    private void elements(List<Object> into, char close, int depth) {
        while (true) {
            cursor.skipWs();
            if (cursor.pos < len && buf[cursor.pos] == close) {
                cursor.pos++;
                return;
            }
            if (cursor.pos < len && buf[cursor.pos] == '*') {
                throw cursor.error(cursor.pos, "unpacking (*x) is not supported");
            }
            into.add(parseValue(depth));
            cursor.skipWs();
            if (cursor.pos < len && buf[cursor.pos] == ',') {
                cursor.pos++;
            } else if (cursor.pos < len && buf[cursor.pos] == close) {
                cursor.pos++;
                return;
            } else {
                throw cursor.expected("',' or '" + close + "'");
            }
        }
    }

    private Object brace(int depth) {
        int start = cursor.pos;
        checkDepth(depth, start);
        cursor.pos++;
        cursor.brackets++;
        int slot = openSlot(start);
        cursor.skipWs();
        if (cursor.pos < len && buf[cursor.pos] == '}') {
            cursor.pos++;
            cursor.brackets--;
            return finish(slot, new LinkedHashMap<>());
        }
        if (cursor.pos < len && buf[cursor.pos] == '*') {
            throw cursor.error(cursor.pos, "dict expansion (**x) is not supported: write the entries out");
        }
        int firstAt = cursor.pos;
        if (!scan.isDict(start)) {
            return setLiteral(start, slot, depth);
        }
        Object first = parseValue(depth);
        cursor.skipWs();
        if (cursor.pos >= len || buf[cursor.pos] != ':') {
            throw cursor.expected("':' after the dict key");
        }
        LinkedHashMap<Object, Object> map = new LinkedHashMap<>();
        PythonCollections.FloodGuard guard = collections.floodGuard();
        Object key = first;
        int keyAt = firstAt;
        while (true) {
            cursor.pos++; // ':'
            Object value = parseValue(depth);
            collections.put(map, key, keyAt, value, guard);
            cursor.skipWs();
            if (cursor.pos < len && buf[cursor.pos] == ',') {
                cursor.pos++;
                cursor.skipWs();
            } else if (cursor.pos < len && buf[cursor.pos] == '}') {
                // closing below
            } else {
                throw cursor.expected("',' or '}'");
            }
            if (cursor.pos < len && buf[cursor.pos] == '}') {
                cursor.pos++;
                break;
            }
            if (cursor.pos < len && buf[cursor.pos] == '*') {
                throw cursor.error(cursor.pos, "dict expansion (**x) is not supported: write the entries out");
            }
            keyAt = cursor.pos;
            key = parseValue(depth);
            cursor.skipWs();
            if (cursor.pos >= len || buf[cursor.pos] != ':') {
                throw cursor.expected("':' after the dict key");
            }
        }
        cursor.brackets--;
        return finish(slot, map);
    }

    /** {a, b} when the brackets are classified: the list slot is taken before the elements. */
    private Object setLiteral(int start, int slot, int depth) {
        if (depth + 1 > limits.maxDepth()) {
            throw depthError(start);
        }
        int listSlot = openSlot(start);
        ArrayList<Object> items = new ArrayList<>();
        elements(items, '}', depth);
        cursor.brackets--;
        finishListSlot(listSlot, items);
        return finish(slot, collections.toSet(items, start));
    }

    private Object paren(int depth) {
        int start = cursor.pos;
        checkDepth(depth, start);
        cursor.pos++;
        cursor.brackets++;
        cursor.skipWs();
        if (cursor.pos < len && buf[cursor.pos] == ')') {
            // () is an empty tuple: custom node + list
            cursor.pos++;
            cursor.brackets--;
            int slot = openSlot(start);
            int listSlot = openSlot(start);
            finishListSlot(listSlot, new ArrayList<>());
            return finish(slot, Tuple.of());
        }
        // (x) is x; (x,) and (x, y) are tuples: the pre-scan told which, so a tuple's slots come before its
        // elements as they should
        if (scan.isTuple(start)) {
            if (depth + 1 > limits.maxDepth()) {
                throw depthError(start);
            }
            int slot = openSlot(start);
            int listSlot = openSlot(start);
            ArrayList<Object> items = new ArrayList<>();
            elements(items, ')', depth);
            cursor.brackets--;
            finishListSlot(listSlot, items);
            return finish(slot, collections.tuple(items));
        }
        Object inner = parseValue(depth);
        cursor.skipWs();
        if (cursor.pos >= len || buf[cursor.pos] != ')') {
            throw cursor.expected("')'");
        }
        cursor.pos++;
        cursor.brackets--;
        return inner;
    }

    private Object call(String name, int start, int depth) {
        checkDepth(depth, start);
        cursor.skipWs();
        cursor.pos++; // '('
        cursor.brackets++;
        int slot = openSlot(start);
        List<Object> args = new ArrayList<>();
        // most calls have no keywords: their map is made at the first one
        Map<String, Object> kwargs = null;
        while (true) {
            cursor.skipWs();
            if (cursor.pos < len && buf[cursor.pos] == ')') {
                cursor.pos++;
                break;
            }
            if (cursor.pos < len && buf[cursor.pos] == '*') {
                throw cursor.error(cursor.pos, "argument unpacking (*args, **kwargs) is not supported: write the "
                        + "arguments out");
            }
            int argAt = cursor.pos;
            String keyword = keywordAhead();
            if (keyword != null) {
                if (kwargs == null) {
                    kwargs = new LinkedHashMap<>();
                }
                if (kwargs.containsKey(keyword)) {
                    throw cursor.error(argAt, "keyword argument repeated: " + keyword);
                }
                kwargs.put(keyword, parseValue(depth));
            } else {
                if (kwargs != null) {
                    throw cursor.error(argAt, "positional argument follows keyword argument");
                }
                args.add(parseValue(depth));
            }
            cursor.skipWs();
            if (cursor.pos < len && buf[cursor.pos] == ',') {
                cursor.pos++;
            } else if (cursor.pos < len && buf[cursor.pos] == ')') {
                cursor.pos++;
                break;
            } else {
                throw cursor.expected("',' or ')'");
            }
        }
        cursor.brackets--;
        Object value = calls.construct(name, args, kwargs == null ? Map.of() : kwargs, start);
        return finish(slot, value);
    }

    /** If a keyword argument {@code name=} starts here, consumes it and returns the name. */
    private String keywordAhead() {
        int p = cursor.pos;
        if (p >= len || !isIdentStart(buf[p])) {
            return null;
        }
        int s = p;
        while (p < len && isIdentPart(buf[p])) {
            p++;
        }
        int q = p;
        while (q < len && (buf[q] == ' ' || buf[q] == '\t')) {
            q++;
        }
        if (q < len && buf[q] == '=' && (q + 1 >= len || buf[q + 1] != '=')) {
            // the name is made only for a keyword: a positional argument that starts with a name makes none here
            String word = src.substring(s, p);
            if (!Names.isIdentifier(word)) {
                throw cursor.error(s, "'" + word + "' cannot be a keyword argument name");
            }
            cursor.pos = q + 1;
            return word;
        }
        return null;
    }

    private Object ref(int start) {
        cursor.skipWs();
        cursor.pos++; // '('
        cursor.skipWs();
        int numAt = cursor.pos;
        int p = cursor.pos;
        long n = 0;
        int digits = 0;
        boolean underscore = false;
        while (p < len && (isDigit(buf[p]) || buf[p] == '_')) {
            if (buf[p] != '_') {
                n = n * 10 + (buf[p] - '0');
                digits++;
            } else {
                underscore = true;
            }
            p++;
            if (digits > 10) {
                break;
            }
        }
        if (digits == 0 || digits > 10
                || (underscore && !NumberLiteralReader.validUnderscores(src.substring(numAt, p)))) {
            throw cursor.error(numAt, "ref(N) needs a whole number N >= 1 (the distance back to the shared value)");
        }
        cursor.pos = p;
        cursor.skipWs();
        if (cursor.pos >= len || buf[cursor.pos] != ')') {
            throw cursor.expected("')' closing ref(N)");
        }
        cursor.pos++;
        if (n < 1) {
            throw cursor.error(numAt, "ref(" + n + ") is invalid: N counts back from this node and must be at least 1");
        }
        if (n > slots.count()) {
            throw cursor.error(numAt, "ref(" + n + ") points before the start of the document: only " + slots.count()
                    + " value(s) come before it");
        }
        int slot = refSlot((int) (slots.count() - n), start);
        return slots.value(slot);
    }

    private int refSlot(int target, int at) {
        return slots.ref(target, at);
    }

    private Object constant(Object value, int at) {
        slots.constant(value, at);
        return value;
    }

    private int openSlot(int at) {
        return slots.open(at);
    }

    private Object finish(int slot, Object value) {
        slots.finish(slot, value);
        return value;
    }

    private void finishListSlot(int slot, List<Object> items) {
        slots.finish(slot, items);
    }

    private void checkDepth(int depth, int at) {
        if (depth > limits.maxDepth()) {
            throw depthError(at);
        }
    }

    private TextFormatException depthError(int at) {
        return cursor.depthError(at, limits);
    }

    /** {@code float("nan")}, {@code float('inf')}, {@code float("-inf")}: one constant, as otf's EXECUTABLE. */
    private double floatCall(int start) {
        cursor.skipWs();
        cursor.pos++; // '('
        cursor.brackets++;
        cursor.skipWs();
        boolean quote = cursor.pos < len && (buf[cursor.pos] == '\'' || buf[cursor.pos] == '"');
        Object arg = quote ? strings.read(false) : null;
        cursor.skipWs();
        if (!(arg instanceof String s) || cursor.pos >= len || buf[cursor.pos] != ')') {
            throw cursor.error(start, "float(...) only takes one string here: float(\"nan\"), float(\"inf\") or "
                    + "float(\"-inf\")");
        }
        cursor.pos++;
        cursor.brackets--;
        String t = s.strip().toLowerCase(java.util.Locale.ROOT);
        boolean neg = t.startsWith("-");
        String body = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
        double d;
        if (body.equals("nan")) {
            d = Double.NaN;
        } else if (body.equals("inf") || body.equals("infinity")) {
            d = Double.POSITIVE_INFINITY;
        } else {
            throw cursor.error(start, "float(" + PyRepr.str(s) + ") is not supported: write the number itself, or "
                    + "float(\"nan\"), float(\"inf\"), float(\"-inf\")");
        }
        return neg ? -d : d;
    }

    /** One or more adjacent string literals, concatenated: one node. */
    private Object stringLiterals() {
        int start = cursor.pos;
        return constant(strings.read(true), start);
    }
}
