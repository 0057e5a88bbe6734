package io.fauxtp.text;

/**
 * Bounds on what {@link TextCodec#load(String)} accepts, so that a hostile or broken document fails fast with a
 * {@link TextFormatException} instead of exhausting memory, CPU or the thread stack.
 *
 * @param maxInputChars longest accepted document, in {@code char}s (default 16 MiB)
 * @param maxDepth deepest nesting of brackets and constructor calls (default 200, like CPython's parser;
 *     at most {@value #DEPTH_CEILING}, because the loader recurses once per level)
 * @param maxNodes most values in the document, each constant, container, constructor argument and
 *     {@code ref} counting one (default 2,000,000)
 * @param maxRefs most {@code ref(N)} nodes and reuses of a prelude binding (default 100,000)
 * @param maxIntegerDigits longest number literal, in digits (default 4,300, CPython's own limit for
 *     {@code int} from decimal text)
 * @param maxExpandedNodes most values the document would hold if every shared reference were copied out
 *     (default 10,000,000): this refuses "billion laughs" documents whose few kilobytes of {@code ref}s stand
 *     for astronomically large trees that a later {@code equals}, {@code hashCode} or JSON export would walk
 * @param maxExpandedChars most characters the value would print as if every shared reference were copied out
 *     (default 64 MiB), counting every value as one plus the length of its string, bytes or big integer: this
 *     refuses one long string shared many times, which counts as a single node in {@code maxExpandedNodes} but
 *     would turn a short document into a huge message, JSON answer or export
 */
public record LoadLimits(int maxInputChars, int maxDepth, int maxNodes, int maxRefs, int maxIntegerDigits,
                         long maxExpandedNodes, long maxExpandedChars) {

    /** The highest accepted {@link #maxDepth()}. */
    public static final int DEPTH_CEILING = 1_000;

    private static final LoadLimits DEFAULTS =
            new LoadLimits(16 * 1024 * 1024, 200, 2_000_000, 100_000, 4_300, 10_000_000L, 64L * 1024 * 1024);

    /** The limits with the given bounds and the default {@link #maxExpandedChars()}. */
    public LoadLimits(int maxInputChars, int maxDepth, int maxNodes, int maxRefs, int maxIntegerDigits,
            long maxExpandedNodes) {
        this(maxInputChars, maxDepth, maxNodes, maxRefs, maxIntegerDigits, maxExpandedNodes, 64L * 1024 * 1024);
    }

    public LoadLimits {
        positive("maxInputChars", maxInputChars);
        positive("maxDepth", maxDepth);
        positive("maxNodes", maxNodes);
        if (maxRefs < 0) {
            throw new IllegalArgumentException("maxRefs must be 0 or more, got " + maxRefs);
        }
        positive("maxIntegerDigits", maxIntegerDigits);
        positive("maxExpandedNodes", maxExpandedNodes);
        positive("maxExpandedChars", maxExpandedChars);
        if (maxDepth > DEPTH_CEILING) {
            throw new IllegalArgumentException("maxDepth must be at most " + DEPTH_CEILING
                    + " (the loader recurses once per nesting level), got " + maxDepth);
        }
    }

    /** The safe defaults listed on the record components. */
    public static LoadLimits defaults() {
        return DEFAULTS;
    }

    public LoadLimits withMaxInputChars(int v) {
        return new LoadLimits(v, maxDepth, maxNodes, maxRefs, maxIntegerDigits, maxExpandedNodes, maxExpandedChars);
    }

    public LoadLimits withMaxDepth(int v) {
        return new LoadLimits(maxInputChars, v, maxNodes, maxRefs, maxIntegerDigits,
                maxExpandedNodes, maxExpandedChars);
    }

    public LoadLimits withMaxNodes(int v) {
        return new LoadLimits(maxInputChars, maxDepth, v, maxRefs, maxIntegerDigits,
                maxExpandedNodes, maxExpandedChars);
    }

    public LoadLimits withMaxRefs(int v) {
        return new LoadLimits(maxInputChars, maxDepth, maxNodes, v, maxIntegerDigits,
                maxExpandedNodes, maxExpandedChars);
    }

    public LoadLimits withMaxIntegerDigits(int v) {
        return new LoadLimits(maxInputChars, maxDepth, maxNodes, maxRefs, v, maxExpandedNodes, maxExpandedChars);
    }

    public LoadLimits withMaxExpandedNodes(long v) {
        return new LoadLimits(maxInputChars, maxDepth, maxNodes, maxRefs, maxIntegerDigits, v, maxExpandedChars);
    }

    public LoadLimits withMaxExpandedChars(long v) {
        return new LoadLimits(maxInputChars, maxDepth, maxNodes, maxRefs, maxIntegerDigits, maxExpandedNodes, v);
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
