package io.fauxtp.process.internal;

import io.fauxtp.process.Matcher;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.locks.LockSupport;

/**
 * A lock-free multi-producer single-consumer linked queue for arrivals (one atomic exchange per put, no retry
 * loop however many senders) plus an owner-only "save queue" of messages a selective receive looked at and
 * skipped. Saved messages are older than anything still in the arrival queue, so scanning the save queue first
 * and then the arrivals preserves arrival order.
 *
 * <p>Stale call replies (a {@link CallReply} whose call is no longer awaited by the owner) are dropped by the
 * receive that meets them, so no receive ever returns one and no per-receive filter has to be allocated.
 *
 * <p>Waking: the owner announces {@code waiting}, re-checks the queue and parks; a producer unparks only when
 * it sees {@code waiting} after linking its message, so a busy receiver costs senders one volatile read. Both
 * sides write then read volatile variables, so at least one of them sees the other.
 */
final class QueueMailbox extends MailboxSenderFields implements Mailbox {

    /** A node of the arrival queue; {@code next} is written once, by the producer that linked the next node. */
    static final class Node {
        Object value;
        volatile Node next;

        Node(Object value) {
            this.value = value;
        }
    }

    /**
     * How long a receive spins for a message before it parks ({@code fauxtp.mailbox.spinNanos}, default 10 µs;
     * 0 turns spinning off).
     */
    static final long SPIN_NANOS = Long.getLong("fauxtp.mailbox.spinNanos", 10_000);

    /** {@link Matcher#any()} (one instance): a receive of any message skips the matcher call. */
    private static final Matcher<Object> ANY = Matcher.any();

    static final VarHandle AWAITING;
    static final VarHandle CALL_TARGET;
    static final VarHandle CALL_REF;
    static final boolean YIELD_AFTER_WAKE = Boolean.parseBoolean(System.getProperty("fauxtp.yieldAfterWake", "true"));
    private static final VarHandle TAIL;
    private static final VarHandle NEXT;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(MailboxSenderFields.class, "tail", Node.class);
            NEXT = MethodHandles.lookup().findVarHandle(Node.class, "next", Node.class);
            AWAITING = MethodHandles.lookup().findVarHandle(MailboxOwnerFields.class, "awaitingReplyTag", long.class);
            CALL_TARGET = MethodHandles.lookup().findVarHandle(MailboxOwnerFields.class, "callTarget", ProcessImpl.class);
            CALL_REF = MethodHandles.lookup().findVarHandle(MailboxOwnerFields.class, "callRef",
                    io.fauxtp.process.MonitorRef.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // trailing padding: keeps the next object in memory off the senders' line
    private long pad1, pad2, pad3, pad4, pad5, pad6, pad7;

    QueueMailbox(ProcessImpl process) {
        super(process);
        Node stub = new Node(null);
        this.head = stub;
        this.tail = stub;
    }

    void owner(Thread thread) {
        this.owner = thread;
    }

    @Override
    public void put(Object message) {
        Node node = new Node(message);
        // The exchange is the full fence of this send: the owner decides whether to park by looking at tail,
        // so linking the node needs only a release store (the owner spins through the short gap, see take).
        Node previous = (Node) TAIL.getAndSet(this, node);
        NEXT.setRelease(previous, node);
        if (waiting) {
            wake();
            ProcessImpl.wokeAnother();
        } else {
            process.wakeIfHibernated(); // a thread it starts counts as woken (NodeRuntime#startThread)
        }
    }

    /** Whether a message waits (owner only). */
    boolean hasMessages() {
        return tail != head || (saved != null && !saved.isEmpty());
    }

    @Override
    public void wake() {
        Thread t = owner;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** The oldest arrival, or null if none is linked yet. Owner only. */
    private Object poll() {
        Node next = head.next;
        if (next == null) {
            return null;
        }
        Object value = next.value;
        next.value = null;
        head = next;
        return value;
    }

    private boolean stale(Object message) {
        return message instanceof CallReply reply && reply.tag() != awaitingReplyTag;
    }

    private void save(Object message) {
        if (saved == null) {
            saved = new ArrayDeque<>();
        }
        saved.addLast(message);
        savedCount = saved.size();
    }

    @Override
    public <T> T take(Matcher<T> matcher, long deadline) throws InterruptedException {
        return take(matcher, deadline, true);
    }

    /** {@code mayPark} false: returns null once the spin found nothing, instead of parking until the deadline. */
    @SuppressWarnings("unchecked")
    <T> T take(Matcher<T> matcher, long deadline, boolean mayPark) throws InterruptedException {
        if (saved != null && !saved.isEmpty()) {
            for (Iterator<Object> it = saved.iterator(); it.hasNext(); ) {
                Object message = it.next();
                if (stale(message)) {
                    it.remove();
                    savedCount = saved.size();
                    continue;
                }
                T match = matcher.match(message);
                if (match != null) {
                    it.remove();
                    savedCount = saved.size();
                    return match;
                }
            }
        }
        boolean spun = false;
        while (true) {
            Object message = poll();
            if (message != null) {
                if (stale(message)) {
                    continue;
                }
                T match;
                try {
                    match = matcher == ANY ? (T) message : matcher.match(message);
                } catch (RuntimeException | Error e) {
                    save(message);
                    throw e;
                }
                if (match != null) {
                    return match;
                }
                save(message);
                continue;
            }
            long remaining = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (remaining <= 0) {
                return null;
            }
            if (!spun) {
                // Before parking, spin a little: in a conversation (a call, a ping-pong) the answer is usually
                // less than a microsecond away, and an unpark through the scheduler costs several.
                spun = true;
                if (wokeAnother && YIELD_AFTER_WAKE && Thread.currentThread().isVirtual()) {
                    // This process has woken another since it last waited, and that one is most likely queued on
                    // this carrier: spinning here would only delay it. Let it run first.
                    wokeAnother = false;
                    Thread.yield();
                    if (head.next != null) {
                        continue;
                    }
                }
                if (spinForArrival(Math.min(remaining, SPIN_NANOS))) {
                    continue;
                }
            }
            if (!mayPark) {
                return null;
            }
            waiting = true;
            try {
                if (tail == head) {
                    if (remaining == Long.MAX_VALUE) {
                        LockSupport.park(this);
                    } else {
                        LockSupport.parkNanos(this, remaining);
                    }
                } else {
                    // a sender has swapped tail but not linked its node yet: it is a few instructions away
                    linkGap();
                }
            } finally {
                waiting = false;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** Spins until a message is linked or {@code nanos} have passed; true if one arrived. */
    private boolean spinForArrival(long nanos) {
        if (nanos <= 0) {
            return false;
        }
        // Spin on the last node's link, not on tail: the owner then reads only the line a sender writes to hand
        // a message over, and tail stays in the sender's cache between its sends. The clock is read every 16
        // pauses only, and not at all when the message comes within the first 16.
        Node last = head;
        long start = 0;
        for (int i = 1; last.next == null; i++) {
            Thread.onSpinWait();
            if ((i & 15) == 0) {
                long now = System.nanoTime();
                if (start == 0) {
                    start = now;
                } else if (now - start >= nanos) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Waits out the few instructions between a sender's tail exchange and its link; yields if it takes long. */
    private void linkGap() {
        for (int i = 0; i < 256; i++) {
            if (head.next != null) {
                return;
            }
            Thread.onSpinWait();
        }
        Thread.yield(); // the sender's thread was descheduled mid-send: let it finish
    }

    @Override
    public void removeAll(Matcher<?> matcher) {
        Object message;
        while ((message = poll()) != null) {
            save(message);
        }
        if (saved != null) {
            saved.removeIf(m -> matcher.match(m) != null);
            savedCount = saved.size();
        }
    }

    @Override
    public int size() {
        int arrivals = 0;
        for (Node n = head.next; n != null; n = n.next) {
            arrivals++;
        }
        return savedCount + arrivals;
    }
}

/** The owner's side of a {@link QueueMailbox}: written by the owner, read by senders only for waking. */
abstract class MailboxOwnerFields {
    /** The last node taken (its value already cleared). Owner only. */
    QueueMailbox.Node head;
    /** Skipped messages, oldest first; created on the first selective receive that skips one. Owner only. */
    ArrayDeque<Object> saved;
    volatile int savedCount;
    /** The owner woke a parked or hibernating process since it last waited (see take). Owner only. */
    boolean wokeAnother;
    // The owner's call state lives here, on the owner's cache line, rather than in ProcessImpl, whose fields
    // every sender reads: a caller writing it per call would otherwise slow down every reply sent to it.
    /** Tag of the call the owner waits for (0: none); replies with another tag are stale. Release/acquire. */
    long awaitingReplyTag;
    /** The last call tag the owner used: tags need only be unique per caller. Owner only. */
    long lastCallTag;
    /** The server of the call in progress and its call monitor; release/acquire (read by a killer's thread). */
    ProcessImpl callTarget;
    io.fauxtp.process.MonitorRef callRef;
}

/**
 * 56 bytes between the owner's fields and the senders' {@code tail}, so a send and a receive do not contend for
 * one cache line (subclass fields are laid out after superclass fields).
 */
@SuppressWarnings("unused")
abstract class MailboxPadding extends MailboxOwnerFields {
    private long pad1, pad2, pad3, pad4, pad5, pad6, pad7;

}

/** The senders' side of a {@link QueueMailbox}, after the padding. */
abstract class MailboxSenderFields extends MailboxPadding {
    /**
     * Producer side: the last node linked; swapped atomically by {@link #put}. The padding of the superclass
     * keeps it off the cache line of the owner's fields, which the owner writes per message ({@code head}).
     */
    @SuppressWarnings("unused") // through TAIL
    volatile QueueMailbox.Node tail;
    /**
     * Set by the owner just before it parks, read by every sender: kept on the senders' cache line, away from
     * {@code head}, which the owner writes per message.
     */
    volatile boolean waiting;
    volatile Thread owner;
    final ProcessImpl process;

    MailboxSenderFields(ProcessImpl process) {
        this.process = process;
    }
}
