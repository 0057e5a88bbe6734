package io.fauxtp.text.internal;

import io.fauxtp.text.TextFormatException;

/**
 * A document's text and what every reader of it shares: the raw lexing of comments and string literals (so the
 * bracket scan, the statement scan and the parser skip them alike) and positioned errors with the offending line.
 */
final class Source {

    final String src;
    /**
     * The same characters as an array: the readers index it instead of calling {@code charAt}, which for a
     * document with any character above U+00FF pays a bounds check per call and dominated the load profile. It
     * may be longer than the document (a codec's spare, {@link LoadScratch}): nothing reads it from {@link #len} on.
     */
    final char[] buf;
    final int len;

    Source(String src) {
        this(src, new char[src.length()]);
    }

    /** Over {@code chars}, at least as long as {@code src}, into which the document is copied. */
    Source(String src, char[] chars) {
        this.src = src;
        this.len = src.length();
        src.getChars(0, len, chars, 0);
        this.buf = chars;
    }

    /**
     * From a {@code #} at {@code p}, the position of the line end (or the end of input) that ends the comment:
     * {@code \n} or {@code \r}, exactly where the parser's comment skipping stops.
     */
    int skipComment(int p) {
        while (p < len && buf[p] != '\n' && buf[p] != '\r') {
            p++;
        }
        return p;
    }

    /**
     * From the quote at {@code p}, the end of the string literal: for every literal the loader's literal reader
     * accepts, the position right after its closing quote (an escaped line end, {@code \r\n} included, stays
     * inside).
     */
    int skipString(int p) {
        char q = buf[p];
        boolean triple = p + 2 < len && buf[p + 1] == q && buf[p + 2] == q;
        p += triple ? 3 : 1;
        while (p < len) {
            char c = buf[p];
            if (c > '\'' && c != '\\') {
                p++; // neither a quote, a backslash nor a line end: most characters
                continue;
            }
            if (c == '\\') {
                p += p + 2 < len && buf[p + 1] == '\r' && buf[p + 2] == '\n' ? 3 : 2;
                continue;
            }
            if (c == q) {
                if (!triple) {
                    return p + 1;
                }
                if (p + 2 < len && buf[p + 1] == q && buf[p + 2] == q) {
                    return p + 3;
                }
            }
            if (!triple && (c == '\n' || c == '\r')) {
                return p;
            }
            p++;
        }
        return len;
    }

    String describe(int p) {
        if (p >= len) {
            return "the end of the document";
        }
        char c = buf[p];
        if (c == '\n' || c == '\r') {
            return "the end of the line (inside brackets a value may span lines; outside, it may not)";
        }
        return "'" + (Character.isHighSurrogate(c) && p + 1 < len ? src.substring(p, p + 2) : String.valueOf(c)) + "'";
    }

    TextFormatException error(int at, String reason) {
        return new TextFormatException(lineOf(at), columnOf(at), reason, context(at), null);
    }

    int lineOf(int at) {
        int line = 1;
        int end = Math.min(at, len);
        for (int i = 0; i < end; i++) {
            if (buf[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    int lineStart(int at) {
        int p = Math.min(at, len);
        while (p > 0 && buf[p - 1] != '\n') {
            p--;
        }
        return p;
    }

    int columnOf(int at) {
        return Math.min(at, len) - lineStart(at) + 1;
    }

    /** The source line (at most ~80 characters around the column) and a caret under the column. */
    String context(int at) {
        int s = lineStart(at);
        int col = Math.min(at, len) - s;
        int from = Math.max(s, s + col - 40);
        int e = from;
        while (e < len && e < from + 81 && buf[e] != '\n' && buf[e] != '\r') {
            e++;
        }
        int to = Math.min(e, from + 80);
        StringBuilder b = new StringBuilder("  ");
        String prefix = from > s ? "..." : "";
        b.append(prefix);
        for (int i = from; i < to; i++) {
            char c = buf[i];
            b.append(c == '\t' ? ' ' : c);
        }
        if (to < e) {
            b.append("...");
        }
        b.append("\n  ").repeat(' ', prefix.length() + (s + col - from)).append('^');
        return b.toString();
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isIdentPart(char c) {
        return isIdentStart(c) || isDigit(c);
    }
}
