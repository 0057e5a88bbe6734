package io.fauxtp.text.internal;

/**
 * The arrays a load sets aside in proportion to its document: the copy of its characters, the pre-scan's
 * bitsets and the slot memo. A codec keeps one set for its next load ({@link LoadSpare}), so a load of a
 * megabyte does not allocate and zero megabytes of arrays first; each array is only taken when it is large
 * enough and made anew (as large as the document needs, no larger) when it is not.
 */
final class LoadScratch {

    private static final char[] NO_CHARS = new char[0];
    private static final long[] NO_WORDS = new long[0];
    private static final Object[] NO_VALUES = new Object[0];
    private static final int[] NO_INTS = new int[0];

    /** The document's characters in {@code [0, len)}; what follows is left from earlier documents, never read. */
    char[] chars = NO_CHARS;
    /** The pre-scan's two bitsets: all zero while kept. */
    long[] marks = NO_WORDS;
    long[] plainCloses = NO_WORDS;
    /** The slot memo's arrays: {@code values} all null while kept; {@code containers} written before read. */
    Object[] values = NO_VALUES;
    int[] containers = NO_INTS;
    long[] containerNodes = NO_WORDS;
    long[] containerChars = NO_WORDS;

    char[] chars(int n) {
        if (chars.length < n) {
            chars = new char[n];
        }
        return chars;
    }

    /**
     * Two zeroed bitsets of at least {@code words} words each. Each pair of arrays is made before either field is
     * set (here and in {@link #slotArrays}, {@link #containerArrays}): an {@code OutOfMemoryError} between the two
     * allocations leaves the old pair, never a long array beside a short one that a later load would overrun.
     */
    void bitsets(int words) {
        if (marks.length < words) {
            long[] newMarks = new long[words];
            long[] newPlainCloses = new long[words];
            marks = newMarks;
            plainCloses = newPlainCloses;
        }
    }

    /** The slot memo's values and their containers' numbers, as long as each other. */
    void slotArrays(Object[] newValues, int[] newContainers) {
        values = newValues;
        containers = newContainers;
    }

    /** The containers' running totals, as long as each other. */
    void containerArrays(long[] newNodes, long[] newChars) {
        containerNodes = newNodes;
        containerChars = newChars;
    }

    /** Whether each pair of arrays is as long as each other, as every load that uses them expects. */
    boolean consistent() {
        return marks.length == plainCloses.length && values.length == containers.length
                && containerNodes.length == containerChars.length;
    }

    /** What the arrays take, counting eight bytes a reference (a heap without compressed pointers). */
    long retainedBytes() {
        return 2L * chars.length + 8L * (marks.length + plainCloses.length) + 8L * values.length
                + 4L * containers.length + 8L * (containerNodes.length + containerChars.length);
    }

    /**
     * Made ready for the next load: the bitsets zeroed over the words a document of {@code len} characters used,
     * and the first {@code slotCount} values dropped, so that the spare holds none of this value's objects.
     */
    void clear(int len, int slotCount) {
        int words = Math.min((len >>> 6) + 1, marks.length);
        java.util.Arrays.fill(marks, 0, words, 0L);
        java.util.Arrays.fill(plainCloses, 0, words, 0L);
        java.util.Arrays.fill(values, 0, Math.min(slotCount, values.length), null);
    }
}
