package io.fauxtp.process.internal;

import io.fauxtp.process.ExitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A caller waiting for a GenServer reply, entered on the server's mailbox for the duration of the call: the
 * monitor every call holds on its server, as {@code gen_server:call} does. It costs one compare-and-set on a
 * cache line the caller writes anyway to send the request (the mailbox's tail side), where a general monitor
 * takes the server's lock twice per call. The server's death answers every waiting caller with
 * {@link CallDown}; a notice that arrives after the call ended is refused (its tag is no longer awaited; see
 * {@link ReplyCell}).
 *
 * <p>A call from ordinary code (no process: see {@link OrdinaryCaller}) is watched the same way, by a watch that
 * names the call's cell instead of a calling process; it is used for one call only.
 */
public final class CallWatch {

    /** The head of a dead process's list: a call made from now on fails at once with {@code noproc}. */
    static final CallWatch DEAD = new CallWatch((ProcessImpl) null);

    private static final VarHandle STATE;
    private static final VarHandle NEXT;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(CallWatch.class, "state", int.class);
            NEXT = MethodHandles.lookup().findVarHandle(CallWatch.class, "next", CallWatch.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@link #state}: the call is in progress. */
    private static final int WAITING = 0;
    /**
     * {@link #state}: the call ended while the watch stays listed (or its caller died). Final: an ended watch is never
     * reused, so its link never changes again but by the server's pruning (see QueueMailbox#pruneCallWatches).
     */
    private static final int ENDED = 1;
    /** {@link #state}: the caller took the watch off the top of the list and may reuse it for its next call. */
    private static final int DETACHED = 2;

    /** The calling process; null for a call from ordinary code ({@link #cell}). */
    final ProcessImpl caller;
    /** The cell of a call from ordinary code, which the death notice goes into directly; null for a process. */
    final ReplyCell cell;
    /** The tag of the call; set before the watch is published (by the compare-and-set that lists it). */
    long tag;
    /** The server watched; likewise. */
    ProcessImpl server;
    /**
     * {@link #WAITING}, {@link #ENDED} or {@link #DETACHED}. Leaving WAITING is a compare-and-set, so a killer ending
     * the watch of a dying caller and that caller taking it off the list to reuse it cannot both win: a watch once
     * seen ended stays ended. No compare-and-set with the server's death is needed: a notice sent after the call
     * ended carries a tag its caller no longer awaits, and it is refused.
     */
    @SuppressWarnings("unused") // through STATE
    private int state;
    /**
     * The next older watch; written before this one is published, and afterwards only by the server's owner thread
     * to leave out ended watches ({@link #unlinkEnded}).
     */
    CallWatch next;

    CallWatch(ProcessImpl caller) {
        this.caller = caller;
        this.cell = null;
    }

    /** The watch of the one call from ordinary code whose reply {@code cell} awaits. */
    CallWatch(ReplyCell cell) {
        this.caller = null;
        this.cell = cell;
    }

    /** Readies this watch for a call (a new one, or the caller's detached spare, which no list holds any more). */
    void prepare(long tag, ProcessImpl server) {
        this.tag = tag;
        this.server = server;
        this.state = WAITING;
        this.next = null;
    }

    boolean waiting() {
        return (int) STATE.getAcquire(this) == WAITING;
    }

    /** The call ended (answered, timed out, or its caller died) while the watch may still be listed. */
    void end() {
        STATE.compareAndSet(this, WAITING, ENDED);
    }

    /**
     * The caller has taken this watch off the top of the list: true if it may reuse it, false if it was ended
     * meanwhile (its caller is dying), in which case it stays ended and is not reused.
     */
    boolean detach() {
        return STATE.compareAndSet(this, WAITING, DETACHED);
    }

    /**
     * Links this watch past {@code ended}, an ended watch it links to, to {@code after}, the first waiting watch on
     * from there (or null); false if it no longer links to {@code ended}. An ended watch's own links never change
     * again, so if this watch still links to it, the watches in between are still the ended ones that were seen,
     * whichever call this watch now serves.
     */
    boolean unlinkEnded(CallWatch ended, CallWatch after) {
        return NEXT.compareAndSet(this, ended, after);
    }

    /** Tells the caller that the server died with {@code reason}, unless the call has ended. */
    void notifyDeath(ExitReason reason) {
        if (waiting()) {
            if (caller != null) {
                CallerSide.deliverReply(caller, tag, new CallDown(reason));
            } else {
                OrdinaryCaller.deliverInto(cell, new CallDown(reason));
            }
        }
    }
}
