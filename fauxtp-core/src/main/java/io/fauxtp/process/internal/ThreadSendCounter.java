package io.fauxtp.process.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Counts the sends of ordinary code (threads that are not processes) with a counter per thread that only that
 * thread writes, and no atomic instruction per send: on x86 an atomic add is a full fence, and a fence per cast
 * made the sender wait each time for the link it had just written into the receiver's queue (a shared
 * {@link java.util.concurrent.atomic.LongAdder} here halved the cast rate from a platform thread; BENCHMARKS.md).
 *
 * <p>Reading sums the counters; the counters of threads that have ended are folded into a base then, and when a
 * new thread registers while many are listed (a server that sends from a new virtual thread per request would
 * otherwise grow the list without end).
 */
final class ThreadSendCounter {

    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(Cell.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One thread's count; written by that thread only (opaque), read by any. */
    private static final class Cell {
        final WeakReference<Thread> thread;
        long count;

        Cell(Thread thread) {
            this.thread = new WeakReference<>(thread);
        }

        boolean ended() {
            Thread t = thread.get();
            return t == null || !t.isAlive();
        }
    }

    private final ThreadLocal<Cell> cells = ThreadLocal.withInitial(this::register);
    private final List<Cell> registered = new ArrayList<>();
    /** Counts of threads that have ended. Guarded by {@code registered}. */
    private long base;
    /** Folds ended threads when the list reaches this size. Guarded by {@code registered}. */
    private int foldAt = 64;

    void increment() {
        Cell cell = cells.get();
        COUNT.setOpaque(cell, cell.count + 1);
    }

    long sum() {
        synchronized (registered) {
            fold();
            long sum = base;
            for (Cell cell : registered) {
                sum += (long) COUNT.getOpaque(cell);
            }
            return sum;
        }
    }

    /** Threads listed (tests: the list must not keep every thread that ever sent). */
    int listed() {
        synchronized (registered) {
            return registered.size();
        }
    }

    private Cell register() {
        Cell cell = new Cell(Thread.currentThread());
        synchronized (registered) {
            if (registered.size() >= foldAt) {
                fold();
                foldAt = Math.max(64, 2 * registered.size());
            }
            registered.add(cell);
        }
        return cell;
    }

    /** Moves the counts of ended threads into the base: an ended thread has written its last count. */
    private void fold() {
        for (Iterator<Cell> it = registered.iterator(); it.hasNext(); ) {
            Cell cell = it.next();
            if (cell.ended()) {
                base += (long) COUNT.getOpaque(cell);
                it.remove();
            }
        }
    }
}
