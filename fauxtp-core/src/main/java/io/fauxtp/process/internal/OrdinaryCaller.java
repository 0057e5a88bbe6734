package io.fauxtp.process.internal;

import io.fauxtp.process.Pid;
import java.util.concurrent.locks.LockSupport;

/**
 * The caller's side of a call from ordinary code (a thread that is no process: a web request's thread, a test) to
 * a GenServer of this JVM: the same {@link CallWatch} and {@link ReplyCell} as a call between processes
 * ({@link CallerSide}), with the calling thread in the cell in place of a mailbox. {@code
 * GenServerRuntime.callFromOrdinaryCode} drives it; see "The life of a call" in docs/architecture.md.
 *
 * <p>The watch is one compare-and-set on the server mailbox's list of waiting callers, where a general monitor
 * took the server's lock to enter and again to leave: every thread calling one server contended for that lock
 * with the others and with the server itself. The reply is written into the request (the cell) by the server;
 * the server's death goes into the same cell through the watch.
 *
 * <p>Waiting: a virtual thread parks at once, without spinning. Its carrier is one of the few the server can run
 * on, and a spin there only delays the server (and the reply); parked, it leaves the carrier to the server, which
 * its send has just made runnable there. A platform thread spins first, as a process does, only while spinning can
 * pay: not when the cores are contended ({@link Spin#contended}), and not when another caller already waits on
 * the same server, whose call the server answers first (a queue of callers: the reply is at least one more
 * handling away). Otherwise it spins up to {@code fauxtp.mailbox.spinNanos}, then parks.
 */
public final class OrdinaryCaller {

    /** What {@link #takeReply} returns when the deadline passed first. */
    public static final Object NO_REPLY = QueueMailbox.NO_REPLY;

    /**
     * The shortest wait of a virtual thread for a reply that parks through {@link LongParks} (a wait that ends
     * up to a few milliseconds after its deadline); a shorter one is timed by the JDK, to the deadline.
     */
    static final long COARSE_TIMEOUT_NANOS = 1_000_000_000;

    private OrdinaryCaller() {
    }

    /**
     * Readies {@code cell} for the calling thread's wait for the reply to its call; before {@link #watchCall} and
     * before the request is sent, which publish it.
     */
    public static void awaitReply(ReplyCell cell) {
        cell.waiter = Thread.currentThread();
        ReplyCell.STATE.setRelease(cell, cell.tag);
    }

    /**
     * Watches {@code server} for the duration of the call whose reply {@code cell} awaits ({@link #awaitReply}
     * first): if the server dies before {@link #endCallWatch}, a {@link CallDown} with its exit reason goes into
     * the cell. Returns the watch, or null when the server is missing or already dead (the call fails with
     * {@code noproc}; nothing is to be ended).
     */
    public static CallWatch watchCall(NodeRuntime runtime, Pid server, ReplyCell cell) {
        ProcessImpl target = runtime.lookupAnyNode(server);
        if (target == null) {
            return null;
        }
        CallWatch watch = new CallWatch(cell);
        watch.prepare(cell.tag, target);
        return target.mailbox.watchCall(watch) ? watch : null;
    }

    /** Sends the call's request to the watched server (counted as a send of ordinary code on its node). */
    public static void send(CallWatch watch, MailboxMessage request) {
        ProcessImpl server = watch.server;
        server.runtime.countSend();
        server.deliver(request);
    }

    /**
     * Waits for the reply to {@code watch}'s call for up to {@code timeoutNanos} (at most {@code Long.MAX_VALUE}:
     * no limit); returns {@link #NO_REPLY} when none came in time, and the cell then refuses a late reply. An
     * interrupt of the waiting thread ends the wait with {@link InterruptedException}; the caller then settles the
     * cell with {@link #abandonReply}.
     */
    public static Object takeReply(CallWatch watch, long timeoutNanos) throws InterruptedException {
        ReplyCell cell = watch.cell;
        long tag = cell.tag;
        if (cell.state == tag && maySpin(watch)) {
            spinForReply(cell);
        }
        long deadline = 0;
        while (true) {
            long state = cell.state;
            if (state == ReplyCell.REPLIED) {
                return cell.value;
            }
            if (state == ReplyCell.REPLYING) {
                settleGap(cell);
                continue;
            }
            if (deadline == 0) {
                deadline = deadline(timeoutNanos);
            }
            long remaining = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (remaining <= 0) {
                if (ReplyCell.STATE.compareAndSet(cell, tag, 0L)) {
                    return NO_REPLY;
                }
                continue; // a replier won the cell just now: the reply is a few instructions away
            }
            cell.callerParked = true;
            try {
                if (cell.state == tag) {
                    if (remaining == Long.MAX_VALUE) {
                        LockSupport.park(cell);
                    } else if (remaining >= COARSE_TIMEOUT_NANOS && Thread.currentThread().isVirtual()) {
                        LongParks.parkUntil(cell, deadline); // no JDK timer to set and cancel per call
                    } else {
                        LockSupport.parkNanos(cell, remaining);
                    }
                }
            } finally {
                cell.callerParked = false;
            }
            // a look first: clearing the flag costs more than reading it, on every park of a virtual thread
            if (Thread.currentThread().isInterrupted() && Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** The {@link System#nanoTime()} deadline {@code nanos} from now; {@code Long.MAX_VALUE} for none. */
    private static long deadline(long nanos) {
        if (nanos == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        long now = System.nanoTime();
        long d = now + Math.max(0, nanos);
        return d < now || d == Long.MAX_VALUE ? Long.MAX_VALUE - 1 : (d == 0 ? 1 : d);
    }

    /** Whether the calling thread spins for the reply before it parks (see the class comment). */
    static boolean maySpin(CallWatch watch) {
        if (QueueMailbox.SPIN_NANOS <= 0 || Thread.currentThread().isVirtual() || Spin.contended()) {
            return false;
        }
        // the first waiting watch below this one, when it was listed: a call the server answers before this one
        CallWatch older = watch.next;
        return older == null || !older.waiting();
    }

    /** Spins until the cell no longer awaits (a reply is in, or coming), for up to the spin time. */
    private static void spinForReply(ReplyCell cell) {
        long tag = cell.tag;
        long limit = QueueMailbox.SPIN_NANOS;
        if (Spin.mustYield()) {
            // one CPU: the server can only run if this thread lets it (see Spin)
            Spin.yieldUntil(() -> cell.state != tag, limit, Spin.POLLS_PER_YIELD);
            return;
        }
        long start = System.nanoTime();
        long last = start;
        for (int i = 1; cell.state == tag; i++) {
            Thread.onSpinWait();
            if ((i & 63) == 0) {
                long now = System.nanoTime();
                Spin.CONTENTION.looked(last, now);
                last = now;
                if (now - start >= limit) {
                    return;
                }
            }
        }
    }

    /** Waits out the few instructions between a replier's compare-and-set and its value; yields if it takes long. */
    private static void settleGap(ReplyCell cell) {
        for (int i = 0; i < 256; i++) {
            if (cell.state != ReplyCell.REPLYING) {
                return;
            }
            Thread.onSpinWait();
        }
        Thread.yield(); // the replier's thread was descheduled in between: let it finish
    }

    /**
     * Gives up the reply to {@code cell}'s call (the wait was interrupted): settles the cell, so that no replier can
     * still be writing into it afterwards and a late reply is refused.
     */
    public static void abandonReply(ReplyCell cell) {
        while (!ReplyCell.STATE.compareAndSet(cell, cell.tag, 0L)) {
            long state = cell.state;
            if (state != ReplyCell.REPLYING) {
                return; // replied, or already settled
            }
            settleGap(cell);
        }
    }

    /**
     * Ends the watch of a settled call (replied, timed out or abandoned): off the server's list if it is on top,
     * otherwise marked ended, and the server's next prune or the next caller leaves it out.
     */
    public static void endCallWatch(CallWatch watch) {
        if (!watch.server.mailbox.unwatchCall(watch)) {
            watch.end();
        }
    }

    /**
     * Puts {@code value} into the cell of a call from ordinary code, if its caller still awaits it and no reply came
     * before (only the first counts), and wakes the caller if it parked; false if the value was refused. For the
     * server's reply, a reply sent later through a {@code From}, and the server's death.
     */
    public static boolean deliverInto(ReplyCell cell, Object value) {
        int outcome = cell.deliver(value);
        if (outcome == ReplyCell.WAKE) {
            Thread waiter = cell.waiter;
            LockSupport.unpark(waiter);
            if (waiter != null && waiter.isVirtual()) {
                ProcessImpl.wokeAnother(); // a process replying lets it run first (see QueueMailbox#take)
            }
        }
        return outcome != ReplyCell.REFUSED;
    }
}
