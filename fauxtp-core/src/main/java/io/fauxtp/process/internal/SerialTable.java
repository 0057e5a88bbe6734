package io.fauxtp.process.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A node's processes by pid serial, which a node hands out in increasing order: an array slot per process in
 * chunks of {@value #CHUNK_SIZE} consecutive serials, as Erlang keeps its processes in a table indexed by pid.
 *
 * <p>Why not a {@code ConcurrentHashMap}: a map entry is a 32-byte node per process, the map copies every entry
 * each time it doubles (JFR put 7% of the time of a million synchronous starts in that copying, and 15% in the
 * map altogether), and a lookup hashes a pid record. Here a process costs its slot (4 bytes with compressed
 * pointers, 8 without) while its chunk is full of live processes, nothing is ever copied but the small directory
 * of chunks, and a lookup is two array reads after the directory's. The worst case is the other way round: a
 * chunk stays while any of its processes lives, so one long-lived process among 1,023 short-lived ones keeps
 * 4 KB (a map would keep 40 bytes); a node whose long-lived processes are a percent of millions that came and
 * went holds about 400 bytes of table per long-lived process.
 *
 * <p>Serials are never reused, so chunks fill up from the low serials to the high, and a chunk all of whose
 * serials have come and gone is dropped (a serial handed out for a process that is then not created must be
 * {@linkplain #abandon given up}, or its chunk stays until the node closes). The directory maps chunk numbers
 * to chunks in an open-addressing table that is replaced, never changed, under a lock (once per
 * {@value #CHUNK_SIZE} serials), so readers take no lock and a node whose first processes live on while millions
 * of others come and go keeps only the chunks that still hold someone.
 *
 * @param <V> the values (processes)
 */
final class SerialTable<V> {

    static final int CHUNK_BITS = 10;
    static final int CHUNK_SIZE = 1 << CHUNK_BITS;
    private static final int SLOT_MASK = CHUNK_SIZE - 1;

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle LEFT;
    private static final VarHandle LAST_PUT;

    static {
        try {
            LEFT = MethodHandles.lookup().findVarHandle(Chunk.class, "left", int.class);
            LAST_PUT = MethodHandles.lookup().findVarHandle(SerialTable.class, "lastPut", Chunk.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What every put and lookup of a chunk reads. */
    abstract static class ChunkFields {
        final long number;
        final Object[] slots = new Object[CHUNK_SIZE];

        ChunkFields(long number) {
            this.number = number;
        }
    }

    /** 64 bytes between what lookups read and the counter that every exit writes. */
    @SuppressWarnings("unused")
    abstract static class ChunkPadding extends ChunkFields {
        private byte p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
        private byte p16, p17, p18, p19, p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p30, p31;
        private byte p32, p33, p34, p35, p36, p37, p38, p39, p40, p41, p42, p43, p44, p45, p46, p47;
        private byte p48, p49, p50, p51, p52, p53, p54, p55, p56, p57, p58, p59, p60, p61, p62, p63;

        ChunkPadding(long number) {
            super(number);
        }
    }

    /**
     * The slots of {@value #CHUNK_SIZE} consecutive serials. Padded on both sides of {@link #left}: exits on one
     * carrier would otherwise slow down the spawns and lookups of the other (the slots array follows the chunk in
     * memory). A chunk is one object per 1,024 processes, so the padding costs nothing that counts.
     */
    @SuppressWarnings("unused")
    static final class Chunk extends ChunkPadding {
        /**
         * Entries that have left (or serials given up, see {@link #abandon}); the chunk is dropped when this reaches
         * {@link #capacity}. Only leaving counts, not arriving: a spawn, the hot path, writes its slot and nothing
         * else.
         */
        volatile int left;
        private byte t00, t01, t02, t03, t04, t05, t06, t07, t08, t09, t10, t11, t12, t13, t14, t15;
        private byte t16, t17, t18, t19, t20, t21, t22, t23, t24, t25, t26, t27, t28, t29, t30, t31;
        private byte t32, t33, t34, t35, t36, t37, t38, t39, t40, t41, t42, t43, t44, t45, t46, t47;
        private byte t48, t49, t50, t51, t52, t53, t54, t55, t56, t57, t58, t59, t60, t61, t62, t63;

        Chunk(long number) {
            super(number);
        }

        /** How many serials the chunk holds: serial 0 (a node's pseudo-pid for ordinary code) is never a process. */
        int capacity() {
            return number == 0 ? CHUNK_SIZE - 1 : CHUNK_SIZE;
        }
    }

    /**
     * Chunk number to chunk: open addressing with linear probing, at most half full; immutable once published.
     * An empty slot holds a null chunk.
     */
    private record Directory(long[] numbers, Chunk[] chunks, int size) {

        static final Directory EMPTY = new Directory(new long[4], new Chunk[4], 0);

        Chunk get(long number) {
            int mask = chunks.length - 1;
            for (int i = hash(number) & mask; ; i = (i + 1) & mask) {
                Chunk c = chunks[i];
                if (c == null || numbers[i] == number) {
                    return c;
                }
            }
        }

        /** A copy with {@code chunk} in place of whatever had its number, or without that number (null). */
        Directory with(long number, Chunk chunk) {
            if (chunk != null && get(number) == null && 2 * (size + 1) <= chunks.length) {
                // the usual change, a new chunk: copy the arrays as they are (no rehashing), add it
                Directory copy = new Directory(numbers.clone(), chunks.clone(), size + 1);
                copy.insert(chunk);
                return copy;
            }
            int count = 0;
            for (Chunk c : chunks) {
                if (c != null && c.number != number) {
                    count++;
                }
            }
            if (chunk != null) {
                count++;
            }
            int capacity = 4;
            while (capacity < 4 * count) {
                capacity <<= 1; // a quarter full at most after a rebuild: room for new chunks without one
            }
            Directory copy = new Directory(new long[capacity], new Chunk[capacity], count);
            for (Chunk c : chunks) {
                if (c != null && c.number != number) {
                    copy.insert(c);
                }
            }
            if (chunk != null) {
                copy.insert(chunk);
            }
            return copy;
        }

        private void insert(Chunk chunk) {
            int mask = chunks.length - 1;
            int i = hash(chunk.number) & mask;
            while (chunks[i] != null) {
                i = (i + 1) & mask;
            }
            numbers[i] = chunk.number;
            chunks[i] = chunk;
        }

        private static int hash(long number) {
            long h = number * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }
    }

    private volatile Directory directory = Directory.EMPTY;
    /**
     * The chunk of the last put: serials are handed out in order, so the next put is most likely in it. Written
     * with release and read with acquire, so a thread that puts through it sees the directory that holds it (and
     * so does any thread that later sees that put). A stale value is as good: it is never a chunk already dropped
     * for the serial being put, since a chunk is dropped only after every one of its serials has been put and gone.
     */
    @SuppressWarnings("unused") // through LAST_PUT
    private Chunk lastPut;
    private final ReentrantLock lock = new ReentrantLock(); // not synchronized: it would pin a virtual thread on 21

    @SuppressWarnings("unchecked")
    V get(long serial) {
        Chunk c = directory.get(serial >>> CHUNK_BITS);
        return c == null ? null : (V) SLOTS.getAcquire(c.slots, (int) (serial & SLOT_MASK));
    }

    /** Puts {@code value} at {@code serial}, whose slot is empty (a serial is put once, and never again). */
    void put(long serial, V value) {
        long number = serial >>> CHUNK_BITS;
        Chunk c = (Chunk) LAST_PUT.getAcquire(this);
        if (c == null || c.number != number) {
            c = directory.get(number);
            if (c == null) {
                c = chunkFor(number);
            }
            LAST_PUT.setRelease(this, c);
        }
        SLOTS.setRelease(c.slots, (int) (serial & SLOT_MASK), value);
    }

    /** {@code serial} was handed out but will never be put: counted as if its entry had come and gone. */
    void abandon(long serial) {
        long number = serial >>> CHUNK_BITS;
        Chunk c = directory.get(number);
        left(c != null ? c : chunkFor(number));
    }

    /** Removes whatever is at {@code serial}. */
    void remove(long serial) {
        Chunk c = directory.get(serial >>> CHUNK_BITS);
        if (c != null && SLOTS.getAndSet(c.slots, (int) (serial & SLOT_MASK), null) != null) {
            left(c);
        }
    }

    /** Removes {@code value} from {@code serial} if it (the same object) is still there; true if it was. */
    boolean remove(long serial, V value) {
        Chunk c = directory.get(serial >>> CHUNK_BITS);
        if (c != null && SLOTS.compareAndSet(c.slots, (int) (serial & SLOT_MASK), value, null)) {
            left(c);
            return true;
        }
        return false;
    }

    boolean isEmpty() {
        boolean[] empty = {true};
        forEach(v -> empty[0] = false);
        return empty[0];
    }

    /** Every value present (a weakly consistent walk, as a concurrent map's), lowest serials first per chunk. */
    void forEach(Consumer<? super V> action) {
        for (Chunk c : directory.chunks()) {
            if (c == null) {
                continue;
            }
            for (int i = 0; i < CHUNK_SIZE; i++) {
                @SuppressWarnings("unchecked")
                V v = (V) SLOTS.getAcquire(c.slots, i);
                if (v != null) {
                    action.accept(v);
                }
            }
        }
    }

    /** The values present, as a list (see {@link #forEach}). */
    List<V> values() {
        List<V> all = new ArrayList<>();
        forEach(all::add);
        return all;
    }

    /** Chunks in the directory (tests). */
    int chunkCount() {
        return directory.size();
    }

    /** An entry left chunk {@code c}: the chunk is dropped once every one of its serials has come and gone. */
    private void left(Chunk c) {
        if ((int) LEFT.getAndAdd(c, 1) + 1 == c.capacity()) {
            lock.lock();
            try {
                Directory d = directory;
                if (d.get(c.number) == c) {
                    directory = d.with(c.number, null);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** The chunk for {@code number}, made under the lock if there is none yet. */
    private Chunk chunkFor(long number) {
        lock.lock();
        try {
            Directory d = directory;
            Chunk c = d.get(number);
            if (c != null) {
                return c;
            }
            Chunk made = new Chunk(number);
            directory = d.with(number, made);
            return made;
        } finally {
            lock.unlock();
        }
    }
}
