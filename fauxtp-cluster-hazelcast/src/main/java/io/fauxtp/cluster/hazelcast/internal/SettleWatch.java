package io.fauxtp.cluster.hazelcast.internal;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The settle rule of a lease keeper (a shard region's, a singleton's): it acts on a member list only once the list
 * has not changed for one settle period (a heartbeat interval), and takes no lease at all for a settle period after
 * a pause. A member resumed after the others dropped it cuts its member list down one member at a time; for a
 * moment it sees itself and one other member (a quorum of three) with a live member already gone from its list,
 * and without the rule it would take that member's leases.
 *
 * <p>A pause is a gap of more than a settle period between two {@link #step() steps} of the keeper: it marks a step
 * after every statement and waits in short slices ({@link #await}), so a pause is seen wherever it falls, within a
 * wait or a statement (a rule that only looks at how late a whole wait ended misses a pause shorter than the wait).
 * A statement that itself takes longer than a settle period counts as a pause too: the list it acts on may be
 * stale. For the keeper's thread only.
 */
public final class SettleWatch {

    /** The longest slice {@link #await} sleeps at once, so that a pause is noticed soon after it ended. */
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final long settleNanos;
    private final LongConsumer onPause;
    private Set<UUID> view = Set.of();
    private long viewChangedAtNanos;
    private long resumedAtNanos;
    private long lastStepNanos;

    /**
     * @param settle  one heartbeat interval: a member list cut down after a pause or a partition settles within it
     * @param onPause told the length (ms) of each pause seen (to log it)
     */
    public SettleWatch(Duration settle, LongConsumer onPause) {
        this.settleNanos = settle.toNanos();
        this.onPause = onPause;
        long now = System.nanoTime();
        this.viewChangedAtNanos = now;
        this.resumedAtNanos = now - settleNanos;
        this.lastStepNanos = now;
    }

    public Duration settle() {
        return Duration.ofNanos(settleNanos);
    }

    /** Marks a step of the keeper; a gap of more than a settle period since the last one was a pause. */
    public void step() {
        long now = System.nanoTime();
        long gap = now - lastStepNanos;
        if (gap > settleNanos) {
            resumedAtNanos = now;
            onPause.accept(TimeUnit.NANOSECONDS.toMillis(gap));
        }
        lastStepNanos = now;
    }

    /**
     * Waits up to {@code nanos} or until {@code wake} has a permit (then drains it), in slices of at most 200 ms;
     * returns early when a slice ended more than a settle period late (a pause: the keeper should look at its
     * leases at once).
     */
    public void await(Semaphore wake, long nanos) throws InterruptedException {
        step();
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            long slice = Math.min(left, SLICE_NANOS);
            long before = System.nanoTime();
            boolean woken = wake.tryAcquire(slice, TimeUnit.NANOSECONDS);
            lastStepNanos = before + slice;   // the time it meant to wake: only lateness beyond it is a gap
            step();
            if (woken) {
                wake.drainPermits();
                return;
            }
            if (resumedAtNanos > before) {
                return;
            }
        }
    }

    /** Records the member list the keeper acts on now; a list unlike the last one restarts the settle period. */
    public void observe(Set<UUID> members) {
        if (!members.equals(view)) {
            view = Set.copyOf(members);
            viewChangedAtNanos = System.nanoTime();
        }
    }

    /** The member list the keeper acts on: the last one {@link #observe observed}. */
    public Set<UUID> view() {
        return view;
    }

    /** How much longer (ns) no lease may be taken after the last pause; 0 or less once leases may be taken. */
    public long pausedForNanos() {
        return settleNanos - (System.nanoTime() - resumedAtNanos);
    }

    /**
     * How much longer (ns) the member list must stay as it is before a lease whose holder left it may be taken;
     * 0 or less when it has settled.
     */
    public long unsettledForNanos() {
        return settleNanos - (System.nanoTime() - viewChangedAtNanos);
    }

    /** {@code nanos} as whole milliseconds rounded up, for a keeper's "look again in" answer. */
    public static long millisUntil(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos) + 1;
    }
}
