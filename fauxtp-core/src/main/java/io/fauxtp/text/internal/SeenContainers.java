package io.fauxtp.text.internal;

import java.util.Arrays;

/**
 * The dumper's record of every container it has written, by identity: where it was last written and how many
 * nodes and characters it stands for, so a repeated one becomes {@code ref(N)}. An open-addressing table of
 * entry numbers over arrays: the identity hash of each container is kept, so growing the table never touches
 * the containers again ({@code IdentityHashMap} re-reads every object's header when it grows, which was a tenth
 * of a large dump), and an entry's number stays valid while its container's children are written.
 */
final class SeenContainers {

    /** {@link #position} of a container whose children are being written (real positions are >= 0). */
    static final int IN_PROGRESS = -1;

    private Object[] keys = new Object[64];
    private int[] hashes = new int[64];
    private int[] positions = new int[64];
    private long[] nodes = new long[64];
    private long[] chars = new long[64];
    /** Entry number + 1 per bucket, 0 for an empty bucket; at most half full. */
    private int[] table = new int[128];
    private int size;

    /**
     * The entry of {@code container} if it was added before; else {@code -1 - e} for {@code e}, a new entry for
     * it, {@link #IN_PROGRESS}. One identity hash and one probe either way.
     */
    int findOrAdd(Object container) {
        int mask = table.length - 1;
        int h = System.identityHashCode(container);
        int b = spread(h) & mask;
        for (; ; b = (b + 1) & mask) {
            int e = table[b] - 1;
            if (e < 0) {
                break;
            }
            if (keys[e] == container) {
                return e;
            }
        }
        if (size == keys.length) {
            int n = size * 2;
            keys = Arrays.copyOf(keys, n);
            hashes = Arrays.copyOf(hashes, n);
            positions = Arrays.copyOf(positions, n);
            nodes = Arrays.copyOf(nodes, n);
            chars = Arrays.copyOf(chars, n);
        }
        int e = size++;
        keys[e] = container;
        hashes[e] = h;
        positions[e] = IN_PROGRESS;
        if (2 * size > table.length) {
            rehash(table.length * 2); // inserts the new entry with the others
        } else {
            table[b] = e + 1;
        }
        return -1 - e;
    }

    /** About how many bytes its arrays take (a reference counted as 8). */
    long retainedBytes() {
        return 32L * keys.length + 4L * table.length;
    }

    /** Forgets every container (it holds no reference to them after), keeping its arrays for another dump. */
    void clear() {
        Arrays.fill(keys, 0, size, null);
        Arrays.fill(table, 0);
        size = 0;
    }

    int position(int entry) {
        return positions[entry];
    }

    void position(int entry, int position) {
        positions[entry] = position;
    }

    long nodes(int entry) {
        return nodes[entry];
    }

    long chars(int entry) {
        return chars[entry];
    }

    /** Records what a finished container stands for, added again wherever it is reused. */
    void expanded(int entry, long nodeCount, long charCount) {
        nodes[entry] = nodeCount;
        chars[entry] = charCount;
    }

    private void rehash(int buckets) {
        table = new int[buckets];
        for (int e = 0; e < size; e++) {
            insert(e, hashes[e]);
        }
    }

    private void insert(int entry, int h) {
        int mask = table.length - 1;
        int b = spread(h) & mask;
        while (table[b] != 0) {
            b = (b + 1) & mask;
        }
        table[b] = entry + 1;
    }

    /** Identity hashes are not uniform in their low bits on every JVM: mix them before masking. */
    private static int spread(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
