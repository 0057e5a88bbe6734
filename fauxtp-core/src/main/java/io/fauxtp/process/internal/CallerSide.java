package io.fauxtp.process.internal;

import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Pid;
import java.time.Duration;

/**
 * The caller's side of a call between two processes of this JVM: its tag, the watch of the server for the
 * duration of the call, and the wait for the reply, which comes into the request itself (a {@link ReplyCell}), not
 * the caller's mailbox. {@code GenServerRuntime.callFromProcess} drives it; see "The life of a call" in
 * docs/architecture.md.
 *
 * <p>Static methods over the caller's {@link QueueMailbox}, which keeps the call state (the last tag, the awaited
 * cell, the current watch and a spare one): no object per process or per call beyond the request and, on the
 * first call, one {@link CallWatch}. Every method but {@link #deliverReply} and {@link #replyTo} is for the
 * caller's own thread.
 */
public final class CallerSide {

    /** What {@link #takeReply} returns when the deadline passed first. */
    public static final Object NO_REPLY = QueueMailbox.NO_REPLY;

    private CallerSide() {
    }

    /** A fresh tag for a call {@code caller} makes; unique among its calls. */
    public static long newCallTag(ProcessImpl caller) {
        return ++caller.mailbox.lastCallTag;
    }

    /**
     * {@code caller} awaits the reply to {@code cell}'s call (its tag from {@link #newCallTag}); every call that
     * began so settles it with {@link #takeReply} or {@link #abandonReply}.
     */
    public static void awaitReply(ProcessImpl caller, ReplyCell cell) {
        caller.mailbox.awaitReply(cell);
    }

    /**
     * {@code caller} watches {@code server} for the duration of one call, whose reply it awaits with tag
     * {@code tag} ({@link #awaitReply} first): if the server is missing, or dies before {@link #endCallWatch}, a
     * {@link CallDown} is delivered as the reply to that tag. Returns the server's process (null if it is
     * missing), for {@link ProcessImpl#sendTo}. Lighter than a monitor (see {@link CallWatch}), and nothing to
     * flush afterwards: a late notice finds the call's cell no longer awaiting it.
     */
    public static ProcessImpl watchCall(ProcessImpl caller, Pid server, long tag) {
        caller.checkAlive();
        QueueMailbox mailbox = caller.mailbox;
        ProcessImpl target = caller.lookupTarget(server);
        if (target != null) {
            CallWatch watch = mailbox.spareWatch;
            if (watch == null) {
                watch = new CallWatch(caller);
            } else {
                mailbox.spareWatch = null;
            }
            watch.prepare(tag, target);
            if (target.mailbox.watchCall(watch)) {
                QueueMailbox.CURRENT_CALL.setRelease(mailbox, watch);
                return target;
            }
            mailbox.spareWatch = watch; // never published
        }
        mailbox.deliverReply(tag, new CallDown(ExitReason.NO_PROCESS));
        return null;
    }

    /**
     * {@code caller} waits for the reply to {@code cell}'s call for up to {@code timeout}; returns
     * {@link #NO_REPLY} when none came in time.
     */
    public static Object takeReply(ProcessImpl caller, ReplyCell cell, Duration timeout) throws InterruptedException {
        caller.checkOwner("receive");
        caller.checkAlive();
        Object got;
        try {
            got = caller.mailbox.takeReply(cell, timeout);
        } catch (InterruptedException e) {
            caller.checkAlive();
            throw e;
        }
        caller.checkAlive();
        return got;
    }

    /** {@code caller} gives up the reply to {@code cell}'s call (the wait for it was cut short). */
    public static void abandonReply(ProcessImpl caller, ReplyCell cell) {
        caller.mailbox.abandonReply(cell);
    }

    /** Ends {@code caller}'s watch of the call in progress. */
    public static void endCallWatch(ProcessImpl caller) {
        QueueMailbox mailbox = caller.mailbox;
        CallWatch watch = mailbox.currentCall;
        if (watch != null) {
            QueueMailbox.CURRENT_CALL.setRelease(mailbox, null);
            if (watch.server.mailbox.unwatchCall(watch)) {
                // out of the list before the server could die with it there: nothing can reach it, reuse it, unless
                // a killer ended it meanwhile (then it must stay ended: see CallWatch#state)
                if (watch.detach()) {
                    mailbox.spareWatch = watch;
                }
            } else {
                watch.end(); // still listed below a newer watch: the next watchCall there skips it
            }
        }
    }

    /**
     * A GenServer reply sent by {@code server} (its own thread) into the cell of a call that {@code caller}, a
     * process of this JVM, awaits: counted, then delivered.
     */
    public static void replyTo(ProcessImpl server, ProcessImpl caller, ReplyCell cell, Object value) {
        server.countSend();
        caller.mailbox.deliverInto(cell, value);
    }

    /** Hands the reply to call {@code tag} to {@code caller}; false (dropped) if it no longer awaits that reply. */
    static boolean deliverReply(ProcessImpl caller, long tag, Object value) {
        return caller.mailbox.deliverReply(tag, value);
    }

    /** The cell of the call whose reply {@code caller} awaits, or null (tests). */
    static ReplyCell awaitedReply(ProcessImpl caller) {
        return (ReplyCell) QueueMailbox.AWAITED_REPLY.getAcquire(caller.mailbox);
    }

    /** Puts {@code value} into {@code caller}'s {@code cell} as the server of its call does (tests). */
    static boolean deliverInto(ProcessImpl caller, ReplyCell cell, Object value) {
        return caller.mailbox.deliverInto(cell, value);
    }
}
