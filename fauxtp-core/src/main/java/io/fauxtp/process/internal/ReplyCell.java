package io.fauxtp.process.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Where the reply to one GenServer call made by a process lands: the call's request envelope itself. The server
 * has just read the request, so the line it writes the reply into is one it already holds, and the caller spins
 * on that same line. A reply into a field of the caller's mailbox moved one more cache line per call: in
 * {@code CacheLineFloorBenchmark.call}, with no runtime around it, 595 ns that way against 325 ns this way (see
 * docs/architecture.md).
 *
 * <p>The state, per call: the call's tag while the caller awaits the reply, {@link #REPLYING} while the replier
 * that won the compare-and-set writes the value, then {@link #REPLIED}; 0 once the caller gave up (a late reply is
 * refused). Only the first reply counts.
 */
public class ReplyCell extends MailboxMessage {

    static final VarHandle STATE;
    /** The state while the replier that won writes the value. */
    static final long REPLYING = -1;
    /** The state once the value is in. */
    static final long REPLIED = -2;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ReplyCell.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The call's tag: unique among the calls of its caller. */
    protected final long tag;
    /** See the class comment; 0 until the caller awaits the reply. */
    volatile long state;
    /** The reply; written by the winning replier between REPLYING and REPLIED. */
    Object value;
    /** Set by the caller just before it parks; a replier that sees it wakes the caller. */
    volatile boolean callerParked;
    /**
     * The thread that waits for the reply when the caller is ordinary code, not a process (see
     * {@link OrdinaryCaller}); null for a process, which is woken through its mailbox. Written before the cell is
     * published (the watch's compare-and-set and the request's send are full fences).
     */
    Thread waiter;

    public ReplyCell(long tag) {
        if (tag <= 0) {
            throw new IllegalArgumentException("call tags are positive: " + tag);
        }
        this.tag = tag;
    }

    public final long tag() {
        return tag;
    }

    /**
     * Puts {@code reply} in, if the caller still awaits it and no reply came before. Returns whether the caller
     * parked and must be woken by whoever knows its mailbox ({@link #WAKE}), whether it took the reply
     * ({@link #TAKEN}), or whether the reply was refused ({@link #REFUSED}).
     */
    final int deliver(Object reply) {
        if (!STATE.compareAndSet(this, tag, REPLYING)) {
            return REFUSED;
        }
        value = reply;
        // volatile, not release: with the read of callerParked after it, the caller either sees REPLIED or is woken
        state = REPLIED;
        return callerParked ? WAKE : TAKEN;
    }

    static final int REFUSED = 0;
    static final int TAKEN = 1;
    static final int WAKE = 2;
}
