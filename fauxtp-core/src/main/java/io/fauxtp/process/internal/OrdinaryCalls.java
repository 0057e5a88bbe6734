package io.fauxtp.process.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The cells of the calls from ordinary code to a node's servers that are waiting, by tag: a reply sent later
 * through a call's {@code From} finds its cell here (the server's own reply goes into the cell directly). Entered
 * and left once per call by the calling thread, so it must cost little with many threads at once: a
 * {@link ConcurrentHashMap} cost each call a boxed key and a node, and the update of its shared size counter was
 * about a tenth of the CPU time of 64 virtual threads calling one server. A cell goes into the slot its tag hashes
 * to, by compare-and-set, and only when that slot holds another waiting call into a map beside it. Tags are handed
 * out in sequence; the multiplicative hash spreads consecutive tags over the table, so calls made at the same
 * moment rarely share a slot or a cache line.
 */
final class OrdinaryCalls {

    /** Slots (a power of two): 16 KB, so that with a few hundred calls waiting a new one rarely finds its taken. */
    static final int SLOT_BITS = 12;

    private final AtomicReferenceArray<ReplyCell> slots = new AtomicReferenceArray<>(1 << SLOT_BITS);
    /** The cells whose slot was taken when they came. */
    private final ConcurrentHashMap<Long, ReplyCell> overflow = new ConcurrentHashMap<>();

    /** The slot of {@code tag}: Fibonacci hashing, the top bits of the tag times 2^64 / φ. */
    static int slot(long tag) {
        return (int) ((tag * 0x9E3779B97F4A7C15L) >>> (64 - SLOT_BITS));
    }

    /** Enters the cell of a waiting call (its tag unique within the node). */
    void add(ReplyCell cell) {
        if (!slots.compareAndSet(slot(cell.tag), null, cell)) {
            overflow.put(cell.tag, cell);
        }
    }

    /** Removes the cell {@link #add} entered. */
    void remove(ReplyCell cell) {
        if (!slots.compareAndSet(slot(cell.tag), cell, null)) {
            overflow.remove(cell.tag);
        }
    }

    /** The cell of the waiting call {@code tag}, or null. */
    ReplyCell get(long tag) {
        ReplyCell cell = slots.get(slot(tag));
        if (cell != null && cell.tag == tag) {
            return cell;
        }
        return overflow.isEmpty() ? null : overflow.get(tag);
    }

    /** The calls entered and not removed (tests). */
    int size() {
        int n = overflow.size();
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) != null) {
                n++;
            }
        }
        return n;
    }

    /** Forgets every call (the node is closed). */
    void clear() {
        for (int i = 0; i < slots.length(); i++) {
            slots.set(i, null);
        }
        overflow.clear();
    }
}
