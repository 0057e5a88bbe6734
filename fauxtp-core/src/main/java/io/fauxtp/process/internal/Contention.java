package io.fauxtp.process.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Whether the machine's cores are all taken, as seen by spinning threads: a spinner looks at its clock about
 * once a microsecond, and when two looks lie {@link #DESCHEDULED_NANOS} or more apart, the operating system took
 * its core from it in between for another thread. Spinning pays only when a core is free: the thread a spinner
 * waits for then runs on another core and answers within the spin. When every core is busy (another process's
 * threads, more runnable threads than cores), that thread may be waiting for the very core the spinner holds, and
 * each spin only delays the answer: under a background load of a busy thread per core (on a machine loaded by
 * other work too), a ping-pong took about 28 µs with spinning and 1.4 µs without. So waiters stop spinning for {@code backOffNanos} after the cores were last seen contended, and park
 * at once; the first spin after that looks again.
 *
 * <p>Not every gap is the operating system's doing: a garbage collection stops every thread at once. A gap during
 * which a collection ended (the JVM's count of collections moved since the last gap) does not count, nor do gaps
 * that end within {@link #DISTINCT_NANOS} of a counted one (the same pause, seen by several spinners). The cores
 * count as contended after {@link #EVENTS} counted gaps within {@link #WINDOW_NANOS}: a core shared between two
 * busy threads is switched between them every few milliseconds, so each spinner sees one every few slices.
 *
 * <p>Shared by every node of the JVM (the cores are the machine's). Its methods take the time from the caller,
 * so tests can drive it; the state it keeps is read on every wait and written only when a gap is seen.
 */
final class Contention {

    /** Two looks at the clock this far apart: the spinner was descheduled in between (they are ~1 µs apart). */
    static final long DESCHEDULED_NANOS = 50_000;
    /** Gaps that end closer together than this are one event (one garbage collection seen by every spinner). */
    static final long DISTINCT_NANOS = 1_000_000;
    /** The events needed within {@link #WINDOW_NANOS} for the cores to count as contended. */
    static final int EVENTS = 2;
    static final long WINDOW_NANOS = 100_000_000;

    private final long backOffNanos;
    /** The garbage collections the JVM has run so far. */
    private final LongSupplier collections;
    /** The collections counted at the last gap; -1 before the first gap (which then does not count). */
    private long collectionsSeen = -1;
    /** Until when the cores count as contended ({@code System.nanoTime()}); 0: they do not. */
    private volatile long contendedUntil;
    // the events of the current window; guarded by this
    private long windowStart;
    private int events;
    /** When the last gap ended (0: none yet); guarded by this. */
    private long lastGap;

    /** {@code backOffNanos}: how long waiters do not spin after the cores were last seen contended; 0: always spin. */
    Contention(long backOffNanos) {
        this(backOffNanos, Contention::collections);
    }

    Contention(long backOffNanos, LongSupplier collections) {
        this.backOffNanos = backOffNanos;
        this.collections = collections;
    }

    /** The collections of every collector of this JVM so far. */
    static long collections() {
        long total = 0;
        for (GarbageCollectorMXBean collector : Collectors.ALL) {
            total += Math.max(0, collector.getCollectionCount());
        }
        return total;
    }

    /** The JVM's collectors, looked up when a spinner first sees a gap. */
    private static final class Collectors {
        static final List<GarbageCollectorMXBean> ALL = ManagementFactory.getGarbageCollectorMXBeans();
    }

    /**
     * A spinner looked at its clock at {@code previous} and again at {@code now}. Cheap unless the two lie
     * {@link #DESCHEDULED_NANOS} apart.
     */
    void looked(long previous, long now) {
        if (now - previous >= DESCHEDULED_NANOS && backOffNanos > 0) {
            descheduled(now);
        }
    }

    private synchronized void descheduled(long now) {
        if (lastGap != 0 && now - lastGap < DISTINCT_NANOS) {
            return; // the same pause, seen by another spinner
        }
        lastGap = now;
        long collected = collections.getAsLong();
        if (collected != collectionsSeen) {
            collectionsSeen = collected;
            return; // a collection stopped the spinner, or may have
        }
        if (events == 0 || now - windowStart >= WINDOW_NANOS) {
            windowStart = now;
            events = 0;
        }
        if (++events >= EVENTS) {
            long until = now + backOffNanos;
            contendedUntil = until == 0 ? 1 : until; // 0 means not contended
        }
    }

    /** Makes the cores count as contended until {@code until} ({@code System.nanoTime()}), as a seen gap does (tests). */
    synchronized void contendedUntil(long until) {
        contendedUntil = until == 0 ? 1 : until;
    }

    /** Whether the cores count as contended: true until {@code backOffNanos} after the last event that made them so. */
    boolean contended() {
        return contendedUntil != 0 && contended(System.nanoTime());
    }

    boolean contended(long now) {
        long until = contendedUntil;
        if (until == 0) {
            return false;
        }
        if (now - until < 0) {
            return true;
        }
        synchronized (this) {
            if (until == contendedUntil) {
                contendedUntil = 0; // over: later waiters skip the clock; a newer event is kept
            }
        }
        return false;
    }
}
