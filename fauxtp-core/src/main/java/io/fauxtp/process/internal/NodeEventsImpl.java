package io.fauxtp.process.internal;

import io.fauxtp.process.ExitReason;
import io.fauxtp.process.NodeEvents;
import io.fauxtp.process.Pid;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/** Listener array swapped copy-on-write; with no listener an event costs one volatile read and a counter. */
final class NodeEventsImpl implements NodeEvents {

    private static final System.Logger LOG = System.getLogger("io.fauxtp.process");
    private static final Listener[] NONE = new Listener[0];

    private volatile Listener[] listeners = NONE;
    private final ThreadSendCounter sent = new ThreadSendCounter();
    private final LongAdder spawned = new LongAdder();
    private final LongAdder exited = new LongAdder();

    @Override
    public synchronized AutoCloseable subscribe(Listener listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        Listener[] current = listeners;
        Listener[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = listener;
        listeners = next;
        return () -> remove(listener);
    }

    private synchronized void remove(Listener listener) {
        listeners = Arrays.stream(listeners).filter(l -> l != listener).toArray(Listener[]::new);
    }

    void countSend() {
        sent.increment();
    }

    void spawned(Pid pid, String name) {
        spawned.increment();
        for (Listener l : listeners) {
            try {
                l.processSpawned(pid, name);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "node event listener failed on spawn of " + pid, e);
            }
        }
    }

    void exited(Pid pid, String name, ExitReason reason) {
        exited.increment();
        for (Listener l : listeners) {
            try {
                l.processExited(pid, name, reason);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "node event listener failed on exit of " + pid, e);
            }
        }
    }

    /** Sends by ordinary code (processes count their own; see NodeRuntime#messagesSent). */
    long sentOutsideProcesses() {
        return sent.sum();
    }

    /** Set by the runtime: the sum needs its process table. */
    java.util.function.LongSupplier messagesSent = this::sentOutsideProcesses;

    @Override
    public long messagesSent() {
        return messagesSent.getAsLong();
    }

    @Override
    public long processesSpawned() {
        return spawned.sum();
    }

    @Override
    public long processesExited() {
        return exited.sum();
    }
}
