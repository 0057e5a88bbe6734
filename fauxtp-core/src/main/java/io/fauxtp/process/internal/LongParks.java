package io.fauxtp.process.internal;

import java.util.Comparator;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Parks with a deadline that need not be met to the microsecond, for virtual threads: the thread parks without a
 * time limit, and one daemon thread that looks every {@link #TICK_NANOS} unparks those whose deadline has passed.
 *
 * <p>A timed park of a virtual thread ({@code LockSupport.parkNanos}) gives the JDK's scheduler a timer to set when
 * it parks and to cancel when it is woken first, and each of the two wakes the scheduler's timer thread (JDK 25's
 * {@code ForkJoinPool} delay scheduler): two context switches on a thread other than the two talking. A GenServer
 * that waits {@code hibernateAfter} before it hibernates, and a request thread calling it with a timeout of
 * seconds, are woken long before their deadline nearly always: per HTTP request through one GenServer, the timer
 * thread switched about twice (of eight context switches in all, against under two for the same request served
 * without the GenServer). Here a wait costs two updates of a lock-free sorted set instead (not a
 * {@code ConcurrentHashMap}, whose updates lock a bin: a virtual thread blocked on that monitor behind a carrier the
 * operating system descheduled waits for the JDK's unblocker thread), and the looking thread
 * wakes once per tick while anything is parked (and ends {@link #IDLE_TICKS} ticks after the last park), however
 * many parks start and end in between.
 *
 * <p>For waits whose deadline is a policy, not an answer the caller is owed to the millisecond: the wait before a
 * server hibernates, and long call timeouts. A waiter ends up to one tick (plus the looking thread's scheduling
 * delay) after its deadline; its own loop decides what a wake means, as after any park (an unpark may be spurious).
 */
final class LongParks {

    /** How often parked waiters are looked at: a wait ends at most about this long after its deadline. */
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** Ticks with nothing parked after which the looking thread ends (the next park starts it again). */
    static final int IDLE_TICKS = 200;

    /** By deadline; a thread has one park at a time, so its id tells apart waiters with one deadline. */
    private static final ConcurrentSkipListSet<Waiter> WAITERS = new ConcurrentSkipListSet<>(
            Comparator.comparingLong(Waiter::deadline).thenComparingLong(waiter -> waiter.thread.threadId()));
    private static final AtomicBoolean RUNNING = new AtomicBoolean();

    private LongParks() {
    }

    /** A parked thread and its deadline. */
    private record Waiter(Thread thread, long deadline) {
    }

    /**
     * Parks the calling thread until it is unparked, interrupted, or about {@code deadline} ({@link System#nanoTime})
     * has passed; like {@link LockSupport#park}, it may also return for no reason.
     */
    static void parkUntil(Object blocker, long deadline) {
        Waiter waiter = new Waiter(Thread.currentThread(), deadline);
        WAITERS.add(waiter);
        try {
            ensureLooking();
            if (deadline - System.nanoTime() > 0) {
                LockSupport.park(blocker);
            }
        } finally {
            WAITERS.remove(waiter);
        }
    }

    /** Whether the looking thread runs (tests). */
    static boolean looking() {
        return RUNNING.get();
    }

    private static void ensureLooking() {
        if (!RUNNING.get() && RUNNING.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name("fauxtp-long-parks").start(LongParks::look);
        }
    }

    private static void look() {
        int idle = 0;
        while (true) {
            LockSupport.parkNanos(TICK_NANOS); // a platform thread: a timed park is the kernel's, no timer thread
            if (WAITERS.isEmpty()) {
                if (++idle < IDLE_TICKS) {
                    continue;
                }
                RUNNING.set(false);
                // a waiter that saw this thread running just before it stopped: keep looking for it
                if (WAITERS.isEmpty() || !RUNNING.compareAndSet(false, true)) {
                    return;
                }
            }
            idle = 0;
            long now = System.nanoTime();
            for (Waiter waiter : WAITERS) {
                if (now - waiter.deadline < 0) {
                    break; // the rest are due later
                }
                LockSupport.unpark(waiter.thread);
            }
        }
    }
}
