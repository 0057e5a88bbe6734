package io.fauxtp.text.internal;

import io.fauxtp.text.LoadLimits;
import io.fauxtp.text.TextCodec.Constructor;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A codec's loads, each with the arrays the last finished load left ({@link LoadScratch}): making and zeroing
 * them for every load (two bytes a character for the copy of the document, eight a slot for the memo) was about
 * a quarter of a 1 MB document's load under a loaded machine's profile. One spare, as the dumper keeps: a load
 * that finds it taken (another one has it) makes its own.
 */
public final class LoadSpare {

    /**
     * The most a load's arrays may take and still be kept for the next load: a few megabytes of document, so
     * that the odd huge document does not stay in memory for the codec's life.
     */
    static final long MAX_SPARE_BYTES = 8L << 20;

    private final AtomicReference<LoadScratch> spare = new AtomicReference<>();

    /** The kept arrays, or null while a load has them: for tests. */
    LoadScratch peek() {
        return spare.get();
    }

    /** As {@link Loader#load()} on a new loader of {@code text}, reusing the spare arrays when free. */
    public Object load(String text, Map<String, Constructor> constructors, LoadLimits limits) {
        LoadScratch scratch = spare.getAndSet(null);
        if (scratch == null) {
            scratch = new LoadScratch();
        }
        Loader loader = null;
        try {
            loader = new Loader(text, constructors, limits, scratch);
            return loader.load();
        } finally {
            keep(scratch, text.length(), loader == null ? 0 : loader.slotCount());
        }
    }

    /**
     * Keeps {@code scratch} for the next load, cleared whatever happened to this one so that it holds none of its
     * value's objects; unless it is larger than {@link #MAX_SPARE_BYTES}, or inconsistent (a pair of arrays of two
     * lengths, which only an allocation failing halfway could leave), in which case the next load makes its own.
     */
    void keep(LoadScratch scratch, int len, int slotCount) {
        if (scratch.consistent() && scratch.retainedBytes() <= MAX_SPARE_BYTES) {
            scratch.clear(len, slotCount);
            spare.set(scratch);
        }
    }
}
