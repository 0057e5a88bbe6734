package io.fauxtp.text.internal;

import java.util.Arrays;

/** Which {@code (} are tuples and which <code>{</code> are dicts: the loader's one pre-scan of a document. */
final class BracketScan {

    /** Offsets of '(' with a top-level comma (tuples) and of '{' with a top-level colon (dicts). */
    private final long[] tupleParens;
    private final long[] dictBraces;
    private final int slotBound;

    /** Which ASCII characters the scan stops at: quotes, '#', brackets, ',' and ':'; all others it steps over. */
    private static final boolean[] STOP = new boolean[128];

    static {
        for (char c : "'\"#()[]{},:".toCharArray()) {
            STOP[c] = true;
        }
    }

    private BracketScan(long[] tupleParens, long[] dictBraces, int slotBound) {
        this.tupleParens = tupleParens;
        this.dictBraces = dictBraces;
        this.slotBound = slotBound;
    }

    /**
     * How many slots the value takes at most, bindings aside: every node but the top one follows an opening
     * bracket, a comma or a colon (a keyword argument's value too, after its comma or bracket), and a tuple or
     * set takes a second slot, for its list, at its bracket. Only a size hint for {@link Slots}.
     */
    int slotBound() {
        return slotBound;
    }

    boolean isTuple(int open) {
        return get(tupleParens, open);
    }

    boolean isDict(int open) {
        return get(dictBraces, open);
    }

    /** One bit per offset of the document, in words sized once (len / 8 bytes each). */
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
        char[] buf = source.buf;
        int len = source.len;
        long[] tupleParens = new long[(len >>> 6) + 1];
        long[] dictBraces = new long[(len >>> 6) + 1];
        int[] stack = new int[64];
        int top = 0;
        int p = 0;
        long separators = 0;
        while (p < len) {
            char c = buf[p];
            if (c >= 128 || !STOP[c]) {
                p++;
                continue;
            }
            if (c == '\'' || c == '"') {
                p = source.skipString(p);
                continue;
            }
            if (c == '#') {
                p = source.skipComment(p);
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                if (top == stack.length) {
                    stack = Arrays.copyOf(stack, top * 2);
                }
                stack[top++] = p;
                separators += 2;
            } else if (c == ')' || c == ']' || c == '}') {
                if (top > 0) {
                    top--;
                }
            } else {
                separators++; // ',' or ':'
                if (top > 0 && c == ',' && buf[stack[top - 1]] == '(') {
                    set(tupleParens, stack[top - 1]);
                } else if (top > 0 && c == ':' && buf[stack[top - 1]] == '{') {
                    set(dictBraces, stack[top - 1]);
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
        return new BracketScan(tupleParens, dictBraces, (int) Math.min(Integer.MAX_VALUE, separators + 1));
    }

}
