package io.fauxtp.text.internal;

import io.fauxtp.text.LoadLimits;
import java.util.Arrays;

/**
 * The loader's memo: every node takes a slot in pre-order (a container before its children), so {@code ref(N)}
 * is slot {@code count - N}. Each slot also stands for how many values and characters it would expand to if
 * references were copied out; their running totals are held to {@code LoadLimits.maxExpandedNodes} and
 * {@code maxExpandedChars}, which bounds the work any later walk (and every {@code hashCode} of a key) can do.
 *
 * <p>Per slot only its value and a container number are kept: a constant's expanded size is one node and
 * {@link ExpandedSize#chars} of its value, computed again when a reference copies it; a container's sizes are
 * kept once per container; where an unfinished container starts is kept on the stack of open containers, the
 * only ones a reference can find unfinished. The arrays start at the pre-scan's bound of the slot count (or are
 * a codec's spare ones from an earlier load, when at least that large), so a document within that bound never
 * copies them.
 */
final class Slots {

    private static final Object UNFINISHED = new Object();

    /** The most containers whose sizes are set aside before the parse: 16 bytes each. */
    static final int CONTAINERS_PRESIZE_CEILING = 1 << 16;

    private final Source source;
    private final LoadLimits limits;
    /** Where the arrays come from and, grown, go back to: a codec's spare, or a load's own. */
    private final LoadScratch scratch;
    /** Past {@link #count}, null; every slot's entry in {@link #containers} is written when the slot is taken. */
    private Object[] values;
    /** Per slot: 0 for a constant, else 1 + the number of its container (a reference shares its target's). */
    private int[] containers;
    private int count;

    /** Per container: its expanded nodes and characters (while open, the running totals from before it). */
    private long[] containerNodes;
    private long[] containerChars;
    private int containerCount;

    /** The open containers, innermost last: their slots and where they start in the document. */
    private int[] openSlots = new int[16];
    private int[] openOffsets = new int[16];
    private int openCount;

    private long expandedTotal;
    private long expandedCharsTotal;
    private int refs;

    /**
     * @param expectedSlots how many slots the pre-scan says the document needs at most (more are still taken,
     *     by growing, when bindings are used more often than written)
     * @param expectedContainers how many containers the pre-scan saw brackets for (a tuple or set takes two, and
     *     more are taken by growing): their sizes, kept per container, are set aside once rather than doubled
     *     from 16, up to {@link #CONTAINERS_PRESIZE_CEILING} (a megabyte), so that a document refused early
     *     has not made room for millions first
     * @param scratch the arrays to use when they are large enough (a codec's spare from an earlier load), and
     *     where the ones made instead, or grown, are left for the next load
     */
    Slots(Source source, LoadLimits limits, int expectedSlots, int expectedContainers, LoadScratch scratch) {
        this.source = source;
        this.limits = limits;
        this.scratch = scratch;
        int n = Math.max(16, Math.min(expectedSlots, limits.maxNodes()));
        if (scratch.values.length < n) {
            scratch.slotArrays(new Object[n], new int[n]);
        }
        this.values = scratch.values;
        this.containers = scratch.containers;
        // every container is a node: never more of them than slots
        int c = Math.max(16, Math.min(Math.min(expectedContainers, n), CONTAINERS_PRESIZE_CEILING));
        if (scratch.containerNodes.length < c) {
            scratch.containerArrays(new long[c], new long[c]);
        }
        this.containerNodes = scratch.containerNodes;
        this.containerChars = scratch.containerChars;
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
        Object value = values[target];
        if (value == UNFINISHED) {
            int offset = offsetOfOpen(target);
            throw source.error(at, "this reference points at the container that starts at line "
                    + source.lineOf(offset) + ", column " + source.columnOf(offset)
                    + ", which is not finished yet: a value cannot contain itself");
        }
        if (++refs > limits.maxRefs()) {
            throw source.error(at, "more than " + limits.maxRefs() + " shared references (LoadLimits.maxRefs)");
        }
        int container = containers[target];
        int slot = newSlot(at);
        values[slot] = value;
        containers[slot] = container;
        if (container == 0) {
            addExpanded(1, ExpandedSize.chars(value), at);
        } else {
            addExpanded(containerNodes[container - 1], containerChars[container - 1], at);
        }
        return slot;
    }

    private int offsetOfOpen(int slot) {
        for (int i = openCount - 1; i >= 0; i--) {
            if (openSlots[i] == slot) {
                return openOffsets[i];
            }
        }
        throw new IllegalStateException("slot " + slot + " is unfinished but not open");
    }

    private int newSlot(int at) {
        if (count >= limits.maxNodes()) {
            throw source.error(at, "the document has more than " + limits.maxNodes()
                    + " values (LoadLimits.maxNodes)");
        }
        if (count == values.length) {
            int n = (int) Math.min((long) values.length * 2, Integer.MAX_VALUE - 8);
            scratch.slotArrays(Arrays.copyOf(values, n), Arrays.copyOf(containers, n));
            values = scratch.values;
            containers = scratch.containers;
        }
        return count++;
    }

    void constant(Object value, int at) {
        int slot = newSlot(at);
        values[slot] = value;
        containers[slot] = 0; // the array may be a spare's, left as an earlier load wrote it
        addExpanded(1, ExpandedSize.chars(value), at);
    }

    /**
     * A container's slot, unfinished until {@link #finish}: meanwhile its container's counters hold the running
     * totals from before it, so that finishing can take the difference.
     */
    int open(int at) {
        int slot = newSlot(at);
        values[slot] = UNFINISHED;
        int c = containerCount++;
        if (c == containerNodes.length) {
            scratch.containerArrays(Arrays.copyOf(containerNodes, c * 2), Arrays.copyOf(containerChars, c * 2));
            containerNodes = scratch.containerNodes;
            containerChars = scratch.containerChars;
        }
        containerNodes[c] = expandedTotal;
        containerChars[c] = expandedCharsTotal;
        containers[slot] = c + 1;
        if (openCount == openSlots.length) {
            openSlots = Arrays.copyOf(openSlots, openCount * 2);
            openOffsets = Arrays.copyOf(openOffsets, openCount * 2);
        }
        openSlots[openCount] = slot;
        openOffsets[openCount++] = at;
        addExpanded(1, 1, at);
        return slot;
    }

    /** Finishes the innermost open container, {@code slot}. */
    void finish(int slot, Object value) {
        openCount--;
        values[slot] = value;
        int c = containers[slot] - 1;
        containerNodes[c] = expandedTotal - containerNodes[c];
        containerChars[c] = expandedCharsTotal - containerChars[c];
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
