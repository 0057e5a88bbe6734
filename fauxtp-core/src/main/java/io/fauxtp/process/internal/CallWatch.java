package io.fauxtp.process.internal;

import io.fauxtp.process.ExitReason;

/**
 * A caller waiting for a GenServer reply, entered on the server's mailbox for the duration of the call: the
 * monitor every call holds on its server, as {@code gen_server:call} does. It costs one compare-and-set on a
 * cache line the caller writes anyway to send the request (the mailbox's tail side), where a general monitor
 * takes the server's lock twice per call. The server's death answers every waiting caller with
 * {@link CallDown}; a notice that arrives after the call ended is dropped as a stale reply (its tag is no longer
 * awaited).
 */
final class CallWatch {

    /** The head of a dead process's list: a call made from now on fails at once with {@code noproc}. */
    static final CallWatch DEAD = new CallWatch(null, 0, null);

    final ProcessImpl caller;
    final long tag;
    /** The server watched. */
    final ProcessImpl server;
    /**
     * Set when the call has ended. No compare-and-set with the server's death is needed: a notice sent after
     * the call ended carries a tag its caller no longer awaits, and the caller's mailbox drops it.
     */
    private volatile boolean ended;
    /** The next older watch; written before this one is published. */
    CallWatch next;

    CallWatch(ProcessImpl caller, long tag, ProcessImpl server) {
        this.caller = caller;
        this.tag = tag;
        this.server = server;
    }

    boolean waiting() {
        return !ended;
    }

    /** The call ended (answered, timed out, or its caller died). */
    void end() {
        ended = true;
    }

    /** Tells the caller that the server died with {@code reason}, unless the call has ended. */
    void notifyDeath(ExitReason reason) {
        if (!ended) {
            caller.deliver(new CallReply(tag, new CallDown(reason)));
        }
    }
}
