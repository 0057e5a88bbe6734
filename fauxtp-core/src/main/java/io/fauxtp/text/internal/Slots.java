package io.fauxtp.text.internal;

import io.fauxtp.text.LoadLimits;
import java.util.Arrays;

/**
 * The loader's memo: every node takes a slot in pre-order (a container before its children), so {@code ref(N)}
 * is slot {@code count - N}. Each slot also records how many values and characters it would expand to if
 * references were copied out; their running totals are held to {@code LoadLimits.maxExpandedNodes} and
 * {@code maxExpandedChars}, which bounds the work any later walk (and every {@code hashCode} of a key) can do.
 */
final class Slots {

    private static final Object UNFINISHED = new Object();

    private final Source source;
    private final LoadLimits limits;
    private Object[] values = new Object[64];
    private long[] expanded = new long[64];
    private long[] expandedChars = new long[64];
    private int[] offsets = new int[64];
    private int count;
    private long expandedTotal;
    private long expandedCharsTotal;
    private int refs;

    Slots(Source source, LoadLimits limits) {
        this.source = source;
        this.limits = limits;
    }

    /** The number of slots taken. */
    int count() {
        return count;
    }

    /** The value in {@code slot}. */
    Object value(int slot) {
        return values[slot];
    }

    /** A reference node to {@code target}: a slot holding the same object. */
    int ref(int target, int at) {
        if (values[target] == UNFINISHED) {
            throw source.error(at, "this reference points at the container that starts at line "
                    + source.lineOf(offsets[target]) + ", column " + source.columnOf(offsets[target])
                    + ", which is not finished yet: a value cannot contain itself");
        }
        if (++refs > limits.maxRefs()) {
            throw source.error(at, "more than " + limits.maxRefs() + " shared references (LoadLimits.maxRefs)");
        }
        int slot = newSlot(at);
        values[slot] = values[target];
        expanded[slot] = expanded[target];
        expandedChars[slot] = expandedChars[target];
        addExpanded(expanded[target], expandedChars[target], at);
        return slot;
    }

    private int newSlot(int at) {
        if (count >= limits.maxNodes()) {
            throw source.error(at, "the document has more than " + limits.maxNodes()
                    + " values (LoadLimits.maxNodes)");
        }
        if (count == values.length) {
            int n = (int) Math.min((long) values.length * 2, Integer.MAX_VALUE - 8);
            values = Arrays.copyOf(values, n);
            expanded = Arrays.copyOf(expanded, n);
            expandedChars = Arrays.copyOf(expandedChars, n);
            offsets = Arrays.copyOf(offsets, n);
        }
        offsets[count] = at;
        return count++;
    }

    void constant(Object value, int at) {
        int slot = newSlot(at);
        values[slot] = value;
        long chars = ExpandedSize.chars(value);
        expanded[slot] = 1;
        expandedChars[slot] = chars;
        addExpanded(1, chars, at);
    }

    /**
     * A container's slot, unfinished until {@link #finish}: meanwhile its expanded counters hold the running
     * totals from before it, so that finishing can take the difference.
     */
    int open(int at) {
        int slot = newSlot(at);
        values[slot] = UNFINISHED;
        expanded[slot] = expandedTotal;
        expandedChars[slot] = expandedCharsTotal;
        addExpanded(1, 1, at);
        return slot;
    }

    void finish(int slot, Object value) {
        values[slot] = value;
        expanded[slot] = expandedTotal - expanded[slot];
        expandedChars[slot] = expandedCharsTotal - expandedChars[slot];
    }

    private void addExpanded(long nodes, long chars, int at) {
        expandedTotal += nodes;
        expandedCharsTotal += chars;
        if (expandedTotal > limits.maxExpandedNodes() || expandedTotal < 0) {
            throw source.error(at, "shared references make this document stand for more than "
                    + limits.maxExpandedNodes()
                    + " values (LoadLimits.maxExpandedNodes): it looks like an amplification attack; if it is "
                    + "genuine, raise the limit");
        }
        if (expandedCharsTotal > limits.maxExpandedChars() || expandedCharsTotal < 0) {
            throw source.error(at, "shared references make this document stand for more than "
                    + limits.maxExpandedChars()
                    + " characters of text (LoadLimits.maxExpandedChars): it looks like an amplification attack; "
                    + "if it is genuine, raise the limit");
        }
    }

}
