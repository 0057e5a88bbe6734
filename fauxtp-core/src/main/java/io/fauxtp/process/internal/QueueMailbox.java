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
 * <p>The reply to a GenServer call the owner is making does not go through the queue: it is written into the
 * call's request envelope ({@link ReplyCell}), which the server has just read and the caller, which can accept
 * nothing else meanwhile, spins on; a late reply to a call that has ended is refused by a compare-and-set on the
 * cell's state (as {@code gen_server:call} flushes a late reply by its reference).
 *
 * <p>Waiting: before it parks, the owner spins for a while on the link a sender writes to hand over a message;
 * how long is learnt per process from its past waits (see {@code adaptSpin}), so processes in a conversation
 * find each other's messages without a trip through the scheduler, and processes that wait long give their
 * carrier to others. Waking: the owner announces {@code waiting}, re-checks the queue and parks; a producer
 * unparks only when it sees {@code waiting} after linking its message, so a busy receiver costs senders one
 * volatile read. Both sides write then read volatile variables, so at least one of them sees the other.
 *
 * <p>Layout: what the owner writes per message (the head, its call state) and what senders touch (the tail,
 * the waiting flag) sit on different cache lines, padded with byte fields (which the JVM cannot move a sender
 * field in front of); see {@code MailboxLayoutTest}.
 */
@SuppressWarnings("unused")
final class QueueMailbox extends MailboxSenderFields implements Mailbox {

    /**
     * A node of the arrival queue. A node carries the message of the node after it, written by the sender that
     * links that node just before the link: the owner, spinning on the link, then finds the message in the same
     * cache line, and a round trip of two processes moves one line per message instead of two. A runtime
     * envelope ({@link MailboxMessage}) is the exception: it is its own node and its own message, and the node
     * before it carries nothing.
     */
    static class Node {
        /**
         * The message of the next node (null when that node is an envelope, its own message); written once, before
         * {@code next}, by the producer that links it.
         */
        Object nextMessage;
        volatile Node next;
    }

    /**
     * How long a receive spins for a message before it parks ({@code fauxtp.mailbox.spinNanos}, default 10 µs;
     * 0 turns spinning off).
     */
    static final long SPIN_NANOS = Long.getLong("fauxtp.mailbox.spinNanos", 10_000);

    /** {@link Matcher#any()} (one instance): a receive of any message skips the matcher call. */
    private static final Matcher<Object> ANY = Matcher.any();

    static final VarHandle AWAITED_REPLY;
    /** What {@link #takeReply} returns when the deadline passed first. */
    static final Object NO_REPLY = new Object();
    static final VarHandle CURRENT_CALL;
    static final VarHandle SENT;
    private static final VarHandle CALL_WATCHERS;
    /**
     * Pauses between two looks at the queue while a pure consumer spins (a process that has sent nothing since
     * it last waited: the next message is not an answer to it). A sender writes its link into a line the spinner
     * has just read, and a spinner that reads it at every pause keeps taking that line back: a stream of casts
     * ran at half speed when the receiver kept up. A process in a conversation reads at every pause.
     */
    static final int CONSUMER_POLL_PAUSES = Integer.getInteger("fauxtp.mailbox.consumerPollPauses", 8);
    /**
     * Every this many nodes it lets go of (messages taken, or moved to the save queue by a selective receive),
     * the owner cuts the link of the node it has just let go of. A node that dies after the collector has moved
     * it to the old generation keeps the node it links to alive until the old generation is collected, that one
     * the next, and so on ("nepotism"): in a queue that never starts afresh (a receiver that never hibernates), a
     * backlog caught by one young collection made every later node survive into the old generation, and one
     * collection paused for 440 ms. A cut bounds the chain.
     */
    static final int CHAIN_CUT_MASK = 1024 - 1;
    /** Every this many calls taken, the owner leaves the watches of ended calls out of its list (pruneCallWatches). */
    static final int PRUNE_WATCHES_MASK = 64 - 1;
    /** The shortest spin a process learns from a short wait (see adaptSpin). */
    static final int MIN_SPIN_NANOS = (int) Math.min(SPIN_NANOS, 1_000);
    private static final VarHandle TAIL;
    private static final VarHandle NEXT;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(MailboxSenderFields.class, "tail", Node.class);
            NEXT = MethodHandles.lookup().findVarHandle(Node.class, "next", Node.class);
            AWAITED_REPLY = MethodHandles.lookup().findVarHandle(MailboxOwnerFields.class, "awaitedReply",
                    ReplyCell.class);
            SENT = MethodHandles.lookup().findVarHandle(MailboxOwnerFields.class, "sent", long.class);
            CURRENT_CALL = MethodHandles.lookup().findVarHandle(MailboxOwnerFields.class, "currentCall", CallWatch.class);
            CALL_WATCHERS = MethodHandles.lookup().findVarHandle(MailboxSenderFields.class, "callWatchers",
                    CallWatch.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // trailing padding: keeps the next object in memory off the senders' line
    private byte t00, t01, t02, t03, t04, t05, t06, t07, t08, t09, t10, t11, t12, t13, t14, t15;
    private byte t16, t17, t18, t19, t20, t21, t22, t23, t24, t25, t26, t27, t28, t29, t30, t31;
    private byte t32, t33, t34, t35, t36, t37, t38, t39, t40, t41, t42, t43, t44, t45, t46, t47;
    private byte t48, t49, t50, t51, t52, t53, t54, t55, t56, t57, t58, t59, t60, t61, t62, t63;
    QueueMailbox(ProcessImpl process) {
        super(process);
        Node stub = new Node();
        this.head = stub;
        this.tail = stub;
    }

    void owner(Thread thread) {
        this.owner = thread;
    }

    @Override
    public void put(Object message) {
        Node node;
        if (message instanceof MailboxMessage envelope && !envelope.linked) {
            // its own node: one object per send, not two. Only once: a message forwarded later gets a new node.
            // The plain flag is enough, as nobody else can see the envelope before this first send publishes it.
            envelope.linked = true;
            node = envelope;
        } else {
            node = new Node();
        }
        // The exchange is the full fence of this send: the owner decides whether to park by looking at tail,
        // so linking the node needs only a release store (the owner spins through the short gap, see take).
        Node previous = (Node) TAIL.getAndSet(this, node);
        if (node != message) {
            // An envelope is its own message; the link alone is written into a line other senders may be
            // writing too (fan-in ran a third slower with both stores there).
            previous.nextMessage = message;
        }
        NEXT.setRelease(previous, node);
        if (waiting) {
            wake();
            ProcessImpl.wokeAnother();
        } else {
            process.wakeIfHibernated(); // a thread it starts counts as woken (NodeRuntime#startThread)
        }
    }

    // ----- the call reply cell -----

    /**
     * Owner: awaits the reply to {@code cell}'s call (every earlier call settled its own cell). A release store is
     * enough for both writes: the send of the request that follows is a full fence.
     */
    void awaitReply(ReplyCell cell) {
        ReplyCell.STATE.setRelease(cell, cell.tag);
        AWAITED_REPLY.setRelease(this, cell);
    }

    /**
     * Any thread: hands the reply to call {@code tag} to the owner, if the owner still awaits it; false for a late
     * reply (the call timed out, or the caller has moved on), which is dropped. The server that answers a call
     * writes into the request's cell directly ({@link #deliverInto}); this path, by tag, is for replies sent later
     * through a {@code From} and for the notice of the server's death.
     */
    boolean deliverReply(long tag, Object value) {
        ReplyCell cell = (ReplyCell) AWAITED_REPLY.getAcquire(this);
        return cell != null && cell.tag == tag && deliverInto(cell, value);
    }

    /** Any thread: puts {@code value} into the owner's {@code cell}, waking the owner if it parked for it. */
    boolean deliverInto(ReplyCell cell, Object value) {
        int outcome = cell.deliver(value);
        if (outcome == ReplyCell.WAKE) {
            wake();
            ProcessImpl.wokeAnother();
        }
        return outcome != ReplyCell.REFUSED;
    }

    /**
     * Owner: waits until the reply to {@code cell}'s call is in or {@code timeout} has passed ({@link #NO_REPLY});
     * spins first, as a receive does. Settles the cell either way. The deadline is read from the clock only once
     * the spin has not brought the reply (most replies come within it), which lengthens the wait by at most the
     * spin.
     */
    Object takeReply(ReplyCell cell, java.time.Duration timeout) throws InterruptedException {
        long tag = cell.tag;
        long deadline = timeout.isZero() ? System.nanoTime() : 0;
        boolean spun = deadline != 0;
        boolean learn = false;
        while (true) {
            long state = cell.state;
            if (state == ReplyCell.REPLIED) {
                return takeValue(cell);
            }
            if (state == ReplyCell.REPLYING) {
                settleGap(cell);
                continue;
            }
            if (!spun) {
                spun = true;
                if (wokeAnother && Thread.currentThread().isVirtual()) {
                    wokeAnother = false; // see take
                    Thread.yield();
                    if (cell.state != tag) {
                        continue;
                    }
                }
                boolean contended = Spin.contended();
                int budget = contended ? 0 : spinBudget;
                if (contended && spinBudget > 0 && Spin.yieldsWhenContended()
                        && Spin.yieldUntil(() -> cell.state != tag,
                                Math.min(spinBudget, Spin.CONTENDED_YIELD_NANOS), 0)) {
                    spinBudget = (int) Math.min(SPIN_NANOS, 2L * spinBudget); // learnt as from a spin
                    continue; // the server answered on this carrier (see Spin#yieldsWhenContended)
                }
                if (budget > 0 && spinForReply(cell, budget)) {
                    if (budget < SPIN_NANOS) {
                        spinBudget = (int) Math.min(SPIN_NANOS, 2L * budget);
                    }
                    continue;
                }
                learn = true;
            }
            if (deadline == 0) {
                deadline = ProcessImpl.deadline(timeout);
            }
            long remaining = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (remaining <= 0) {
                if (ReplyCell.STATE.compareAndSet(cell, tag, 0L)) {
                    AWAITED_REPLY.setRelease(this, null);
                    return NO_REPLY;
                }
                continue; // a replier won the cell just now: the reply is a few instructions away
            }
            long parkedAt = learn ? System.nanoTime() : 0;
            cell.callerParked = true;
            try {
                if (cell.state == tag) {
                    // a call's timeout (5 s by default) nearly always ends long after the reply: no JDK timer
                    park(remaining, remaining >= OrdinaryCaller.COARSE_TIMEOUT_NANOS);
                }
            } finally {
                cell.callerParked = false;
            }
            afterPark(learn, parkedAt);
            learn = false;
        }
    }

    /**
     * Owner: gives up the reply to {@code cell}'s call (the call was interrupted): settles the cell, so no replier
     * can still be writing into it afterwards.
     */
    void abandonReply(ReplyCell cell) {
        while (!ReplyCell.STATE.compareAndSet(cell, cell.tag, 0L)) {
            long state = cell.state;
            if (state == ReplyCell.REPLIED) {
                takeValue(cell);
                return;
            }
            if (state != ReplyCell.REPLYING) {
                break; // already settled
            }
            settleGap(cell);
        }
        AWAITED_REPLY.setRelease(this, null);
    }

    private Object takeValue(ReplyCell cell) {
        // The cell is left as it is: REPLIED refuses any later reply, and a store would take back the line of an
        // envelope that the server spins on as the head of its queue. The value stays with it until the server
        // lets go of the envelope (its next message, or going idle), as the request does.
        AWAITED_REPLY.setRelease(this, null);
        return cell.value;
    }

    /** Spins until the cell holds no longer {@code tag} (a reply is in, or coming) or {@code nanos} have passed. */
    private boolean spinForReply(ReplyCell cell, long nanos) {
        long tag = cell.tag;
        if (Spin.mustYield()) {
            // the server can only run on this carrier: let it, rather than pause while it cannot (see Spin)
            return Spin.yieldUntil(() -> cell.state != tag, nanos, Spin.POLLS_PER_YIELD);
        }
        long start = 0;
        long last = 0;
        for (int i = 1; cell.state == tag; i++) {
            Thread.onSpinWait();
            // the clock costs more than a pause: read it about once a microsecond
            if ((i & 63) == 0) {
                long now = System.nanoTime();
                if (start == 0) {
                    start = now;
                } else {
                    Spin.CONTENTION.looked(last, now);
                }
                last = now;
                if (now - start >= nanos || Thread.currentThread().isInterrupted()) {
                    return false;
                }
            }
        }
        if (last != 0) {
            Spin.CONTENTION.looked(last, System.nanoTime()); // descheduled while the reply came in?
        }
        return true;
    }

    /** Waits out the few instructions between a replier's compare-and-set and its value; yields if it takes long. */
    private static void settleGap(ReplyCell cell) {
        for (int i = Spin.mustYield() ? 256 : 0; i < 256; i++) {
            if (cell.state != ReplyCell.REPLYING) {
                return;
            }
            Thread.onSpinWait();
        }
        Thread.yield(); // the replier's thread was descheduled in between: let it finish
    }

    /** Enters a caller's watch; false if the owner has died (the call fails with noproc). */
    boolean watchCall(CallWatch watch) {
        while (true) {
            CallWatch head = callWatchers;
            if (head == CallWatch.DEAD) {
                return false;
            }
            // ended watches on top are left out: the list holds the calls in progress and few others
            CallWatch older = head;
            while (older != null && !older.waiting()) {
                older = older.next;
            }
            watch.next = older;
            if (CALL_WATCHERS.compareAndSet(this, head, watch)) {
                return true;
            }
        }
    }

    /**
     * Owner: unlinks the watches of ended calls from inside the list. A caller takes its own watch off the list only
     * when it is on top, and the next caller leaves out ended watches only from the top; with callers queueing for a
     * busy server the top is nearly always a waiting watch (the server answers the oldest call first, whose watch is
     * the deepest), so the ended ones below it would pile up as long as the server stays busy (3,000 after 4,000
     * calls of eight callers on one carrier). Called every {@code PRUNE_WATCHES_MASK + 1} calls taken, and when the
     * owner hibernates.
     *
     * <p>No lock: callers only push onto the top and take their own watch off the top with a compare-and-set, and
     * nothing is ever linked inside the list. This is the only thread that rewrites a link inside it, only to leave
     * out ended watches, and by compare-and-set from the ended watch it saw there ({@link CallWatch#unlinkEnded}). An
     * ended watch is never reused, so its own link never changes again: if the kept watch still links to it when the
     * rewrite happens, the watches skipped are still ended ones, whichever call the kept watch now serves (its
     * caller may have taken it off the top and reused it meanwhile); if not, the rewrite fails. A walk that meets a
     * link being rewritten (a caller skipping ended watches, the server's death telling every waiting caller) sees
     * every waiting watch either way.
     */
    void pruneCallWatches() {
        CallWatch kept = callWatchers;
        if (kept == null || kept == CallWatch.DEAD) {
            return;
        }
        for (CallWatch next = kept.next; next != null; ) {
            if (next.waiting()) {
                kept = next;
                next = next.next;
                continue;
            }
            CallWatch after = next.next;
            while (after != null && !after.waiting()) {
                after = after.next;
            }
            if (!kept.unlinkEnded(next, after) || after == null) {
                return; // the kept watch was taken off the list: the rest waits for the next prune
            }
            kept = after;
            next = after.next;
        }
    }

    int callWatchCount() {
        int n = 0;
        for (CallWatch w = callWatchers; w != null && w != CallWatch.DEAD; w = w.next) {
            n++;
        }
        return n;
    }

    /**
     * Removes a watch if it is on top (the usual case): true, and nothing can reach it any more. Otherwise the
     * caller marks it ended and the next watchCall skips it.
     */
    boolean unwatchCall(CallWatch watch) {
        return CALL_WATCHERS.compareAndSet(this, watch, watch.next);
    }

    /** At the owner's death: closes the list and tells every caller still waiting. */
    void callsEnded(io.fauxtp.process.ExitReason reason) {
        CallWatch watch = (CallWatch) CALL_WATCHERS.getAndSet(this, CallWatch.DEAD);
        for (; watch != null && watch != CallWatch.DEAD; watch = watch.next) {
            watch.notifyDeath(reason);
        }
    }

    /**
     * Lets go of the last message taken, which stays the queue's head node until the next one arrives when it was
     * its own node ({@link MailboxMessage}): called when the owner goes idle for long. Owner only.
     */
    void releaseLastMessage() {
        Node last = head;
        if (last instanceof MailboxMessage) {
            Node stub = new Node();
            // fails, harmlessly, if a sender has already swapped tail to link a new message after it
            if (TAIL.compareAndSet(this, last, stub)) {
                head = stub;
            }
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
        Node last = head;
        Node next = last.next;
        if (next == null) {
            return null;
        }
        // The message is in the node taken before it, which the queue lets go of now: nothing to clear. (Writing
        // it would also pull back a line that its sender may be writing the next message into.)
        head = next;
        Object message = last.nextMessage;
        if (last instanceof MailboxMessage envelope && (envelope.skipped || envelope instanceof ReplyCell)) {
            // A skipped envelope lives on in the save queue, and a call's request in its caller, which waits on it
            // for the reply (a server that answers later can take any number of messages meanwhile): neither may
            // keep alive, through its links, the nodes and messages that came after it. (Other nodes are garbage
            // now; no store into their lines, except now and then, see CHAIN_CUT_MASK.)
            last.nextMessage = null;
            NEXT.set(last, null);
            if (envelope instanceof ReplyCell && (++callsTaken & PRUNE_WATCHES_MASK) == 0) {
                pruneCallWatches();
            }
        } else if ((++taken & CHAIN_CUT_MASK) == 0) {
            NEXT.set(last, null);
        }
        return message != null ? message : next; // null: the node is an envelope, its own message
    }

    private void save(Object message) {
        if (message instanceof MailboxMessage envelope) {
            envelope.skipped = true; // see poll
        }
        if (saved == null) {
            saved = new ArrayDeque<>();
        }
        saved.addLast(message);
        savedCount = saved.size();
    }

    @Override
    public <T> T take(Matcher<T> matcher, long deadline) throws InterruptedException {
        return take(matcher, deadline, true, false);
    }

    /**
     * {@code mayPark} false: returns null once the spin found nothing, instead of parking until the deadline.
     * {@code coarseDeadline}: the deadline is a policy that may be met a few milliseconds late (the wait before a
     * process hibernates); a virtual thread then parks through {@link LongParks}, with no JDK timer to set and
     * cancel. A parameter, not a field: a field made every mailbox 8 bytes larger.
     */
    @SuppressWarnings("unchecked")
    <T> T take(Matcher<T> matcher, long deadline, boolean mayPark, boolean coarseDeadline)
            throws InterruptedException {
        if (saved != null && !saved.isEmpty()) {
            for (Iterator<Object> it = saved.iterator(); it.hasNext(); ) {
                Object message = it.next();
                T match = matcher.match(message);
                if (match != null) {
                    it.remove();
                    savedCount = saved.size();
                    return match;
                }
            }
        }
        boolean spun = false;
        boolean learn = false;
        while (true) {
            Object message = poll();
            if (message != null) {
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
                spun = true;
                if (wokeAnother && Thread.currentThread().isVirtual()) {
                    // This process has woken another since it last waited, and that one is most likely queued on
                    // this carrier: spinning here would only delay it. Let it run first.
                    wokeAnother = false;
                    Thread.yield();
                    if (head.next != null) {
                        continue;
                    }
                }
                // Before parking, spin a little: in a conversation (a call, a ping-pong) the answer is usually
                // less than a microsecond away, and an unpark through the scheduler costs several. How long is
                // learnt per process (see adaptSpin): a spinning process holds a carrier that others may need.
                // No spin while the cores are contended: the sender may be waiting for this very core (see Spin).
                // A process in a conversation (it has sent since it last waited) yields for a while instead (see
                // Spin#yieldsWhenContended); a pure consumer parks, leaving the core to its senders.
                boolean contended = Spin.contended();
                int budget = contended ? 0 : spinBudget;
                long sentNow = sent;
                boolean consumer = sentNow == sentAtLastWait;
                sentAtLastWait = sentNow;
                if (contended && !consumer && spinBudget > 0 && Spin.yieldsWhenContended()) {
                    Spin.CONTENDED_YIELD_WAITS.increment(); // not a mailbox field: 8 bytes more per process
                    Node last = head;
                    long yieldNanos = Math.min(remaining, Math.min(spinBudget, Spin.CONTENDED_YIELD_NANOS));
                    if (Spin.yieldUntil(() -> last.next != null, yieldNanos, 0)) {
                        spinBudget = (int) Math.min(SPIN_NANOS, 2L * spinBudget); // learnt as from a spin
                        continue;
                    }
                }
                if (budget > 0 && spinForArrival(Math.min(remaining, budget), consumer ? CONSUMER_POLL_PAUSES : 1)) {
                    if (budget < SPIN_NANOS) {
                        spinBudget = (int) Math.min(SPIN_NANOS, 2L * budget);
                    }
                    continue;
                }
                learn = true;
            }
            if (!mayPark) {
                if (learn) {
                    spinBudget >>= 1; // idle for longer than the spin: spin less next time
                }
                return null;
            }
            long parkedAt = learn ? System.nanoTime() : 0;
            waiting = true;
            try {
                if (tail == head) {
                    park(remaining, coarseDeadline);
                } else {
                    // a sender has swapped tail but not linked its node yet: it is a few instructions away
                    linkGap();
                }
            } finally {
                waiting = false;
            }
            afterPark(learn, parkedAt);
            learn = false;
        }
    }

    /**
     * Parks the owner until it is woken or {@code remaining} nanoseconds pass ({@code Long.MAX_VALUE}: no limit);
     * a virtual thread with a {@code coarseDeadline} parks through {@link LongParks}.
     */
    private void park(long remaining, boolean coarseDeadline) {
        if (remaining == Long.MAX_VALUE) {
            LockSupport.park(this);
        } else if (coarseDeadline && Thread.currentThread().isVirtual()) {
            LongParks.parkUntil(this, System.nanoTime() + remaining); // no JDK timer to set and cancel
        } else {
            LockSupport.parkNanos(this, remaining);
        }
    }

    /** After a park: learns from it if the spin before it failed ({@code learn}), and unwinds on an interrupt. */
    private void afterPark(boolean learn, long parkedAt) throws InterruptedException {
        if (learn) {
            adaptSpin(System.nanoTime() - parkedAt);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException(); // a death interrupts the thread
        }
    }

    /**
     * A message woke the owner from hibernation: learn from how long it was idle, as from a park, and whether it
     * was woken within {@code hibernateAfterNanos} of hibernating (see {@link #wokeSoonAfterHibernating}).
     */
    void wokeFromHibernation(long hibernateAfterNanos) {
        if (!wokenBefore) {
            // The first message after the start says nothing about the process's traffic (a restarted server's
            // first call follows its start by a few microseconds, a conversation or not): no spin is learnt
            // from it, and the process does not hold its carrier after answering it, when the caller it woke
            // is likely queued on that same carrier.
            wokenBefore = true;
            return;
        }
        long idle = System.nanoTime() - idleSince;
        wokeSoonAfterHibernating = idle < hibernateAfterNanos;
        adaptSpin(idle);
    }

    /**
     * Learns from a park that the spin before it did not avoid: had the message come within the longest spin, a
     * spin of about twice the wait would have caught it; otherwise spinning was wasted, and the next spin is
     * halved. A process whose messages come in a steady conversation soon spins the full {@link #SPIN_NANOS},
     * one that waits long (a supervisor, an idle server) soon stops spinning and leaves its carrier to others.
     */
    private void adaptSpin(long waited) {
        if (waited < SPIN_NANOS) {
            spinBudget = (int) Math.min(SPIN_NANOS, Math.max(MIN_SPIN_NANOS, 2 * waited));
        } else {
            spinBudget >>= 1;
        }
    }

    /**
     * Spins until a message is linked or {@code nanos} have passed; true if one arrived. {@code pollEvery}: pauses
     * (about 15 ns each on the benchmark machine) between two reads of the link.
     */
    private boolean spinForArrival(long nanos, int pollEvery) {
        if (nanos <= 0) {
            return false;
        }
        // Spin on the last node's link, not on tail: the owner then reads only the line a sender writes to hand
        // a message over, and tail stays in the sender's cache between its sends. The clock is read about every
        // 64 pauses only, and not at all when the message comes before that.
        Node last = head;
        if (Spin.mustYield()) {
            // the sender can only run on this carrier: let it, rather than pause while it cannot (see Spin)
            return Spin.yieldUntil(() -> last.next != null, nanos, Spin.POLLS_PER_YIELD);
        }
        long start = 0;
        long looked = 0;
        int clockMask = Math.max(1, 64 / pollEvery) - 1; // the clock costs more than a pause: about once a µs
        for (int i = 1; last.next == null; i++) {
            for (int k = 0; k < pollEvery; k++) {
                Thread.onSpinWait();
            }
            if ((i & clockMask) == 0) {
                long now = System.nanoTime();
                if (start == 0) {
                    start = now;
                } else {
                    Spin.CONTENTION.looked(looked, now);
                }
                looked = now;
                if (now - start >= nanos || Thread.currentThread().isInterrupted()) {
                    return false;
                }
            }
        }
        if (looked != 0) {
            Spin.CONTENTION.looked(looked, System.nanoTime()); // descheduled while the message came in?
        }
        return true;
    }

    /** Waits out the few instructions between a sender's tail exchange and its link; yields if it takes long. */
    private void linkGap() {
        for (int i = Spin.mustYield() ? 256 : 0; i < 256; i++) {
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
        // Read from any thread. A walk that began at a head the owner has since moved past may meet a node whose
        // link the owner cut (CHAIN_CUT_MASK) and stop short: walk again from the new head. A walk that meets a
        // sender between its tail exchange and its link stops short too; that count is only approximate anyway.
        int arrivals = 0;
        for (int attempt = 0; attempt < 4; attempt++) {
            Node start = head;
            int walked = 0;
            for (Node n = start.next; n != null; n = n.next) {
                walked++;
            }
            arrivals = Math.max(arrivals, walked);
            if (head == start) {
                break;
            }
        }
        return savedCount + arrivals;
    }
}

/** The owner's side of a {@link QueueMailbox}: written by the owner, read by senders only for waking. */
/**
 * 32 bytes before the owner's fields: the mailbox is allocated right after its process, whose fields every sender
 * reads (all within its first 48 bytes), and the owner's per-message writes must not share a cache line with them.
 * With the header, the process's last 32 bytes (fields no send touches) and these, that is 64 bytes or more.
 */
@SuppressWarnings("unused")
abstract class MailboxLeadingPadding {
    private byte l00, l01, l02, l03, l04, l05, l06, l07, l08, l09, l10, l11, l12, l13, l14, l15;
    private byte l16, l17, l18, l19, l20, l21, l22, l23, l24, l25, l26, l27, l28, l29, l30, l31;
}

abstract class MailboxOwnerFields extends MailboxLeadingPadding {
    /** The last node taken (its value already cleared). Owner only. */
    QueueMailbox.Node head;
    /** Skipped messages, oldest first; created on the first selective receive that skips one. Owner only. */
    ArrayDeque<Object> saved;
    volatile int savedCount;
    /**
     * How long the owner spins before it parks, learnt from its waits (see adaptSpin). Owner only. A new process
     * does not spin on its first wait: a server that has just run its init holds the carrier its starter needs
     * for the next spawn (spinning 1 µs there made spawning a million servers 1.6 times slower), and what it
     * waits for next is unknown; the first wait teaches it.
     */
    int spinBudget;
    /** {@link System#nanoTime()} when the owner last hibernated. Owner only. */
    long idleSince;
    /** The owner woke a parked or hibernating process since it last waited (see take). Owner only. */
    boolean wokeAnother;
    /** The owner has woken from hibernation before (see wokeFromHibernation). Owner only. */
    boolean wokenBefore;
    /**
     * The owner's last hibernation was cut short by a message within the node's hibernate-after time: it waits
     * that long before it hibernates again (see ProcessImpl#takeBeforeHibernating). Owner only.
     */
    boolean wokeSoonAfterHibernating;
    /** Nodes let go of (see CHAIN_CUT_MASK). Owner only. */
    int taken;
    /** Call requests let go of (see PRUNE_WATCHES_MASK). Owner only. */
    int callsTaken;
    /** The live process the owner last sent to or called (see ProcessImpl#lookupTarget). Owner only. */
    ProcessImpl lastTarget;
    // The owner's call state lives here, on the owner's cache line, rather than in ProcessImpl, whose fields
    // every sender reads: a caller writing it per call would otherwise slow down every reply sent to it.
    /** Messages the owner has sent; written by the owner only, opaque (see ProcessImpl#countSend). */
    long sent;
    /** {@link #sent} when the owner last began to wait. Owner only. */
    long sentAtLastWait;
    /** The last call tag the owner used: tags need only be unique per caller. Owner only. */
    long lastCallTag;
    /** The watch of the call in progress on its server (see CallWatch); release/acquire (read by a killer). */
    CallWatch currentCall;
    /** The owner's last watch, out of every list and ready for its next call (one allocation less per call). */
    CallWatch spareWatch;
    /**
     * The cell of the call whose reply the owner awaits (null: none); written by the owner (release), read by a
     * replier that has only the call's tag (acquire). The server answering a call writes into the cell directly.
     */
    ReplyCell awaitedReply;
}

/**
 * 64 bytes between the owner's fields and the senders' {@code tail}, so a send and a receive do not contend for
 * one cache line. Bytes, not longs: since JDK 15 a subclass's fields may fill holes in its superclasses' layout,
 * and byte fields fill every such hole before a sender field could.
 */
@SuppressWarnings("unused")
abstract class MailboxPadding extends MailboxOwnerFields {
    private byte p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    private byte p16, p17, p18, p19, p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p30, p31;
    private byte p32, p33, p34, p35, p36, p37, p38, p39, p40, p41, p42, p43, p44, p45, p46, p47;
    private byte p48, p49, p50, p51, p52, p53, p54, p55, p56, p57, p58, p59, p60, p61, p62, p63;
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
    /**
     * Callers waiting for the owner's reply, newest first ({@link CallWatch#DEAD} once the owner died). With the
     * senders' fields: a caller enters its watch just before it sends its request.
     */
    volatile CallWatch callWatchers;

    MailboxSenderFields(ProcessImpl process) {
        this.process = process;
    }
}
