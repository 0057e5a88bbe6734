package io.fauxtp.text.internal;

import io.fauxtp.text.Bytes;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Set;

/**
 * Reads Python string and bytes literals: quotes and triple quotes, the prefixes {@code r}, {@code b}, {@code u}
 * (f-strings are refused), every escape Python knows (hex, octal, Unicode by number and by name, line
 * continuations) and implicit concatenation of adjacent literals ({@code 'a' 'b'}). A literal without escapes
 * is one substring.
 */
final class StringLiteralReader {

    private static final Set<String> STRING_PREFIXES = Set.of("r", "b", "u", "f", "rb", "br", "fr", "rf");

    private final Cursor cursor;
    private final String src;
    private final char[] buf;
    private final int len;

    /** The pre-scan, which knows where each literal without escapes closes; set before the first literal. */
    private BracketScan scan;

    StringLiteralReader(Cursor cursor) {
        this.cursor = cursor;
        this.src = cursor.src;
        this.buf = cursor.buf;
        this.len = cursor.len;
    }

    void useScan(BracketScan scan) {
        this.scan = scan;
    }

    /**
     * Reads the literal at the cursor, and with {@code concatenate} the adjacent ones after it: a {@code String},
     * or {@code Bytes} for bytes literals.
     */
    Object read(boolean concatenate) {
        StringBuilder text = null;
        ByteArrayOutputStream bytes = null;
        Object single = null;
        int count = 0;
        while (true) {
            int litStart = cursor.pos;
            int prefix = prefixAt(cursor.pos);
            boolean isBytes = false;
            boolean raw = false;
            for (int i = 0; i < prefix; i++) {
                char p = Character.toLowerCase(buf[cursor.pos + i]);
                if (p == 'b') {
                    isBytes = true;
                } else if (p == 'r') {
                    raw = true;
                } else if (p == 'f') {
                    throw cursor.error(cursor.pos, "f-strings are not supported: write the text itself");
                }
            }
            cursor.pos += prefix;
            Object lit = literal(isBytes, raw, litStart);
            if (count > 0 && (lit instanceof byte[]) != (single instanceof byte[] || bytes != null)) {
                throw cursor.error(litStart, "cannot mix bytes and non-bytes literals");
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
            int save = cursor.pos;
            cursor.skipWs();
            if (cursor.pos < len && (buf[cursor.pos] == '\'' || buf[cursor.pos] == '"'
                    || prefixAt(cursor.pos) > 0)) {
                continue;
            }
            cursor.pos = save;
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
    int prefixAt(int p) {
        if (p >= len || !isPrefixLetter(buf[p])) {
            return 0; // the common case: a quote, or a name that is no prefix
        }
        int n = 0;
        while (n < 2 && p + n < len && isPrefixLetter(buf[p + n])) {
            n++;
        }
        if (n > 0 && p + n < len && (buf[p + n] == '\'' || buf[p + n] == '"')) {
            String pre = src.substring(p, p + n).toLowerCase(java.util.Locale.ROOT);
            if (STRING_PREFIXES.contains(pre)) {
                return n;
            }
        }
        return 0;
    }

    private static boolean isPrefixLetter(char c) {
        return switch (c) {
            case 'r', 'R', 'b', 'B', 'u', 'U', 'f', 'F' -> true;
            default -> false;
        };
    }

    /** A String, or a byte[] for bytes literals. */
    private Object literal(boolean isBytes, boolean raw, int litStart) {
        char q = buf[cursor.pos];
        int close = isBytes ? -1 : scan.plainClose(cursor.pos);
        if (close >= 0) {
            // a literal without escapes, found by the pre-scan: its text is the slice between the quotes
            int from = cursor.pos + 1;
            cursor.pos = close + 1;
            return text(from, close);
        }
        boolean triple = cursor.pos + 2 < len && buf[cursor.pos + 1] == q && buf[cursor.pos + 2] == q;
        cursor.pos += triple ? 3 : 1;
        int bodyStart = cursor.pos;
        // fast path: no escapes
        int p = cursor.pos;
        while (p < len) {
            char c = buf[p];
            if (c > '\'' && c != '\\') {
                p++; // neither a quote, a backslash nor a line end: most characters
                continue;
            }
            if (c == '\\' || (c == q && (!triple || (p + 2 < len && buf[p + 1] == q && buf[p + 2] == q)))
                    || (!triple && (c == '\n' || c == '\r'))) {
                break;
            }
            p++;
        }
        if (isBytes) {
            for (int i = bodyStart; i < p; i++) {
                if (buf[i] > 0x7F) {
                    throw cursor.error(i, "bytes can only contain ASCII literal characters; escape others as \\xNN");
                }
            }
        }
        if (p < len && buf[p] == q) {
            cursor.pos = p + (triple ? 3 : 1);
            return isBytes ? asciiBytes(src.substring(bodyStart, p), bodyStart) : text(bodyStart, p);
        }
        StringBuilder b = new StringBuilder(Math.max(16, p - bodyStart + 16));
        b.append(src, bodyStart, p);
        cursor.pos = p;
        while (true) {
            if (cursor.pos >= len) {
                throw cursor.error(litStart, "unterminated string literal: add the closing " + q);
            }
            char c = buf[cursor.pos];
            if (c == q && (!triple
                    || (cursor.pos + 2 < len && buf[cursor.pos + 1] == q && buf[cursor.pos + 2] == q))) {
                cursor.pos += triple ? 3 : 1;
                break;
            }
            if (!triple && (c == '\n' || c == '\r')) {
                throw cursor.error(litStart, "unterminated string literal: a '...' string cannot span lines; write "
                        + "\\n, or use a triple-quoted string");
            }
            if (c != '\\') {
                if (isBytes && c > 0x7F) {
                    throw cursor.error(cursor.pos, "bytes can only contain ASCII literal characters; escape others "
                            + "as \\xNN");
                }
                b.append(c);
                cursor.pos++;
                continue;
            }
            if (cursor.pos + 1 >= len) {
                throw cursor.error(litStart, "unterminated string literal: add the closing " + q);
            }
            char e = buf[cursor.pos + 1];
            if (raw) {
                b.append('\\').append(e);
                cursor.pos += 2;
                continue;
            }
            int escAt = cursor.pos;
            cursor.pos += 2;
            switch (e) {
                case '\n' -> {
                }
                case '\r' -> {
                    if (cursor.pos < len && buf[cursor.pos] == '\n') {
                        cursor.pos++;
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
                    for (int k = 0; k < 2 && cursor.pos < len && buf[cursor.pos] >= '0'
                            && buf[cursor.pos] <= '7'; k++) {
                        v = v * 8 + (buf[cursor.pos++] - '0');
                    }
                    if (isBytes && v > 0xFF) {
                        throw cursor.error(escAt, "octal escape out of range for bytes (at most \\377)");
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
                            throw cursor.error(escAt, "illegal Unicode character in \\U escape (above \\U0010ffff)");
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

    /** Strings of at most this many characters are looked up in {@link #recent} before a new one is made. */
    private static final int RECENT_MAX_LENGTH = 16;

    /**
     * The short strings this document used last, by hash: a document repeats its dict keys and small words
     * (every order's {@code 'id'}), and one String for them all saves making each again and hashing it again
     * in every dict it keys. Strings are immutable, so sharing one object changes nothing a user can see.
     */
    private final String[] recent = new String[256];
    /**
     * The characters of each of {@link #recent}, {@link #RECENT_MAX_LENGTH} per bucket, and their lengths: compared
     * with the document's as arrays (one intrinsic), not char by char, and replaced without allocating.
     */
    private final char[] recentChars = new char[256 * RECENT_MAX_LENGTH];
    private final int[] recentLengths = new int[256];

    /** The text {@code buf[from, to)}, which holds no escapes. */
    private String text(int from, int to) {
        int n = to - from;
        if (n > RECENT_MAX_LENGTH) {
            return src.substring(from, to);
        }
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + buf[i];
        }
        int bucket = (h ^ (h >>> 8)) & (recent.length - 1);
        int at = bucket * RECENT_MAX_LENGTH;
        if (recent[bucket] != null && recentLengths[bucket] == n && sameChars(at, from, n)) {
            return recent[bucket];
        }
        String s = src.substring(from, to);
        recent[bucket] = s;
        recentLengths[bucket] = n;
        System.arraycopy(buf, from, recentChars, at, n);
        return s;
    }

    /** Compared char by char: for at most 16 characters cheaper than {@code Arrays.equals}'s range checks. */
    private boolean sameChars(int at, int from, int n) {
        for (int i = 0; i < n; i++) {
            if (recentChars[at + i] != buf[from + i]) {
                return false;
            }
        }
        return true;
    }

    private int hexEscape(int digits, int escAt) {
        if (cursor.pos + digits > len) {
            throw cursor.error(escAt, "truncated \\" + buf[escAt + 1] + " escape: it needs " + digits
                    + " hex digits");
        }
        int v = 0;
        for (int i = 0; i < digits; i++) {
            int d = Character.digit(buf[cursor.pos + i], 16);
            if (d < 0 || buf[cursor.pos + i] > 'f') {
                throw cursor.error(escAt, "truncated \\" + buf[escAt + 1] + " escape: it needs " + digits
                        + " hex digits");
            }
            v = v * 16 + d;
        }
        cursor.pos += digits;
        return v;
    }

    private int namedEscape(int escAt) {
        if (cursor.pos >= len || buf[cursor.pos] != '{') {
            throw cursor.error(escAt, "malformed \\N character escape: write \\N{NAME}");
        }
        int close = src.indexOf('}', cursor.pos);
        if (close < 0 || close - cursor.pos > 100) {
            throw cursor.error(escAt, "malformed \\N character escape: write \\N{NAME}");
        }
        String name = src.substring(cursor.pos + 1, close);
        cursor.pos = close + 1;
        try {
            return Character.codePointOf(name);
        } catch (IllegalArgumentException e) {
            throw cursor.error(escAt, "unknown Unicode character name '" + name + "'");
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
}
