package io.fauxtp.process.internal;

import io.fauxtp.process.Matcher;

/**
 * A process's mailbox. Any thread puts; only the owner takes. Kept behind this interface so that the delivery
 * strategy (a parked thread today) can change without touching the rest of the runtime.
 */
interface Mailbox {

    /** Adds a message; wakes the owner if it waits. Lock-free. */
    void put(Object message);

    /**
     * Takes the first message that {@code matcher} accepts, in arrival order, leaving the others in order.
     *
     * @param deadline {@link System#nanoTime()} deadline; {@code Long.MAX_VALUE} waits forever; a past deadline
     *                 only scans what is there
     * @return the match, or null at the deadline
     * @throws InterruptedException the owner thread was interrupted (the owner decides what that means)
     */
    <T> T take(Matcher<T> matcher, long deadline) throws InterruptedException;

    /** Removes every waiting message {@code matcher} accepts (owner only). */
    void removeAll(Matcher<?> matcher);

    /** Messages waiting (approximate while senders are active). */
    int size();

    /** Wakes the owner so that it re-checks its state (an exit signal ended it). */
    void wake();
}
