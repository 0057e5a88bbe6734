package io.fauxtp.text.internal;

import static io.fauxtp.text.internal.Source.isIdentPart;
import static io.fauxtp.text.internal.Source.isIdentStart;

import io.fauxtp.text.LoadLimits;
import io.fauxtp.text.TextFormatException;

/**
 * The loader's position in a document and the lexing every reader shares: whitespace, comments and line
 * continuations (newlines count as whitespace only inside brackets, as in Python), identifiers and dotted names,
 * and positioned errors. The parser, the statement reader and the literal readers all move the one cursor.
 */
final class Cursor {

    final Source source;
    final String src;
    final char[] buf;
    final int len;

    /** The offset of the next character to read. */
    int pos;

    /** How many brackets are open around {@link #pos}: inside them a newline is whitespace. */
    int brackets;

    Cursor(Source source) {
        this.source = source;
        this.src = source.src;
        this.buf = source.buf;
        this.len = source.len;
    }

    /** Spaces, comments and line continuations; newlines too when inside brackets. */
    void skipWs() {
        int p = pos;
        if (p < len && buf[p] > ' ' && buf[p] != '#' && buf[p] != '\\') {
            return; // the common case: the next token is right here
        }
        // the position is kept in a local while stepping (a pretty document's indentation is most of its text)
        while (p < len) {
            char c = buf[p];
            if (c == ' ' || c == '\t' || c == '\f') {
                p++;
            } else if (c == '\n' || c == '\r') {
                if (brackets == 0) {
                    break;
                }
                p++;
            } else if (c == '#') {
                p = source.skipComment(p);
            } else if (c == '\\' && p + 1 < len && (buf[p + 1] == '\n' || buf[p + 1] == '\r')) {
                p += 2;
            } else {
                break;
            }
        }
        pos = p;
    }

    void skipInline() {
        int saved = brackets;
        brackets = 0;
        skipWs();
        brackets = saved;
    }

    void skipComment() {
        while (pos < len && buf[pos] != '\n' && buf[pos] != '\r') {
            pos++;
        }
    }

    /** {@code true} if the keyword {@code word} (not a longer identifier) starts at the current position. */
    boolean wordAt(String word) {
        int end = pos + word.length();
        return src.startsWith(word, pos) && (end >= len || !isIdentPart(buf[end]));
    }

    String identifier() {
        int s = pos;
        skipIdentifier();
        return src.substring(s, pos);
    }

    private void skipIdentifier() {
        while (pos < len && isIdentPart(buf[pos])) {
            pos++;
        }
    }

    /** {@code a.b.c} with no spaces; null if no identifier starts here. */
    String dottedName() {
        if (pos >= len || !isIdentStart(buf[pos])) {
            return null;
        }
        int s = pos;
        int h = 0;
        char c;
        // one String for the whole name, none per part; the hash of its characters is taken on the way
        while (pos < len && (isIdentPart(c = buf[pos]) || (c == '.' && pos + 1 < len && isIdentStart(buf[pos + 1])))) {
            h = 31 * h + c;
            pos++;
        }
        return recentName(s, pos, h);
    }

    /**
     * The names this document used last, by the hash of their characters: a document names the same few
     * constructors again and again (every step of a journal), and one String for each saves making it and hashing
     * it again for the registry's lookup every time.
     */
    private final String[] recentNames = new String[64];

    private String recentName(int from, int to, int h) {
        int bucket = (h ^ (h >>> 7)) & (recentNames.length - 1);
        String name = recentNames[bucket];
        int n = to - from;
        if (name != null && name.length() == n && src.regionMatches(from, name, 0, n)) {
            return name;
        }
        name = src.substring(from, to);
        recentNames[bucket] = name;
        return name;
    }

    char peekAfterWs() {
        int save = pos;
        skipWs();
        char c = pos < len ? buf[pos] : '\0';
        pos = save;
        return c;
    }

    /** Refuses anything but spaces or a comment between the cursor and the end of the statement. */
    void endOfStatement(String what) {
        skipInline();
        if (pos < len && buf[pos] != '\n' && buf[pos] != '\r' && buf[pos] != ';') {
            throw error(pos, "unexpected " + describe(pos) + " after " + what
                    + " (missing a comma, or an operator, which the format does not support?)");
        }
    }

    TextFormatException expected(String what) {
        return error(pos, "expected " + what + ", found " + describe(pos));
    }

    String describe(int p) {
        return source.describe(p);
    }

    TextFormatException error(int at, String reason) {
        return source.error(at, reason);
    }

    TextFormatException depthError(int at, LoadLimits limits) {
        return error(at, "nesting deeper than " + limits.maxDepth() + " levels (LoadLimits.maxDepth)");
    }
}
