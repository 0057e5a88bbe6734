package io.fauxtp.text.internal;

import java.util.Arrays;

/**
 * The dumper's output: a {@code char[]} of its own, grown by doubling, written with bulk copies. A
 * {@code StringBuilder} that holds one non-Latin-1 character copies every Latin-1 string appended after it one
 * character at a time, and formats nothing into a {@code char[]}; here a string is copied whole
 * ({@code String.getChars}) and then checked in place for characters its repr must escape.
 */
final class TextBuffer {

    /**
     * The BMP characters a str repr writes as they are: printable as the pinned CPython says, and neither quote
     * nor backslash. Surrogates are not printable alone, so a supplementary character is never plain here.
     */
    private static final long[] PLAIN = new long[0x10000 / 64];

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static {
        for (int c = 0; c < 0x10000; c++) {
            if (PrintableTable.isPrintable(c) && c != '\'' && c != '"' && c != '\\') {
                PLAIN[c >>> 6] |= 1L << c;
            }
        }
    }

    private char[] chars;
    private int length;
    /** Whether a supplementary character (two UTF-16 units, one code point) was written. */
    private boolean astral;
    /** Where the JDK formats a double the fast path does not take (it writes into a builder, not a char[]). */
    private StringBuilder scratch;

    TextBuffer(int capacity) {
        chars = new char[Math.max(16, capacity)];
    }

    int length() {
        return length;
    }

    /** The characters it holds without growing. */
    int capacity() {
        return chars.length;
    }

    /** Empties it for another dump, keeping its array. */
    void clear() {
        length = 0;
        astral = false;
    }

    /** Grows it once to hold {@code total} characters, if it holds fewer. */
    void reserve(int total) {
        if (total > chars.length) {
            room(total - length);
        }
    }

    /** The characters written, valid up to {@link #length()} until the next write. */
    char[] chars() {
        return chars;
    }

    boolean astral() {
        return astral;
    }

    void markAstral() {
        astral = true;
    }

    @Override
    public String toString() {
        return new String(chars, 0, length);
    }

    /** Room for {@code more} characters after {@link #length()}. */
    private char[] room(int more) {
        char[] a = chars;
        if (a.length - length < more) {
            long wanted = Math.max((long) length + more, 2L * a.length);
            if (wanted > Integer.MAX_VALUE - 16) {
                wanted = (long) length + more;
                if (wanted > Integer.MAX_VALUE - 16) {
                    throw new OutOfMemoryError("the text is too long for one String");
                }
            }
            a = chars = Arrays.copyOf(a, (int) wanted);
        }
        return a;
    }

    void append(char c) {
        char[] a = room(1);
        a[length++] = c;
    }

    void append(char c1, char c2) {
        char[] a = room(2);
        a[length] = c1;
        a[length + 1] = c2;
        length += 2;
    }

    void append(String s) {
        int n = s.length();
        char[] a = room(n);
        s.getChars(0, n, a, length);
        length += n;
    }

    void append(char[] source, int from, int to) {
        int n = to - from;
        char[] a = room(n);
        System.arraycopy(source, from, a, length, n);
        length += n;
    }

    void repeat(char c, int count) {
        char[] a = room(count);
        Arrays.fill(a, length, length + count, c);
        length += count;
    }

    /** The code points in {@code [from, to)}. */
    int codePoints(int from, int to) {
        return Character.codePointCount(chars, from, to - from);
    }

    /** Python's {@code repr(str)}, as {@link PyRepr#appendStr} writes it. */
    void appendStr(String s) {
        int n = s.length();
        char[] a = room(n + 2);
        int at = length + 1;
        // copy the string after its opening quote, then look for what needs escaping: usually nothing
        s.getChars(0, n, a, at);
        int i = 0;
        while (i < n) {
            char c = a[at + i];
            if ((PLAIN[c >>> 6] & (1L << c)) == 0) {
                break;
            }
            i++;
        }
        if (i == n) {
            a[length] = '\'';
            a[at + n] = '\'';
            length = at + n + 1;
            return;
        }
        // the plain characters before i hold no quote: the quote is chosen from the rest, as PyRepr does
        char quote = s.indexOf('\'', i) >= 0 && s.indexOf('"', i) < 0 ? '"' : '\'';
        a[length] = quote;
        length = at + i;
        escaped(s, i, quote);
        append(quote);
    }

    /** Writes {@code s} from {@code i} on, escaped for a repr quoted with {@code quote}. */
    private void escaped(String s, int i, char quote) {
        int n = s.length();
        char other = quote == '\'' ? '"' : '\'';
        while (i < n) {
            int run = i;
            while (run < n) {
                char c = s.charAt(run);
                if ((PLAIN[c >>> 6] & (1L << c)) == 0 && c != other) {
                    break;
                }
                run++;
            }
            if (run > i) {
                char[] a = room(run - i);
                s.getChars(i, run, a, length);
                length += run - i;
                i = run;
                if (i >= n) {
                    break;
                }
            }
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == quote || cp == '\\') {
                append('\\', (char) cp);
            } else if (cp == '\t') {
                append('\\', 't');
            } else if (cp == '\n') {
                append('\\', 'n');
            } else if (cp == '\r') {
                append('\\', 'r');
            } else if (cp < ' ' || cp == 0x7f) {
                hex('x', cp, 2);
            } else if (PyRepr.isPrintable(cp)) {
                if (cp > 0xffff) {
                    append(Character.highSurrogate(cp), Character.lowSurrogate(cp));
                    astral = true;
                } else {
                    append((char) cp);
                }
            } else if (cp <= 0xff) {
                hex('x', cp, 2);
            } else if (cp <= 0xffff) {
                hex('u', cp, 4);
            } else {
                hex('U', cp, 8);
            }
        }
    }

    private void hex(char kind, int v, int width) {
        char[] a = room(2 + width);
        a[length++] = '\\';
        a[length++] = kind;
        for (int shift = (width - 1) * 4; shift >= 0; shift -= 4) {
            a[length++] = HEX[(v >>> shift) & 0xF];
        }
    }

    /** {@code Long.toString(value)}. */
    void appendLong(long value) {
        if (value == Long.MIN_VALUE) {
            append(Long.toString(value));
            return;
        }
        char[] a = room(20);
        if (value < 0) {
            a[length++] = '-';
            value = -value;
        }
        int digits = digits(value);
        int end = length + digits;
        writeDigits(a, end, value);
        length = end;
    }

    /** {@link PyRepr#underscored} of {@code value}: digits grouped by three with {@code _}. */
    void appendUnderscored(long value) {
        if (value > -1000 && value < 1000) {
            appendLong(value);
            return;
        }
        if (value == Long.MIN_VALUE) {
            append(PyRepr.underscored(Long.toString(value)));
            return;
        }
        char[] a = room(27);
        if (value < 0) {
            a[length++] = '-';
            value = -value;
        }
        int digits = digits(value);
        int p = length + digits + (digits - 1) / 3;
        length = p;
        int group = 0;
        while (true) {
            a[--p] = (char) ('0' + value % 10);
            value /= 10;
            if (value == 0) {
                break;
            }
            if (++group == 3) {
                a[--p] = '_';
                group = 0;
            }
        }
    }

    /** The decimal digits of {@code value >= 0}. */
    private static int digits(long value) {
        int d = 1;
        long limit = 10;
        while (d < 19 && value >= limit) {
            d++;
            limit *= 10;
        }
        return d;
    }

    /** Writes the digits of {@code value >= 0} so that they end before {@code end}. */
    private static void writeDigits(char[] a, int end, long value) {
        int p = end;
        do {
            a[--p] = (char) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
    }

    /** {@link PyRepr#floatRepr}. */
    void appendFloat(double x) {
        double abs = Math.abs(x);
        if (abs >= 1e-3 && abs < 1e7) {
            if (!fourPlaces(x)) {
                // Java and Python agree in this range (see PyRepr.floatRepr)
                StringBuilder b = scratch == null ? scratch = new StringBuilder(32) : scratch;
                b.setLength(0);
                b.append(x);
                int n = b.length();
                char[] a = room(n);
                b.getChars(0, n, a, length);
                length += n;
            }
        } else {
            append(PyRepr.floatRepr(x));
        }
    }

    /**
     * Writes {@code x} (with {@code 1e-3 <= |x| < 1e7}) if it is the double nearest to a decimal k/10^4, and says
     * whether it did. That decimal, its trailing zeros dropped, is then the shortest that reads back as x, which
     * Python's repr and Java's {@code Double.toString} write: every decimal that reads back as x lies within an
     * ulp of k/10^4 (an ulp is under 2e-9 here), and any other decimal that close has a digit below 10^-4, so more
     * digits than k/10^4 (checked against {@link PyRepr#floatRepr} by {@code TextBufferTest}).
     */
    private boolean fourPlaces(double x) {
        long k = Math.round(x * 10_000);
        if (k / 10_000.0 != x) {
            return false;
        }
        char[] a = room(24);
        if (k < 0) {
            a[length++] = '-';
            k = -k;
        }
        long whole = k / 10_000;
        int fraction = (int) (k - whole * 10_000);
        int wholeDigits = digits(whole);
        writeDigits(a, length + wholeDigits, whole);
        length += wholeDigits;
        a[length++] = '.';
        if (fraction == 0) {
            a[length++] = '0';
            return true;
        }
        int places = 4;
        while (fraction % 10 == 0) {
            fraction /= 10;
            places--;
        }
        // places digits, with leading zeros
        for (int p = length + places - 1; p >= length; p--) {
            a[p] = (char) ('0' + fraction % 10);
            fraction /= 10;
        }
        length += places;
        return true;
    }
}
