package io.fauxtp.text.internal;

import static io.fauxtp.text.internal.Source.isIdentPart;
import static io.fauxtp.text.internal.Source.isIdentStart;

/**
 * The statements before a document's value, as otf's EXECUTABLE format writes them: {@code import} lines
 * (checked, then ignored) and {@code name = expr} bindings, declared in {@link Bindings} with their expression's
 * offset and parsed where they are used. Anything else before the value is refused.
 */
final class Prelude {

    /** A statement's end and its first top-level {@code =} and {@code :} (-1 when there is none). */
    record Statement(int end, int equals, int colon, int equalsCount) {

        boolean isBinding() {
            return equals >= 0;
        }

        boolean isAnnotation() {
            return colon >= 0;
        }
    }

    private final Cursor cursor;
    private final Source source;
    private final String src;
    private final char[] buf;
    private final int len;
    private final Bindings bindings;

    Prelude(Cursor cursor, Bindings bindings) {
        this.cursor = cursor;
        this.source = cursor.source;
        this.src = cursor.src;
        this.buf = cursor.buf;
        this.len = cursor.len;
        this.bindings = bindings;
    }

    /** The statement at the cursor: scanned to its end when it may be a binding, otherwise not scanned at all. */
    Statement statement() {
        int start = cursor.pos;
        return looksLikeBinding() ? scanStatement(start) : new Statement(start, -1, -1, 0);
    }

    /** An identifier followed by '=' (not '==') or ':' starts a binding; nothing else needs a prelude scan. */
    private boolean looksLikeBinding() {
        int p = cursor.pos;
        if (p >= len || !isIdentStart(buf[p])) {
            return false;
        }
        while (p < len && (isIdentPart(buf[p]) || buf[p] == '.')) {
            p++;
        }
        while (p < len && (buf[p] == ' ' || buf[p] == '\t')) {
            p++;
        }
        if (p < len && buf[p] == '[') {
            return true;
        }
        return p < len && ((buf[p] == '=' && (p + 1 >= len || buf[p + 1] != '='))
                || buf[p] == ':');
    }

    /** Finds the end of the statement at {@code start} and its top-level {@code =} and {@code :}. */
    private Statement scanStatement(int start) {
        int p = start;
        int depth = 0;
        int eq = -1;
        int colon = -1;
        int eqCount = 0;
        while (p < len) {
            char c = buf[p];
            if (c == '\'' || c == '"') {
                p = source.skipString(p);
                continue;
            }
            if (c == '#') {
                p = source.skipComment(p);
                continue;
            }
            if (c == '\\' && p + 1 < len && (buf[p + 1] == '\n' || buf[p + 1] == '\r')) {
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
                char prev = p > start ? buf[p - 1] : ' ';
                char next = p + 1 < len ? buf[p + 1] : ' ';
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

    /** Declares the binding {@code st} that starts at {@code start}, and moves the cursor past it. */
    void binding(int start, Statement st) {
        if (st.equalsCount > 1) {
            throw cursor.error(start, "assigning to multiple targets (a = b = ...) is not supported: one name per "
                    + "binding");
        }
        int targetEnd = st.colon >= 0 ? st.colon : st.equals;
        bindings.declare(src.substring(start, targetEnd).strip(), start, st.equals + 1);
        cursor.pos = st.end;
    }

    /** Reads the {@code import a.b, c} line at the cursor. */
    void imports() {
        cursor.pos += "import".length();
        while (true) {
            cursor.skipInline();
            int s = cursor.pos;
            String dotted = cursor.dottedName();
            if (dotted == null) {
                throw cursor.error(s, "expected a module name after `import`");
            }
            bindings.imported(dotted);
            cursor.skipInline();
            if (cursor.wordAt("as")) {
                throw cursor.error(cursor.pos, "`import ... as` is not supported: import the module by its full name");
            }
            if (cursor.pos < len && buf[cursor.pos] == ',') {
                cursor.pos++;
                continue;
            }
            break;
        }
        cursor.endOfStatement("the import");
    }

    /** Skips newlines, semicolons, spaces and comments between statements. */
    void skipBlankStatements() {
        while (cursor.pos < len) {
            char c = buf[cursor.pos];
            if (c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r' || c == ';') {
                cursor.pos++;
            } else if (c == '#') {
                cursor.skipComment();
            } else if (c == '\\' && cursor.pos + 1 < len
                    && (buf[cursor.pos + 1] == '\n' || buf[cursor.pos + 1] == '\r')) {
                cursor.pos += 2;
            } else {
                break;
            }
        }
    }
}
