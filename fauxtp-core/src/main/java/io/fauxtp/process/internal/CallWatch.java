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
 */
final class CallWatch {

    /** The head of a dead process's list: a call made from now on fails at once with {@code noproc}. */
    static final CallWatch DEAD = new CallWatch(null);

    private static final VarHandle ENDED;
    private static final VarHandle NEXT;

    static {
        try {
            ENDED = MethodHandles.lookup().findVarHandle(CallWatch.class, "ended", boolean.class);
            NEXT = MethodHandles.lookup().findVarHandle(CallWatch.class, "next", CallWatch.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final ProcessImpl caller;
    /** The tag of the call; set before the watch is published (by the compare-and-set that lists it). */
    long tag;
    /** The server watched; likewise. */
    ProcessImpl server;
    /**
     * Set when the call has ended while the watch stays listed. No compare-and-set with the server's death is
     * needed: a notice sent after the call ended carries a tag its caller no longer awaits, and it is refused.
     */
    @SuppressWarnings("unused") // through ENDED
    private boolean ended;
    /**
     * The next older watch; written before this one is published, and afterwards only by the server's owner thread
     * to leave out ended watches ({@link #unlinkEnded}).
     */
    CallWatch next;

    CallWatch(ProcessImpl caller) {
        this.caller = caller;
    }

    /** Readies this watch for a call (a new one, or the caller's spare, which no list holds any more). */
    void prepare(long tag, ProcessImpl server) {
        this.tag = tag;
        this.server = server;
        this.ended = false;
        this.next = null;
    }

    boolean waiting() {
        return !(boolean) ENDED.getAcquire(this);
    }

    /** The call ended (answered, timed out, or its caller died). */
    void end() {
        ENDED.setRelease(this, true);
    }

    /**
     * Links this watch past {@code ended} (an ended watch it links to) to {@code after}; false if it no longer links
     * to {@code ended}: its caller took it off the list and reused it for a new call, which never links to an
     * ended watch.
     */
    boolean unlinkEnded(CallWatch ended, CallWatch after) {
        return NEXT.compareAndSet(this, ended, after);
    }

    /** Tells the caller that the server died with {@code reason}, unless the call has ended. */
    void notifyDeath(ExitReason reason) {
        if (waiting()) {
            caller.deliverReply(tag, new CallDown(reason));
        }
    }
}
