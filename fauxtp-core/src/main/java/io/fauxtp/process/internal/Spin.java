package io.fauxtp.process.internal;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * How a thread that waits for another waits before it parks: by pausing on the spot, or by yielding its place.
 *
 * <p>A wait spins first because the answer usually comes from a thread running on another core, within less time
 * than a park and an unpark take. That holds only if the other thread can run while this one spins. A virtual
 * thread on a scheduler with one carrier (a container given one CPU, or {@code -Djdk.virtualThreadScheduler
 * .parallelism=1}) holds the only carrier while it spins, so the process it waits for cannot run until the spin
 * gives up: a call took 27 µs there instead of about 1. The same goes for a platform thread on a machine with one
 * CPU, which the carrier needs. Such a thread yields instead of pausing: the thread it waits for runs in its place
 * and the answer is there when it comes back, without a park, an unpark or a timer. The spin's time limit and its
 * per-process learning are the same either way.
 */
final class Spin {

    private Spin() {}

    /** The carriers of the default virtual-thread scheduler, worked out as the JDK does when it creates it. */
    static final int CARRIERS = carriers(System.getProperty("jdk.virtualThreadScheduler.parallelism"),
            System.getProperty("jdk.virtualThreadScheduler.maxPoolSize"), Runtime.getRuntime().availableProcessors());
    private static final boolean ONE_CARRIER = CARRIERS == 1;
    private static final boolean ONE_CPU = Runtime.getRuntime().availableProcessors() == 1;
    /**
     * Pauses between two yields of a wait that yields ({@link #mustYield}). With one carrier but several CPUs, the
     * thread waited for may run on another CPU (a platform thread calling a server), and a yield with nothing else to
     * run comes back at once: polling a little (64 pauses, about 1.3 µs on the benchmark machine) after each yield
     * catches its answer without a yield per look. With one CPU, everything the waiter could wait for needs that
     * CPU: it only yields.
     */
    static final int POLLS_PER_YIELD = ONE_CPU ? 0 : 64;

    /**
     * The scheduler's parallelism: {@code parallelism} if set (capped by {@code maxPoolSize}), the processors
     * otherwise; a value the JDK would refuse counts as unset.
     */
    static int carriers(String parallelism, String maxPoolSize, int processors) {
        int carriers = processors;
        try {
            if (parallelism != null) {
                carriers = Integer.parseInt(parallelism.trim());
            }
            if (maxPoolSize != null) {
                carriers = Math.min(carriers, Integer.parseInt(maxPoolSize.trim()));
            }
        } catch (NumberFormatException e) {
            return processors;
        }
        return carriers > 0 ? carriers : processors;
    }

    /**
     * Waits until {@code done} holds by yielding, and polling {@code pollsPerYield} times after each yield; gives
     * up after {@code nanos}, or at once if the thread is interrupted (a death). True if {@code done} holds. The
     * clock is read after every yield, which can take as long as the threads it lets run.
     */
    static boolean yieldUntil(BooleanSupplier done, long nanos, int pollsPerYield) {
        long start = System.nanoTime();
        while (!done.getAsBoolean()) {
            Thread.yield();
            for (int i = 0; i < pollsPerYield && !done.getAsBoolean(); i++) {
                Thread.onSpinWait();
            }
            if (!done.getAsBoolean()
                    && (System.nanoTime() - start >= nanos || Thread.currentThread().isInterrupted())) {
                return false;
            }
        }
        return true;
    }

    /**
     * For how long after the cores were last seen contended waiters do not spin
     * ({@code fauxtp.mailbox.contendedBackOffMillis}, default 100; 0: spin however busy the cores are).
     */
    static final long CONTENDED_NANOS =
            Math.max(0, Long.getLong("fauxtp.mailbox.contendedBackOffMillis", 100)) * 1_000_000;

    /** The cores of this JVM's machine: whether spinners are being descheduled. */
    static final Contention CONTENTION = new Contention(CONTENDED_NANOS);

    /** The cores of this JVM's machine: whether other processes keep them busy (off with the back-off at 0). */
    static final OtherProcessLoad OTHERS = new OtherProcessLoad(CONTENDED_NANOS > 0);

    /**
     * Whether the cores have no room for a spinner: a spinning thread holds a core that the thread it waits for
     * may need, because spinners are being descheduled ({@link Contention}) or other processes keep the cores
     * busy ({@link OtherProcessLoad}).
     */
    static boolean contended() {
        return CONTENTION.contended() || OTHERS.busy();
    }

    /**
     * The longest a waiter yields before it parks while the cores are contended (5 µs, and no longer than its
     * learnt spin; see {@link #yieldsWhenContended}).
     */
    static final long CONTENDED_YIELD_NANOS = 5_000;

    /**
     * Waits of processes that yielded because the cores were contended (see {@link #yieldsWhenContended}), for
     * tests. Here rather than in each mailbox, where a counter made every process 8 bytes larger; an increment
     * of a striped adder costs little next to the yield that follows it.
     */
    static final LongAdder CONTENDED_YIELD_WAITS = new LongAdder();

    /**
     * Whether the calling thread, about to wait while the cores are contended, yields for a while before it parks
     * instead of parking at once: a virtual thread, on a scheduler with more than one carrier (with one, it
     * yields anyway), with spinning and the back-off on (neither {@code spinNanos} nor {@code
     * contendedBackOffMillis} is 0).
     *
     * <p>Why: the process this one has just sent to is usually queued on this very carrier, but unparking it has
     * also woken an idle carrier, whose thread must get a busy core from the operating system before it can
     * take it. A yield runs the queued process here at once; its answer then finds this one runnable rather than
     * parked, so it unparks nobody and wakes no carrier, and the conversation stays on one carrier, each turn a
     * yield, as Pekko keeps an actor on the thread of its dispatcher. A pause instead would hold the core that
     * the other process may be waiting for. The time limit keeps a waiter whose answer is not coming from this
     * carrier from yielding long.
     */
    static boolean yieldsWhenContended() {
        return QueueMailbox.SPIN_NANOS > 0 && CONTENDED_NANOS > 0 && !ONE_CARRIER && Thread.currentThread().isVirtual();
    }

    /** Whether the calling thread would hold the only place the thread it waits for can run, were it to spin. */
    static boolean mustYield() {
        return Thread.currentThread().isVirtual() ? ONE_CARRIER : ONE_CPU;
    }
}
