package io.fauxtp.process.internal;

import io.fauxtp.process.ExitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A caller waiting for a GenServer reply, entered on the server's mailbox for the duration of the call: the
 * monitor every call holds on its server, as {@code gen_server:call} does. It costs one compare-and-set on a
 * cache line the caller writes anyway to send the request (the mailbox's tail side), where a general monitor
 * takes the server's lock twice per call. The server's death answers every waiting caller with
 * {@link CallDown}; the caller and the death settle who ends the watch with one compare-and-set on
 * {@link #state}, and a notice that arrives after the call ended is dropped as a stale reply (its tag is no
 * longer awaited).
 */
final class CallWatch {

    /** The head of a dead process's list: a call made from now on fails at once with {@code noproc}. */
    static final CallWatch DEAD = new CallWatch(null, 0);

    private static final int WAITING = 0;
    private static final int FINISHED = 1;
    private static final int NOTIFIED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(CallWatch.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final ProcessImpl caller;
    final long tag;
    @SuppressWarnings("unused") // through STATE
    private volatile int state = WAITING;
    /** The next older watch; written before this one is published. */
    CallWatch next;

    CallWatch(ProcessImpl caller, long tag) {
        this.caller = caller;
        this.tag = tag;
    }

    boolean waiting() {
        return state == WAITING;
    }

    /** The call ended (answered, timed out, or its caller died); false if the server's death came first. */
    boolean finish() {
        return STATE.compareAndSet(this, WAITING, FINISHED);
    }

    /** Tells the caller that the server died with {@code reason}, unless the call has ended. */
    void notifyDeath(ExitReason reason) {
        if (STATE.compareAndSet(this, WAITING, NOTIFIED)) {
            caller.deliver(new CallReply(tag, new CallDown(reason)));
        }
    }
}
