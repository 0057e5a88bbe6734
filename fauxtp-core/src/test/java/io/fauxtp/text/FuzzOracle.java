package io.fauxtp.text;

import io.fauxtp.text.internal.Loader;

/** The oracle of the coverage-guided fuzz tests, shared by the loader's and the suspension codec's. */
public final class FuzzOracle {

    /** The most time one input may take. */
    public static final long MAX_NANOS = 1_000_000_000L;

    private FuzzOracle() {}

    /** Loads {@code text} with {@code codec}: the value, or null when refused; fails on anything else. */
    public static Object loadsOrRefuses(TextCodec codec, String text) {
        Object value = withinASecond(text, () -> load(codec, text));
        if (value == REFUSED) {
            return null;
        }
        String again = codec.dump(value);
        Object reloaded = codec.load(again);
        if (!java.util.Objects.equals(reloaded, value)) {
            throw new AssertionError("the dump of a loaded value loads to another value: " + again);
        }
        return value;
    }

    private static final Object REFUSED = new Object();

    private static Object load(TextCodec codec, String text) {
        try {
            return codec.load(text);
        } catch (TextFormatException e) {
            requireDocumentsFault(e);
            return REFUSED;
        }
    }

    /**
     * Runs {@code work} and fails if it takes over {@link #MAX_NANOS}, twice in a row: a first slow run may be
     * class loading, JIT or a busy machine, while a slow input stays slow when run again.
     */
    public static <T> T withinASecond(String text, java.util.function.Supplier<T> work) {
        long start = System.nanoTime();
        T result = work.get();
        long took = System.nanoTime() - start;
        if (took > MAX_NANOS) {
            start = System.nanoTime();
            work.get();
            long again = System.nanoTime() - start;
            if (again > MAX_NANOS) {
                throw new AssertionError("an input of " + text.length() + " characters took " + took / 1_000_000
                        + " ms, and " + again / 1_000_000 + " ms again (limit 1 s)");
            }
        }
        return result;
    }

    /** A refusal must be positioned and must not be the loader's own failure. */
    public static void requireDocumentsFault(TextFormatException e) {
        if (e.line() < 1 || e.column() < 1 || e.reason() == null || e.reason().isBlank()) {
            throw new AssertionError("a refusal without line, column and reason: " + e.getMessage(), e);
        }
        if (e.reason().startsWith(Loader.INTERNAL_ERROR)) {
            throw new AssertionError("the loader failed: " + e.reason(), e.getCause());
        }
    }
}
