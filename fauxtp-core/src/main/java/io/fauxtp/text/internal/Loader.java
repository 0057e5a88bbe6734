package io.fauxtp.text.internal;

import io.fauxtp.text.Bytes;
import io.fauxtp.text.Call;
import io.fauxtp.text.LoadLimits;
import io.fauxtp.text.TextCodec.Constructor;
import io.fauxtp.text.TextFormatException;
import io.fauxtp.text.Tuple;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads one otf document: a recursive-descent parser over the characters (no token list), which builds values
 * as it goes, after one {@link BracketScan} has told which brackets are tuples and dicts. Every node takes a
 * slot in the {@link Slots} memo, in pre-order, so {@code ref(N)} is {@code slot[current - N]}; shared values
 * are never copied. The text, its raw lexing of comments and strings, and positioned errors are the
 * {@link Source}'s.
 */
public final class Loader {

    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
        1e14, 1e15};
    private static final Set<String> STRING_PREFIXES = Set.of("r", "b", "u", "f", "rb", "br", "fr", "rf");

    private final Source source;
    private final String src;
    private final int len;
    private final Map<String, Constructor> constructors;
    private final LoadLimits limits;

    private int pos;
    private int brackets;

    /** The memo: one slot per node, for {@code ref(N)} and the expanded-size limits. */
    private final Slots slots;

    /** Tuples that hold a list, dict or set, directly or not: like Python, they cannot be keys. */
    private final Set<Object> unhashableTuples = Collections.newSetFromMap(new IdentityHashMap<>());

    // prelude
    private final Map<String, Binding> bindings = new LinkedHashMap<>();
    private final Set<String> importRoots = new HashSet<>();
    private final ArrayList<Binding> evaluating = new ArrayList<>();

    public Loader(String src, Map<String, Constructor> constructors, LoadLimits limits) {
        this.source = new Source(src);
        this.slots = new Slots(source, limits);
        this.src = src;
        this.len = src.length();
        this.constructors = constructors;
        this.limits = limits;
    }

    private static final class Binding {
        final String name;
        final int index;
        final int exprStart;
        final int exprEnd;
        int lastUse = -1;

        Binding(String name, int index, int exprStart, int exprEnd) {
            this.name = name;
            this.index = index;
            this.exprStart = exprStart;
            this.exprEnd = exprEnd;
        }
    }

    public Object load() {
        if (len > limits.maxInputChars()) {
            throw new TextFormatException(1, 1, "the document is " + len + " characters long; the limit is "
                    + limits.maxInputChars() + " (LoadLimits.maxInputChars)", null, null);
        }
        try {
            scan = BracketScan.of(source);
            return document();
        } catch (TextFormatException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // the loader's own guarantee is that nothing else escapes: a bug or an exhausted JVM still becomes
            // a positioned refusal (the fuzz tests treat this reason as a failure)
            throw new TextFormatException(lineOf(pos), columnOf(pos), INTERNAL_ERROR + e.getClass().getName()
                    + ")", context(pos), e);
        }
    }

    /** The start of the reason of a refusal that is the loader's fault, not the document's. */
    public static final String INTERNAL_ERROR = "the loader failed on this document (internal error: ";

    /** Which brackets are tuples and dicts, from the pre-scan. */
    private BracketScan scan;

    private Object document() {
        boolean seenBinding = false;
        while (true) {
            skipBlankStatements();
            if (pos >= len) {
                throw error(pos, bindings.isEmpty()
                        ? "empty document: write a value, for example [1, 2] or None"
                        : "the last statement of the document must be an expression (the value); this one has only "
                                + "bindings (name = ...)");
            }
            int start = pos;
            if (wordAt("import")) {
                if (seenBinding) {
                    throw error(start, "cannot import after declaring variables: put import lines first");
                }
                imports();
                continue;
            }
            if (wordAt("from")) {
                throw error(start, "`from ... import` is not supported: use `import module`");
            }
            Statement st = looksLikeBinding() ? scanStatement(start) : new Statement(start, -1, -1, 0);
            if (st.equals >= 0) {
                binding(start, st);
                seenBinding = true;
                pos = st.end;
                continue;
            }
            if (st.colon >= 0) {
                throw error(start, "only bindings (name = value) and imports are supported before the value");
            }
            Object value = parseValue(0);
            endOfStatement("the value");
            skipBlankStatements();
            if (pos < len) {
                throw error(pos, "expressions are only allowed as the last statement of a document: there is more "
                        + "after the value");
            }
            checkUnusedBindings();
            return value;
        }
    }

    /** The exception for a loaded value of the wrong type (used by {@code load(text, type)}). */
    public TextFormatException errorAtDocument(String reason) {
        int p = 0;
        while (p < len && (Character.isWhitespace(src.charAt(p)))) {
            p++;
        }
        return error(Math.min(p, len), reason);
    }

    // ---------------------------------------------------------------- prelude

    private record Statement(int end, int equals, int colon, int equalsCount) {}

    /** An identifier followed by '=' (not '==') or ':' starts a binding; nothing else needs a prelude scan. */
    private boolean looksLikeBinding() {
        int p = pos;
        if (p >= len || !isIdentStart(src.charAt(p))) {
            return false;
        }
        while (p < len && (isIdentPart(src.charAt(p)) || src.charAt(p) == '.')) {
            p++;
        }
        while (p < len && (src.charAt(p) == ' ' || src.charAt(p) == '\t')) {
            p++;
        }
        if (p < len && src.charAt(p) == '[') {
            return true;
        }
        return p < len && ((src.charAt(p) == '=' && (p + 1 >= len || src.charAt(p + 1) != '='))
                || src.charAt(p) == ':');
    }

    /** Finds the end of the statement at {@code start} and its top-level {@code =} and {@code :}. */
    private Statement scanStatement(int start) {
        int p = start;
        int depth = 0;
        int eq = -1;
        int colon = -1;
        int eqCount = 0;
        while (p < len) {
            char c = src.charAt(p);
            if (c == '\'' || c == '"') {
                p = skipString(p);
                continue;
            }
            if (c == '#') {
                p = skipComment(p);
                continue;
            }
            if (c == '\\' && p + 1 < len && (src.charAt(p + 1) == '\n' || src.charAt(p + 1) == '\r')) {
                p += 2;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0 && (c == '\n' || c == '\r' || c == ';')) {
                break;
            } else if (depth == 0 && c == '=') {
                char prev = p > start ? src.charAt(p - 1) : ' ';
                char next = p + 1 < len ? src.charAt(p + 1) : ' ';
                if (next == '=') {
                    p += 2;
                    continue;
                }
                if (prev != '=' && prev != '<' && prev != '>' && prev != '!' && prev != ':') {
                    if (eq < 0) {
                        eq = p;
                    }
                    eqCount++;
                }
            } else if (depth == 0 && c == ':' && colon < 0 && eq < 0) {
                colon = p;
            }
            p++;
        }
        return new Statement(p, eq, colon, eqCount);
    }

    private void binding(int start, Statement st) {
        if (st.equalsCount > 1) {
            throw error(start, "assigning to multiple targets (a = b = ...) is not supported: one name per binding");
        }
        int targetEnd = st.colon >= 0 ? st.colon : st.equals;
        String name = src.substring(start, targetEnd).strip();
        if (!Names.isIdentifier(name)) {
            throw error(start, "only assigning to top level variables (name = value) is supported, not '" + name + "'");
        }
        if (name.equals("nan") || name.equals("inf") || name.equals("ref")) {
            throw error(start, "'" + name + "' is a reserved keyword: choose another name for the binding");
        }
        if (bindings.containsKey(name)) {
            throw error(start, "cannot rebind a variable: '" + name + "' is already bound above");
        }
        if (importRoots.contains(name)) {
            throw error(start, "cannot redefine a name already used by an import: '" + name + "'");
        }
        bindings.put(name, new Binding(name, bindings.size(), st.equals + 1, st.end));
    }

    private void imports() {
        pos += "import".length();
        while (true) {
            skipInline();
            int s = pos;
            String dotted = dottedName();
            if (dotted == null) {
                throw error(s, "expected a module name after `import`");
            }
            importRoots.add(dotted.contains(".") ? dotted.substring(0, dotted.indexOf('.')) : dotted);
            skipInline();
            if (wordAt("as")) {
                throw error(pos, "`import ... as` is not supported: import the module by its full name");
            }
            if (pos < len && src.charAt(pos) == ',') {
                pos++;
                continue;
            }
            break;
        }
        endOfStatement("the import");
    }

    /** Skips newlines, semicolons, spaces and comments between statements. */
    private void skipBlankStatements() {
        while (pos < len) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r' || c == ';') {
                pos++;
            } else if (c == '#') {
                skipComment();
            } else if (c == '\\' && pos + 1 < len && (src.charAt(pos + 1) == '\n' || src.charAt(pos + 1) == '\r')) {
                pos += 2;
            } else {
                break;
            }
        }
    }

    private void endOfStatement(String what) {
        skipInline();
        if (pos < len && src.charAt(pos) != '\n' && src.charAt(pos) != '\r' && src.charAt(pos) != ';') {
            throw error(pos, "unexpected " + describe(pos) + " after " + what
                    + " (missing a comma, or an operator, which the format does not support?)");
        }
    }

    // ---------------------------------------------------------------- whitespace

    /** Spaces, comments and line continuations; newlines too when inside brackets. */
    private void skipWs() {
        while (pos < len) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\f') {
                pos++;
            } else if (c == '\n' || c == '\r') {
                if (brackets == 0) {
                    return;
                }
                pos++;
            } else if (c == '#') {
                skipComment();
            } else if (c == '\\' && pos + 1 < len && (src.charAt(pos + 1) == '\n' || src.charAt(pos + 1) == '\r')) {
                pos += 2;
            } else {
                return;
            }
        }
    }

    private void skipInline() {
        int saved = brackets;
        brackets = 0;
        skipWs();
        brackets = saved;
    }

    private void skipComment() {
        while (pos < len && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
            pos++;
        }
    }

    // ---------------------------------------------------------------- values

    private Object parseValue(int depth) {
        skipWs();
        if (pos >= len) {
            throw error(pos, "unexpected end of the document: a value is missing");
        }
        int start = pos;
        char c = src.charAt(pos);
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
                return strings();
            }
            case '-', '+' -> {
                return signed(c == '-');
            }
            default -> {
                if (isDigit(c) || (c == '.' && pos + 1 < len && isDigit(src.charAt(pos + 1)))) {
                    return constant(number(false), start);
                }
                if (c == 'r' && src.startsWith("ref(", pos)) {
                    pos += 3;
                    return ref(start);
                }
                if (isIdentStart(c)) {
                    if (stringPrefixAt(pos) > 0) {
                        return strings();
                    }
                    return name(depth);
                }
                throw error(pos, "unexpected " + describe(pos) + ": expected a value (a number, string, None, True, "
                        + "False, [list], {dict}, ref(N) or a constructor call)");
            }
        }
    }

    private Object signed(boolean negative) {
        int start = pos;
        pos++;
        skipWs();
        if (pos < len) {
            char c = src.charAt(pos);
            if (isDigit(c) || (c == '.' && pos + 1 < len && isDigit(src.charAt(pos + 1)))) {
                return constant(number(negative), start);
            }
            if (isIdentStart(c)) {
                int s = pos;
                String word = identifier();
                if (word.equals("inf")) {
                    return constant(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, start);
                }
                if (word.equals("float") && peekAfterWs() == '(') {
                    double d = floatCall(s);
                    return constant(negative ? -d : d, start);
                }
                pos = s;
            }
        }
        throw error(start, "a sign (+ or -) may only stand before a number, inf or float(\"inf\")");
    }

    private Object name(int depth) {
        int start = pos;
        String dotted = dottedName();
        if (dotted.indexOf('.') < 0) {
            switch (dotted) {
                case "None" -> {
                    return constant(null, start);
                }
                case "True" -> {
                    return constant(Boolean.TRUE, start);
                }
                case "False" -> {
                    return constant(Boolean.FALSE, start);
                }
                case "nan" -> {
                    return constant(Double.NaN, start);
                }
                case "inf" -> {
                    return constant(Double.POSITIVE_INFINITY, start);
                }
                default -> {
                }
            }
        }
        char next = peekAfterWs();
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
            throw error(start, "attribute access ('" + dotted + "') is not supported: a constructor needs "
                    + "parentheses, e.g. " + dotted + "(...)");
        }
        return bindingUse(dotted, start, depth);
    }

    private Object bindingUse(String name, int start, int depth) {
        Binding b = bindings.get(name);
        if (b == null) {
            if (importRoots.contains(name)) {
                throw error(start, "cannot reference an imported module ('" + name + "') as a value");
            }
            if (Names.PYTHON_KEYWORDS.contains(name)) {
                throw error(start, "'" + name + "' is a Python keyword, not a value");
            }
            throw error(start, "unbound variable '" + name + "': define it before the value (" + name
                    + " = ...) or, for a custom type, write a call " + name + "(...)");
        }
        if (!evaluating.isEmpty()) {
            Binding current = evaluating.getLast();
            if (b.index == current.index) {
                throw error(start, "circular reference: binding '" + name + "' uses itself");
            }
            if (b.index > current.index) {
                throw error(start, "binding '" + current.name + "' is referencing value '" + name
                        + "' that isn't defined yet: a binding may only use the bindings above it");
            }
        }
        if (b.lastUse >= 0) {
            // every later use is the same object: a reference back to the previous use
            int slot = refSlot(b.lastUse, start);
            b.lastUse = slot;
            return slots.value(slot);
        }
        if (depth + 1 > limits.maxDepth()) {
            throw depthError(start);
        }
        int savedPos = pos;
        int savedBrackets = brackets;
        pos = b.exprStart;
        brackets = 0;
        evaluating.add(b);
        int slot = slots.count();
        Object value = parseValue(depth + 1);
        endOfStatement("the value of binding '" + name + "'");
        evaluating.removeLast();
        pos = savedPos;
        brackets = savedBrackets;
        b.lastUse = slot;
        return value;
    }

    /**
     * Parses every binding the value did not use, so that "an unknown name is an error" holds for the whole
     * document. Their nodes take slots after the value's, which no reference in the value can reach.
     */
    private void checkUnusedBindings() {
        for (Binding b : bindings.values()) {
            if (b.lastUse < 0) {
                pos = b.exprStart;
                brackets = 0;
                evaluating.add(b);
                int slot = slots.count();
                parseValue(1);
                endOfStatement("the value of binding '" + b.name + "'");
                evaluating.removeLast();
                b.lastUse = slot;
            }
        }
    }

    private Object list(int depth) {
        int start = pos;
        checkDepth(depth, start);
        pos++;
        brackets++;
        int slot = openSlot(start);
        ArrayList<Object> items = new ArrayList<>();
        elements(items, ']', depth);
        brackets--;
        return finish(slot, items);
    }

    /** Comma-separated values up to {@code close}; a trailing comma is allowed. */
    private void elements(List<Object> into, char close, int depth) {
        while (true) {
            skipWs();
            if (pos < len && src.charAt(pos) == close) {
                pos++;
                return;
            }
            if (pos < len && src.charAt(pos) == '*') {
                throw error(pos, "unpacking (*x) is not supported");
            }
            into.add(parseValue(depth));
            skipWs();
            if (pos < len && src.charAt(pos) == ',') {
                pos++;
            } else if (pos < len && src.charAt(pos) == close) {
                pos++;
                return;
            } else {
                throw expected("',' or '" + close + "'");
            }
        }
    }

    private Object brace(int depth) {
        int start = pos;
        checkDepth(depth, start);
        pos++;
        brackets++;
        int slot = openSlot(start);
        skipWs();
        if (pos < len && src.charAt(pos) == '}') {
            pos++;
            brackets--;
            return finish(slot, new LinkedHashMap<>());
        }
        if (pos < len && src.charAt(pos) == '*') {
            throw error(pos, "dict expansion (**x) is not supported: write the entries out");
        }
        int firstAt = pos;
        if (!scan.isDict(start)) {
            return setLiteral(start, slot, depth);
        }
        Object first = parseValue(depth);
        skipWs();
        if (pos >= len || src.charAt(pos) != ':') {
            throw expected("':' after the dict key");
        }
        LinkedHashMap<Object, Object> map = new LinkedHashMap<>();
        FloodGuard guard = new FloodGuard();
        Object key = first;
        int keyAt = firstAt;
        while (true) {
            pos++; // ':'
            Object value = parseValue(depth);
            put(map, key, keyAt, value, guard);
            skipWs();
            if (pos < len && src.charAt(pos) == ',') {
                pos++;
                skipWs();
            } else if (pos < len && src.charAt(pos) == '}') {
                // closing below
            } else {
                throw expected("',' or '}'");
            }
            if (pos < len && src.charAt(pos) == '}') {
                pos++;
                break;
            }
            if (pos < len && src.charAt(pos) == '*') {
                throw error(pos, "dict expansion (**x) is not supported: write the entries out");
            }
            keyAt = pos;
            key = parseValue(depth);
            skipWs();
            if (pos >= len || src.charAt(pos) != ':') {
                throw expected("':' after the dict key");
            }
        }
        brackets--;
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
        brackets--;
        finishListSlot(listSlot, items);
        return finish(slot, toSet(items, start));
    }

    private Object paren(int depth) {
        int start = pos;
        checkDepth(depth, start);
        pos++;
        brackets++;
        skipWs();
        if (pos < len && src.charAt(pos) == ')') {
            // () is an empty tuple: custom node + list
            pos++;
            brackets--;
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
            brackets--;
            finishListSlot(listSlot, items);
            return finish(slot, tuple(items));
        }
        Object inner = parseValue(depth);
        skipWs();
        if (pos >= len || src.charAt(pos) != ')') {
            throw expected("')'");
        }
        pos++;
        brackets--;
        return inner;
    }

    private Object call(String name, int start, int depth) {
        checkDepth(depth, start);
        skipWs();
        pos++; // '('
        brackets++;
        int slot = openSlot(start);
        List<Object> args = new ArrayList<>();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        while (true) {
            skipWs();
            if (pos < len && src.charAt(pos) == ')') {
                pos++;
                break;
            }
            if (pos < len && src.charAt(pos) == '*') {
                throw error(pos, "argument unpacking (*args, **kwargs) is not supported: write the arguments out");
            }
            int argAt = pos;
            String keyword = keywordAhead();
            if (keyword != null) {
                if (kwargs.containsKey(keyword)) {
                    throw error(argAt, "keyword argument repeated: " + keyword);
                }
                kwargs.put(keyword, parseValue(depth));
            } else {
                if (!kwargs.isEmpty()) {
                    throw error(argAt, "positional argument follows keyword argument");
                }
                args.add(parseValue(depth));
            }
            skipWs();
            if (pos < len && src.charAt(pos) == ',') {
                pos++;
            } else if (pos < len && src.charAt(pos) == ')') {
                pos++;
                break;
            } else {
                throw expected("',' or ')'");
            }
        }
        brackets--;
        Object value = construct(name, args, kwargs, start);
        return finish(slot, value);
    }

    /** If a keyword argument {@code name=} starts here, consumes it and returns the name. */
    private String keywordAhead() {
        int p = pos;
        if (p >= len || !isIdentStart(src.charAt(p))) {
            return null;
        }
        int s = p;
        while (p < len && isIdentPart(src.charAt(p))) {
            p++;
        }
        String word = src.substring(s, p);
        int q = p;
        while (q < len && (src.charAt(q) == ' ' || src.charAt(q) == '\t')) {
            q++;
        }
        if (q < len && src.charAt(q) == '=' && (q + 1 >= len || src.charAt(q + 1) != '=')) {
            if (!Names.isIdentifier(word)) {
                throw error(s, "'" + word + "' cannot be a keyword argument name");
            }
            pos = q + 1;
            return word;
        }
        return null;
    }

    private Object construct(String name, List<Object> args, Map<String, Object> kwargs, int start) {
        switch (name) {
            case "tuple" -> {
                if (!kwargs.isEmpty() || args.size() > 1) {
                    throw error(start, "tuple(...) takes one list, e.g. tuple([1, 2])");
                }
                if (args.isEmpty()) {
                    return Tuple.of();
                }
                if (!(args.getFirst() instanceof List<?> || args.getFirst() instanceof Tuple
                        || args.getFirst() instanceof Set<?>)) {
                    throw error(start, "tuple(...) takes a list, e.g. tuple([1, 2]), not " + kind(args.getFirst()));
                }
                Collection<?> items = args.getFirst() instanceof Tuple t ? t.toList() : (Collection<?>) args.getFirst();
                return tuple(items);
            }
            case "set" -> {
                if (!kwargs.isEmpty() || args.size() > 1) {
                    throw error(start, "set(...) takes one list, e.g. set([1, 2])");
                }
                if (args.isEmpty()) {
                    return new LinkedHashSet<>();
                }
                if (!(args.getFirst() instanceof List<?> || args.getFirst() instanceof Tuple)) {
                    throw error(start, "set(...) takes a list, e.g. set([1, 2]), not " + kind(args.getFirst()));
                }
                Collection<?> items = args.getFirst() instanceof Tuple t ? t.toList() : (Collection<?>) args.getFirst();
                return toSet(items, start);
            }
            default -> {
                Constructor c = constructors.get(name);
                if (c == null) {
                    throw error(start, "unknown constructor '" + name + "': only registered types can be loaded ("
                            + known() + "); register it with TextCodec.builder().record(...), .enumType(...), "
                            + ".type(...) or .constructor(\"" + name + "\", ...)");
                }
                Object value;
                try {
                    value = c.construct(new Call(name, args, kwargs));
                } catch (TextFormatException e) {
                    throw e;
                } catch (Exception | LinkageError e) {
                    throw new TextFormatException(lineOf(start), columnOf(start), name + "(...) could not be built: "
                            + Summary.excerpt(e.getMessage() == null ? e.toString() : e.getMessage(), 500),
                            context(start), e);
                }
                return value;
            }
        }
    }

    private String known() {
        List<String> names = new ArrayList<>(constructors.keySet());
        Collections.sort(names);
        if (names.isEmpty()) {
            return "this codec knows only tuple and set";
        }
        if (names.size() > 20) {
            return "known: tuple, set, " + String.join(", ", names.subList(0, 20)) + ", ...";
        }
        return "known: tuple, set, " + String.join(", ", names);
    }

    private Tuple tuple(Collection<?> items) {
        Tuple t = Tuple.copyOf(items);
        for (Object e : items) {
            if (e instanceof List<?> || e instanceof Map<?, ?> || e instanceof Set<?>
                    || (e instanceof Tuple && unhashableTuples.contains(e))) {
                unhashableTuples.add(t);
                break;
            }
        }
        return t;
    }

    private Set<Object> toSet(Collection<?> items, int start) {
        LinkedHashSet<Object> set = new LinkedHashSet<>();
        FloodGuard guard = new FloodGuard();
        for (Object e : items) {
            requireHashable(e, start, "set element");
            guard.check(e, set.size(), set, start);
            set.add(e);
        }
        return set;
    }

    private void put(Map<Object, Object> map, Object key, int keyAt, Object value, FloodGuard guard) {
        requireHashable(key, keyAt, "dict key");
        guard.check(key, map.size(), map.keySet(), keyAt);
        map.put(key, value);
    }

    /** Most keys of one dict or set that may share a hash code. */
    static final int MAX_SAME_HASH_KEYS = 64;

    /**
     * Refuses hash flooding: many keys with one hash code and of different classes (say Strings and Longs, or a
     * registered type's keys) make Java's HashMap search linearly, so a dict of n such keys would take n^2 steps
     * to build. Small containers are not tracked.
     */
    private final class FloodGuard {
        private HashMap<Integer, Integer> counts;

        void check(Object key, int size, Collection<Object> present, int at) {
            if (counts == null) {
                if (size < MAX_SAME_HASH_KEYS) {
                    return;
                }
                counts = new HashMap<>();
                for (Object k : present) {
                    count(k);
                }
            }
            if (count(key) > MAX_SAME_HASH_KEYS) {
                throw error(at, "more than " + MAX_SAME_HASH_KEYS + " keys of one dict or set share a hash code: "
                        + "refusing what looks like a hash-flooding document");
            }
        }

        private int count(Object key) {
            Integer hash = Objects.hashCode(key);
            Integer n = counts.get(hash);
            int next = n == null ? 1 : n + 1;
            counts.put(hash, next);
            return next;
        }
    }

    private void requireHashable(Object key, int at, String what) {
        if (key instanceof List<?> || key instanceof Map<?, ?> || key instanceof Set<?>) {
            throw error(at, "a " + kind(key) + " cannot be a " + what + " (it is unhashable in Python too): "
                    + "use a tuple, e.g. tuple([1, 2])");
        }
        if (key instanceof Tuple && unhashableTuples.contains(key)) {
            throw error(at, "a tuple that contains a list, dict or set cannot be a " + what
                    + " (it is unhashable in Python too)");
        }
    }

    private Object ref(int start) {
        skipWs();
        pos++; // '('
        skipWs();
        int numAt = pos;
        int p = pos;
        long n = 0;
        int digits = 0;
        boolean underscore = false;
        while (p < len && (isDigit(src.charAt(p)) || src.charAt(p) == '_')) {
            if (src.charAt(p) != '_') {
                n = n * 10 + (src.charAt(p) - '0');
                digits++;
            } else {
                underscore = true;
            }
            p++;
            if (digits > 10) {
                break;
            }
        }
        if (digits == 0 || digits > 10 || (underscore && !validUnderscores(src.substring(numAt, p)))) {
            throw error(numAt, "ref(N) needs a whole number N >= 1 (the distance back to the shared value)");
        }
        pos = p;
        skipWs();
        if (pos >= len || src.charAt(pos) != ')') {
            throw expected("')' closing ref(N)");
        }
        pos++;
        if (n < 1) {
            throw error(numAt, "ref(" + n + ") is invalid: N counts back from this node and must be at least 1");
        }
        if (n > slots.count()) {
            throw error(numAt, "ref(" + n + ") points before the start of the document: only " + slots.count()
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
        return error(at, "nesting deeper than " + limits.maxDepth() + " levels (LoadLimits.maxDepth)");
    }

    // ---------------------------------------------------------------- numbers

    private Object number(boolean negative) {
        int start = pos;
        char c = src.charAt(pos);
        if (c == '0' && pos + 1 < len && "xXoObB".indexOf(src.charAt(pos + 1)) >= 0) {
            char b = Character.toLowerCase(src.charAt(pos + 1));
            int radix = b == 'x' ? 16 : b == 'o' ? 8 : 2;
            pos += 2;
            int s = pos;
            int count = 0;
            while (pos < len && ((src.charAt(pos) < 128 && Character.digit(src.charAt(pos), radix) >= 0)
                    || src.charAt(pos) == '_')) {
                count += src.charAt(pos) == '_' ? 0 : 1;
                if (count > limits.maxIntegerDigits()) {
                    checkDigits(count, start); // refused before the rest of the literal is read
                }
                pos++;
            }
            String raw = src.substring(s, pos);
            String digits = raw.replace("_", "");
            if (digits.isEmpty() || !validUnderscores("0" + raw) || raw.endsWith("_")) {
                throw error(start, "invalid integer literal");
            }
            checkLiteralEnd(start);
            checkDigits(digits.length(), start);
            BigInteger v = new BigInteger(digits, radix);
            return integer(negative ? v.negate() : v);
        }
        // fast path: a plain decimal integer of up to 18 digits
        long acc = 0;
        int p = pos;
        while (p < len && p - start < 19 && isDigit(src.charAt(p))) {
            acc = acc * 10 + (src.charAt(p) - '0');
            p++;
        }
        if (p - start < 19 && p - start <= limits.maxIntegerDigits() && (p - start == 1 || c != '0')
                && (p >= len || !(isIdentPart(src.charAt(p)) || src.charAt(p) == '.'))) {
            pos = p;
            return negative ? -acc : acc;
        }
        // fast path: a decimal fraction of at most 15 digits is exact as a long, and one division by an exact
        // power of ten is correctly rounded (Clinger), so it equals Double.parseDouble
        if (p < len && src.charAt(p) == '.' && p - start <= 15) {
            int q = p + 1;
            long m = acc;
            int k = 0;
            while (q < len && isDigit(src.charAt(q)) && (p - start) + k < 15) {
                m = m * 10 + (src.charAt(q) - '0');
                k++;
                q++;
            }
            if ((p - start) + k <= limits.maxIntegerDigits()
                    && (q >= len || !(isIdentPart(src.charAt(q)) || src.charAt(q) == '.'))) {
                double d = m / POW10[k];
                pos = q;
                return negative ? -d : d;
            }
        }
        boolean isFloat = false;
        int digitCount = 0;
        while (pos < len && (isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            digitCount += src.charAt(pos) == '_' ? 0 : 1;
            pos++;
            if (digitCount > limits.maxIntegerDigits()) {
                checkDigits(digitCount, start);
            }
        }
        if (pos < len && src.charAt(pos) == '.') {
            isFloat = true;
            pos++;
            while (pos < len && (isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                digitCount += src.charAt(pos) == '_' ? 0 : 1;
                pos++;
            }
        }
        if (pos < len && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int e = pos;
            pos++;
            if (pos < len && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                pos++;
            }
            int ds = pos;
            while (pos < len && (isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                pos++;
            }
            if (ds == pos) {
                throw error(e, "invalid float literal: an exponent needs digits, e.g. 1e+16");
            }
            isFloat = true;
        }
        if (pos < len && (src.charAt(pos) == 'j' || src.charAt(pos) == 'J')) {
            throw error(start, "complex numbers are not supported");
        }
        checkLiteralEnd(start);
        String raw = src.substring(start, pos);
        checkDigits(digitCount, start);
        if (raw.indexOf('_') >= 0 && !validUnderscores(raw)) {
            throw error(start, "invalid number literal '" + raw + "': '_' may only stand between two digits");
        }
        String text = raw.indexOf('_') >= 0 ? raw.replace("_", "") : raw;
        if (isFloat) {
            double d = Double.parseDouble(text);
            return negative ? -d : d;
        }
        if (text.length() > 1 && text.charAt(0) == '0') {
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) != '0') {
                    throw error(start, "leading zeros in decimal integer literals are not permitted; use 0o for octal");
                }
            }
        }
        if (text.length() <= 18) {
            long v = Long.parseLong(text);
            return negative ? -v : v;
        }
        BigInteger v = decimal(text, 0, text.length());
        return integer(negative ? v.negate() : v);
    }

    /** Powers of ten by exponent, for {@link #decimal}; made on first need. */
    private Map<Integer, BigInteger> powersOfTen;

    /**
     * {@code new BigInteger(digits)}, by halves: the JDK's constructor is quadratic in the digit count (4,300
     * digits take about a millisecond), while splitting lets {@code multiply} use Karatsuba and Toom-Cook.
     */
    private BigInteger decimal(String digits, int from, int to) {
        int n = to - from;
        if (n <= 400) {
            return new BigInteger(digits.substring(from, to));
        }
        int low = n / 2;
        if (powersOfTen == null) {
            powersOfTen = new HashMap<>();
        }
        BigInteger shift = powersOfTen.computeIfAbsent(low, BigInteger.TEN::pow);
        return decimal(digits, from, to - low).multiply(shift).add(decimal(digits, to - low, to));
    }

    private static Object integer(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private void checkDigits(int digits, int start) {
        if (digits > limits.maxIntegerDigits()) {
            throw error(start, "a number literal with more than " + limits.maxIntegerDigits()
                    + " digits (LoadLimits.maxIntegerDigits)");
        }
    }

    private void checkLiteralEnd(int start) {
        if (pos < len && (isIdentPart(src.charAt(pos)) || src.charAt(pos) == '.')) {
            throw error(start, "invalid number literal near " + describe(pos));
        }
    }

    /** Python's rule: an underscore only between two digits (or right after a base prefix). */
    private static boolean validUnderscores(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) == '_') {
                boolean before = i > 0 && Character.isLetterOrDigit(raw.charAt(i - 1));
                boolean after = i + 1 < raw.length() && Character.isLetterOrDigit(raw.charAt(i + 1));
                boolean beforeIsExp = i > 0 && (raw.charAt(i - 1) == 'e' || raw.charAt(i - 1) == 'E');
                if (!before || !after || beforeIsExp) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code float("nan")}, {@code float('inf')}, {@code float("-inf")}: one constant, as otf's EXECUTABLE. */
    private double floatCall(int start) {
        skipWs();
        pos++; // '('
        brackets++;
        skipWs();
        Object arg = (pos < len && (src.charAt(pos) == '\'' || src.charAt(pos) == '"')) ? literals(false) : null;
        skipWs();
        if (!(arg instanceof String s) || pos >= len || src.charAt(pos) != ')') {
            throw error(start, "float(...) only takes one string here: float(\"nan\"), float(\"inf\") or "
                    + "float(\"-inf\")");
        }
        pos++;
        brackets--;
        String t = s.strip().toLowerCase(java.util.Locale.ROOT);
        boolean neg = t.startsWith("-");
        String body = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
        double d;
        if (body.equals("nan")) {
            d = Double.NaN;
        } else if (body.equals("inf") || body.equals("infinity")) {
            d = Double.POSITIVE_INFINITY;
        } else {
            throw error(start, "float(" + PyRepr.str(s) + ") is not supported: write the number itself, or "
                    + "float(\"nan\"), float(\"inf\"), float(\"-inf\")");
        }
        return neg ? -d : d;
    }

    // ---------------------------------------------------------------- strings

    /** One or more adjacent literals, concatenated: one node. */
    private Object strings() {
        int start = pos;
        return constant(literals(true), start);
    }

    private Object literals(boolean concatenate) {
        StringBuilder text = null;
        ByteArrayOutputStream bytes = null;
        Object single = null;
        int count = 0;
        while (true) {
            int litStart = pos;
            int prefix = stringPrefixAt(pos);
            boolean isBytes = false;
            boolean raw = false;
            for (int i = 0; i < prefix; i++) {
                char p = Character.toLowerCase(src.charAt(pos + i));
                if (p == 'b') {
                    isBytes = true;
                } else if (p == 'r') {
                    raw = true;
                } else if (p == 'f') {
                    throw error(pos, "f-strings are not supported: write the text itself");
                }
            }
            pos += prefix;
            Object lit = literal(isBytes, raw, litStart);
            if (count > 0 && (lit instanceof byte[]) != (single instanceof byte[] || bytes != null)) {
                throw error(litStart, "cannot mix bytes and non-bytes literals");
            }
            count++;
            if (count == 1) {
                single = lit;
            } else if (lit instanceof byte[] b) {
                if (bytes == null) {
                    bytes = new ByteArrayOutputStream();
                    bytes.writeBytes((byte[]) single);
                }
                bytes.writeBytes(b);
            } else {
                if (text == null) {
                    text = new StringBuilder((String) single);
                }
                text.append((String) lit);
            }
            if (!concatenate) {
                break;
            }
            int save = pos;
            skipWs();
            if (pos < len && (src.charAt(pos) == '\'' || src.charAt(pos) == '"' || stringPrefixAt(pos) > 0)) {
                continue;
            }
            pos = save;
            break;
        }
        if (count > 1) {
            return bytes != null ? Bytes.of(bytes.toByteArray()) : text.toString();
        }
        if (single instanceof byte[] b) {
            return Bytes.of(b);
        }
        return single;
    }

    /** Length of a string prefix (r, b, u, f, rb, br, ...) directly followed by a quote at {@code p}, else 0. */
    private int stringPrefixAt(int p) {
        int n = 0;
        while (n < 2 && p + n < len && "rRbBuUfF".indexOf(src.charAt(p + n)) >= 0) {
            n++;
        }
        if (n > 0 && p + n < len && (src.charAt(p + n) == '\'' || src.charAt(p + n) == '"')) {
            String pre = src.substring(p, p + n).toLowerCase(java.util.Locale.ROOT);
            if (STRING_PREFIXES.contains(pre)) {
                return n;
            }
        }
        return 0;
    }

    private int skipComment(int p) {
        return source.skipComment(p);
    }

    private int skipString(int p) {
        return source.skipString(p);
    }

    /** A String, or a byte[] for bytes literals. */
    private Object literal(boolean isBytes, boolean raw, int litStart) {
        char q = src.charAt(pos);
        boolean triple = pos + 2 < len && src.charAt(pos + 1) == q && src.charAt(pos + 2) == q;
        pos += triple ? 3 : 1;
        int bodyStart = pos;
        // fast path: no escapes
        int p = pos;
        while (p < len) {
            char c = src.charAt(p);
            if (c == '\\' || (c == q && (!triple || (p + 2 < len && src.charAt(p + 1) == q && src.charAt(p + 2) == q)))
                    || (!triple && (c == '\n' || c == '\r'))) {
                break;
            }
            p++;
        }
        if (isBytes) {
            for (int i = bodyStart; i < p; i++) {
                if (src.charAt(i) > 0x7F) {
                    throw error(i, "bytes can only contain ASCII literal characters; escape others as \\xNN");
                }
            }
        }
        if (p < len && src.charAt(p) == q) {
            String body = src.substring(bodyStart, p);
            pos = p + (triple ? 3 : 1);
            return isBytes ? asciiBytes(body, bodyStart) : body;
        }
        StringBuilder b = new StringBuilder(Math.max(16, p - bodyStart + 16));
        b.append(src, bodyStart, p);
        pos = p;
        while (true) {
            if (pos >= len) {
                throw error(litStart, "unterminated string literal: add the closing " + q);
            }
            char c = src.charAt(pos);
            if (c == q && (!triple || (pos + 2 < len && src.charAt(pos + 1) == q && src.charAt(pos + 2) == q))) {
                pos += triple ? 3 : 1;
                break;
            }
            if (!triple && (c == '\n' || c == '\r')) {
                throw error(litStart, "unterminated string literal: a '...' string cannot span lines; write \\n, or "
                        + "use a triple-quoted string");
            }
            if (c != '\\') {
                if (isBytes && c > 0x7F) {
                    throw error(pos, "bytes can only contain ASCII literal characters; escape others as \\xNN");
                }
                b.append(c);
                pos++;
                continue;
            }
            if (pos + 1 >= len) {
                throw error(litStart, "unterminated string literal: add the closing " + q);
            }
            char e = src.charAt(pos + 1);
            if (raw) {
                b.append('\\').append(e);
                pos += 2;
                continue;
            }
            int escAt = pos;
            pos += 2;
            switch (e) {
                case '\n' -> {
                }
                case '\r' -> {
                    if (pos < len && src.charAt(pos) == '\n') {
                        pos++;
                    }
                }
                case '\\', '\'', '"' -> b.append(e);
                case 'a' -> b.append('\u0007');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'v' -> b.append('\u000b');
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int v = e - '0';
                    for (int k = 0; k < 2 && pos < len && src.charAt(pos) >= '0' && src.charAt(pos) <= '7'; k++) {
                        v = v * 8 + (src.charAt(pos++) - '0');
                    }
                    if (isBytes && v > 0xFF) {
                        throw error(escAt, "octal escape out of range for bytes (at most \\377)");
                    }
                    b.append((char) v);
                }
                case 'x' -> b.append((char) hexEscape(2, escAt));
                case 'u', 'U', 'N' -> {
                    if (isBytes) {
                        b.append('\\').append(e);
                    } else if (e == 'N') {
                        b.appendCodePoint(namedEscape(escAt));
                    } else {
                        int cp = hexEscape(e == 'u' ? 4 : 8, escAt);
                        if (cp < 0 || cp > Character.MAX_CODE_POINT) {
                            throw error(escAt, "illegal Unicode character in \\U escape (above \\U0010ffff)");
                        }
                        b.appendCodePoint(cp);
                    }
                }
                default -> b.append('\\').append(e);
            }
        }
        String body = b.toString();
        return isBytes ? asciiBytes(body, bodyStart) : body;
    }

    private int hexEscape(int digits, int escAt) {
        if (pos + digits > len) {
            throw error(escAt, "truncated \\" + src.charAt(escAt + 1) + " escape: it needs " + digits + " hex digits");
        }
        int v = 0;
        for (int i = 0; i < digits; i++) {
            int d = Character.digit(src.charAt(pos + i), 16);
            if (d < 0 || src.charAt(pos + i) > 'f') {
                throw error(escAt, "truncated \\" + src.charAt(escAt + 1) + " escape: it needs " + digits
                        + " hex digits");
            }
            v = v * 16 + d;
        }
        pos += digits;
        return v;
    }

    private int namedEscape(int escAt) {
        if (pos >= len || src.charAt(pos) != '{') {
            throw error(escAt, "malformed \\N character escape: write \\N{NAME}");
        }
        int close = src.indexOf('}', pos);
        if (close < 0 || close - pos > 100) {
            throw error(escAt, "malformed \\N character escape: write \\N{NAME}");
        }
        String name = src.substring(pos + 1, close);
        pos = close + 1;
        try {
            return Character.codePointOf(name);
        } catch (IllegalArgumentException e) {
            throw error(escAt, "unknown Unicode character name '" + name + "'");
        }
    }

    private byte[] asciiBytes(String body, int at) {
        byte[] out = new byte[body.length()];
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            out[i] = (byte) c;
        }
        return out;
    }

    // ---------------------------------------------------------------- lexing helpers

    /** {@code true} if the keyword {@code word} (not a longer identifier) starts at the current position. */
    private boolean wordAt(String word) {
        int end = pos + word.length();
        return src.startsWith(word, pos) && (end >= len || !isIdentPart(src.charAt(end)));
    }

    private String identifier() {
        int s = pos;
        while (pos < len && isIdentPart(src.charAt(pos))) {
            pos++;
        }
        return src.substring(s, pos);
    }

    /** {@code a.b.c} with no spaces; null if no identifier starts here. */
    private String dottedName() {
        if (pos >= len || !isIdentStart(src.charAt(pos))) {
            return null;
        }
        int s = pos;
        identifier();
        while (pos + 1 < len && src.charAt(pos) == '.' && isIdentStart(src.charAt(pos + 1))) {
            pos++;
            identifier();
        }
        return src.substring(s, pos);
    }

    private char peekAfterWs() {
        int save = pos;
        skipWs();
        char c = pos < len ? src.charAt(pos) : '\0';
        pos = save;
        return c;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || isDigit(c);
    }

    private static String kind(Object v) {
        return switch (v) {
            case null -> "None";
            case List<?> l -> "list";
            case Map<?, ?> m -> "dict";
            case Set<?> s -> "set";
            case Tuple t -> "tuple";
            default -> v.getClass().getSimpleName();
        };
    }

    // ---------------------------------------------------------------- errors

    private TextFormatException expected(String what) {
        return error(pos, "expected " + what + ", found " + describe(pos));
    }

    private String describe(int p) {
        return source.describe(p);
    }

    private TextFormatException error(int at, String reason) {
        return source.error(at, reason);
    }

    private int lineOf(int at) {
        return source.lineOf(at);
    }

    private int columnOf(int at) {
        return source.columnOf(at);
    }

    private String context(int at) {
        return source.context(at);
    }
}
