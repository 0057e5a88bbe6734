package io.fauxtp.text.internal;

import java.util.Arrays;

/**
 * Which {@code (} are tuples and which <code>{</code> are dicts, and where each string literal without escapes
 * closes: the loader's one pre-scan of a document.
 */
final class BracketScan {

    /**
     * Offsets of '(' with a top-level comma (tuples), of '{' with a top-level colon (dicts), and of the opening
     * quote of every one-line string literal without a backslash: one bitset, as the three never share an offset
     * and each question is only asked at its own character.
     */
    private final long[] marks;
    /** The closing quotes of those literals: the parser takes their text from here without scanning it again. */
    private final long[] plainCloses;
    private final int slotBound;
    private final int bracketCount;

    /** Which ASCII characters the scan stops at: quotes, '#', brackets, ',' and ':'; all others it steps over. */
    private static final boolean[] STOP = new boolean[128];

    static {
        for (char c : "'\"#()[]{},:".toCharArray()) {
            STOP[c] = true;
        }
    }

    private BracketScan(long[] marks, long[] plainCloses, int slotBound, int bracketCount) {
        this.marks = marks;
        this.plainCloses = plainCloses;
        this.slotBound = slotBound;
        this.bracketCount = bracketCount;
    }

    /**
     * How many slots the value takes at most, bindings aside: every node but the top one follows an opening
     * bracket, a comma or a colon (a keyword argument's value too, after its comma or bracket), and a tuple or
     * set takes a second slot, for its list, at its bracket. Only a size hint for {@link Slots}.
     */
    int slotBound() {
        return slotBound;
    }

    /** How many brackets open in the document: a size hint for the containers' part of {@link Slots}. */
    int bracketCount() {
        return bracketCount;
    }

    /** Whether the '(' at {@code open} holds a top-level comma. */
    boolean isTuple(int open) {
        return get(marks, open);
    }

    /** Whether the '{' at {@code open} holds a top-level colon. */
    boolean isDict(int open) {
        return get(marks, open);
    }

    /**
     * If a one-line string literal without a backslash opens with the quote at {@code quote}, the offset of its
     * closing quote; else -1. A literal's extent depends only on the text from its opening quote on, so this holds
     * wherever the parser reads it from (a binding's expression is read out of order).
     */
    int plainClose(int quote) {
        if (!get(marks, quote)) {
            return -1;
        }
        int i = (quote + 1) >>> 6;
        long word = plainCloses[i] & (-1L << (quote + 1));
        while (word == 0) {
            word = plainCloses[++i];
        }
        return (i << 6) + Long.numberOfTrailingZeros(word);
    }

    /** One bit per offset of the document, in words sized once (len / 8 bytes each, or a spare's longer ones). */
    private static boolean get(long[] bits, int at) {
        return (bits[at >>> 6] & (1L << at)) != 0;
    }

    private static void set(long[] bits, int at) {
        bits[at >>> 6] |= 1L << at;
    }

    /**
     * The one pre-scan, linear in the input: marks which {@code (} are tuples and which {@code {}} are dicts
     * (their slots must be taken before their elements), and refuses a document whose brackets never close.
     * It skips strings and comments exactly as the parser does ({@link Source#skipString}, {@link Source#skipComment}),
     * so for every document the parser accepts, the two agree on every bracket.
     */
    static BracketScan of(Source source) {
        LoadScratch fresh = new LoadScratch();
        fresh.bitsets((source.len >>> 6) + 1);
        return of(source, fresh);
    }

    /** As {@link #of(Source)}, marking in the bitsets of {@code scratch} (zero when given). */
    static BracketScan of(Source source, LoadScratch scratch) {
        char[] buf = source.buf;
        int len = source.len;
        scratch.bitsets((len >>> 6) + 1);
        long[] marks = scratch.marks;
        long[] plainCloses = scratch.plainCloses;
        int[] stack = new int[64];
        int top = 0;
        int opened = 0;
        char inner = 0; // the innermost open bracket, 0 when none: a separator reads no array to classify it
        int p = 0;
        long separators = 0;
        while (p < len) {
            char c = buf[p];
            if (c == ' ') {
                // a run of spaces (a pretty document's indentation is most of its text) in a loop of one test
                do {
                    p++;
                } while (p < len && buf[p] == ' ');
                continue;
            }
            if (c >= 128 || !STOP[c]) {
                p++;
                continue;
            }
            switch (c) {
                case '\'', '"' -> {
                    int close = plainString(buf, len, p);
                    if (close >= 0) {
                        set(marks, p);
                        set(plainCloses, close);
                        p = close + 1;
                    } else {
                        p = source.skipString(p);
                    }
                    continue;
                }
                case '#' -> {
                    p = source.skipComment(p);
                    continue;
                }
                case '(', '[', '{' -> {
                    if (top == stack.length) {
                        stack = Arrays.copyOf(stack, top * 2);
                    }
                    stack[top++] = p;
                    opened++;
                    inner = c;
                    separators += 2;
                }
                case ')', ']', '}' -> {
                    if (top > 0) {
                        top--;
                    }
                    inner = top > 0 ? buf[stack[top - 1]] : 0;
                }
                case ',' -> {
                    separators++;
                    if (inner == '(') {
                        set(marks, stack[top - 1]);
                    }
                }
                default -> { // ':'
                    separators++;
                    if (inner == '{') {
                        set(marks, stack[top - 1]);
                    }
                }
            }
            p++;
        }
        if (top > 0) {
            // more brackets open than close: refused before any value is built, however long the document
            int open = stack[top - 1];
            char close = buf[open] == '(' ? ')' : buf[open] == '[' ? ']' : '}';
            throw source.error(open, "this '" + buf[open] + "' is never closed: add the closing '" + close
                    + "'");
        }
        return new BracketScan(marks, plainCloses, (int) Math.min(Integer.MAX_VALUE, separators + 1), opened);
    }

    /**
     * The offset of the closing quote of the literal that opens at {@code quote} if it is one-line, not
     * triple-quoted and has no backslash, else -1 (then {@link Source#skipString} finds its end): the literals
     * whose text is a plain slice of the document.
     */
    private static int plainString(char[] buf, int len, int quote) {
        char q = buf[quote];
        int p = quote + 1;
        if (p + 1 < len && buf[p] == q && buf[p + 1] == q) {
            return -1; // triple-quoted
        }
        while (p < len) {
            char c = buf[p];
            if (c > '\'' && c != '\\') {
                p++; // neither a quote, a backslash nor a line end: most characters
                continue;
            }
            if (c == q) {
                return p;
            }
            if (c == '\\' || c == '\n' || c == '\r') {
                return -1;
            }
            p++;
        }
        return -1;
    }
}
