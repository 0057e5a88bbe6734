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
final class QueueMailbox extends MailboxPadding implements Mailbox {

    /** A node of the arrival queue; {@code next} is written once, by the producer that linked the next node. */
    static final class Node {
        Object value;
        volatile Node next;

        Node(Object value) {
            this.value = value;
        }
    }

    private static final VarHandle TAIL;
    private static final VarHandle NEXT;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(QueueMailbox.class, "tail", Node.class);
            NEXT = MethodHandles.lookup().findVarHandle(Node.class, "next", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Producer side: the last node linked; swapped atomically by {@link #put}. The padding of the superclass
     * keeps it off the cache line of the owner's fields, which the owner writes per message ({@code head}).
     */
    @SuppressWarnings("unused") // through TAIL
    private volatile Node tail;

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
        } else {
            process.wakeIfHibernated();
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
        return message instanceof CallReply reply && reply.tag() != process.awaitingReplyTag();
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
        boolean yielded = false;
        while (true) {
            Object message = poll();
            if (message != null) {
                if (stale(message)) {
                    continue;
                }
                T match;
                try {
                    match = matcher.match(message);
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
            if (!yielded && deadline != Long.MAX_VALUE && Thread.currentThread().isVirtual()) {
                // Before a timed park (a call waiting for its reply), let the runnable go first: the reply is
                // often one scheduling step away, and finding it without parking spares a timer and an unpark.
                yielded = true;
                Thread.yield();
                continue;
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
                    Thread.yield();
                }
            } finally {
                waiting = false;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
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
    final ProcessImpl process;
    /** The last node taken (its value already cleared). Owner only. */
    QueueMailbox.Node head;
    /** Skipped messages, oldest first; created on the first selective receive that skips one. Owner only. */
    ArrayDeque<Object> saved;
    volatile int savedCount;
    volatile boolean waiting;
    volatile Thread owner;

    MailboxOwnerFields(ProcessImpl process) {
        this.process = process;
    }
}

/**
 * 56 bytes between the owner's fields and the senders' {@code tail}, so a send and a receive do not contend for
 * one cache line (subclass fields are laid out after superclass fields).
 */
@SuppressWarnings("unused")
abstract class MailboxPadding extends MailboxOwnerFields {
    private long pad1, pad2, pad3, pad4, pad5, pad6, pad7;

    MailboxPadding(ProcessImpl process) {
        super(process);
    }
}
