package io.fauxtp.process.internal;

import io.fauxtp.process.Matcher;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A lock-free multi-producer queue for arrivals plus an owner-only "save queue" of messages a selective receive
 * looked at and skipped. Saved messages are older than anything still in the arrival queue, so scanning the
 * save queue first and then the arrivals preserves arrival order.
 *
 * <p>Waking: the owner announces {@code waiting}, re-checks the queue and parks; a producer unparks only when
 * it sees {@code waiting}, so a busy receiver costs senders one volatile read.
 */
final class QueueMailbox implements Mailbox {

    private final ConcurrentLinkedQueue<Object> arrivals = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Object> saved = new ArrayDeque<>();
    private volatile int savedCount;
    private volatile boolean waiting;
    private volatile Thread owner;

    void owner(Thread thread) {
        this.owner = thread;
    }

    @Override
    public void put(Object message) {
        arrivals.offer(message);
        if (waiting) {
            wake();
        }
    }

    @Override
    public void wake() {
        Thread t = owner;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public <T> T take(Matcher<T> matcher, long deadline) throws InterruptedException {
        if (!saved.isEmpty()) {
            for (Iterator<Object> it = saved.iterator(); it.hasNext(); ) {
                T match = matcher.match(it.next());
                if (match != null) {
                    it.remove();
                    savedCount = saved.size();
                    return match;
                }
            }
        }
        while (true) {
            Object message = arrivals.poll();
            if (message != null) {
                T match;
                try {
                    match = matcher.match(message);
                } catch (RuntimeException | Error e) {
                    saved.addLast(message);
                    savedCount = saved.size();
                    throw e;
                }
                if (match != null) {
                    return match;
                }
                saved.addLast(message);
                savedCount = saved.size();
                continue;
            }
            long remaining = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (remaining <= 0) {
                return null;
            }
            waiting = true;
            try {
                if (arrivals.isEmpty()) {
                    if (remaining == Long.MAX_VALUE) {
                        LockSupport.park(this);
                    } else {
                        LockSupport.parkNanos(this, remaining);
                    }
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
        while ((message = arrivals.poll()) != null) {
            saved.addLast(message);
        }
        saved.removeIf(m -> matcher.match(m) != null);
        savedCount = saved.size();
    }

    @Override
    public int size() {
        return savedCount + arrivals.size();
    }
}
