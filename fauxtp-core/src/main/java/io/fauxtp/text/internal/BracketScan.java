package io.fauxtp.text.internal;

import java.util.Arrays;
import java.util.BitSet;

/** Which {@code (} are tuples and which <code>{</code> are dicts: the loader's one pre-scan of a document. */
final class BracketScan {

    /** Offsets of '(' with a top-level comma (tuples) and of '{' with a top-level colon (dicts). */
    private final BitSet tupleParens;
    private final BitSet dictBraces;

    private BracketScan(BitSet tupleParens, BitSet dictBraces) {
        this.tupleParens = tupleParens;
        this.dictBraces = dictBraces;
    }

    boolean isTuple(int open) {
        return tupleParens.get(open);
    }

    boolean isDict(int open) {
        return dictBraces.get(open);
    }

    /**
     * The one pre-scan, linear in the input: marks which {@code (} are tuples and which {@code {}} are dicts
     * (their slots must be taken before their elements), and refuses a document whose brackets never close.
     * It skips strings and comments exactly as the parser does ({@link Source#skipString}, {@link Source#skipComment}),
     * so for every document the parser accepts, the two agree on every bracket.
     */
    static BracketScan of(Source source) {
        String src = source.src;
        int len = source.len;
        BitSet tupleParens = new BitSet();
        BitSet dictBraces = new BitSet();
        int[] stack = new int[64];
        int top = 0;
        int p = 0;
        while (p < len) {
            char c = src.charAt(p);
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
            } else if (c == ')' || c == ']' || c == '}') {
                if (top > 0) {
                    top--;
                }
            } else if (top > 0 && c == ',' && src.charAt(stack[top - 1]) == '(') {
                tupleParens.set(stack[top - 1]);
            } else if (top > 0 && c == ':' && src.charAt(stack[top - 1]) == '{') {
                dictBraces.set(stack[top - 1]);
            }
            p++;
        }
        if (top > 0) {
            // more brackets open than close: refused before any value is built, however long the document
            int open = stack[top - 1];
            char close = src.charAt(open) == '(' ? ')' : src.charAt(open) == '[' ? ']' : '}';
            throw source.error(open, "this '" + src.charAt(open) + "' is never closed: add the closing '" + close
                    + "'");
        }
        return new BracketScan(tupleParens, dictBraces);
    }

}
