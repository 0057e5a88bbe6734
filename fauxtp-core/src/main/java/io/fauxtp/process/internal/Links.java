package io.fauxtp.process.internal;

import io.fauxtp.process.Exit;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Pid;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Links between processes and the exit signals they carry ({@code link}, {@code unlink}, {@code exit/2} and the
 * signals a death sends to its links), on the link set of {@link ProcessImpl}.
 *
 * <p>Static methods over the process's own field, not an object per process: most processes never link, and an
 * idle process should cost its fields only (the heap per idle GenServer, BENCHMARKS.md). A process's links are
 * guarded by its monitor, held only briefly and never while calling out.
 */
final class Links {

    /** Exit signals caused by a death are delivered iteratively, so long link chains do not grow the stack. */
    private static final ThreadLocal<ArrayDeque<Runnable>> PENDING_SIGNALS = new ThreadLocal<>();

    private Links() {
    }

    /** The links of {@code p}, created on first use; the caller holds {@code p}'s monitor. */
    private static Set<ProcessImpl> of(ProcessImpl p) {
        if (p.links == null) {
            p.links = new HashSet<>(4);
        }
        return p.links;
    }

    /** {@code self} links to {@code other}: a missing or dead one sends {@code self} an exit signal {@code noproc}. */
    static void link(ProcessImpl self, Pid other) {
        Objects.requireNonNull(other, "pid");
        if (other.equals(self.pid)) {
            return;
        }
        ProcessImpl target = self.runtime.lookupAnyNode(other);
        if (target == null || !linkBoth(self, target)) {
            exitSignal(other, self, ExitReason.NO_PROCESS, false);
            self.checkAlive();
        }
    }

    /** Links a and b if both are alive; false if one is dead. */
    static boolean linkBoth(ProcessImpl a, ProcessImpl b) {
        ProcessImpl first = a.pid.compareTo(b.pid) <= 0 ? a : b;
        ProcessImpl second = first == a ? b : a;
        synchronized (first) {
            synchronized (second) {
                if (!a.alive || !b.alive) {
                    return false;
                }
                of(a).add(b);
                of(b).add(a);
                return true;
            }
        }
    }

    /** Removes the link between {@code self} and {@code other}, if any, on both sides. */
    static void unlink(ProcessImpl self, Pid other) {
        ProcessImpl target = self.runtime.lookupAnyNode(other);
        synchronized (self) {
            if (self.links != null) {
                self.links.removeIf(p -> p.pid.equals(other));
            }
        }
        if (target != null) {
            synchronized (target) {
                if (target.links != null) {
                    target.links.remove(self);
                }
            }
        }
    }

    /**
     * Delivers an exit signal from {@code from} to {@code target}. {@code viaLink}: the signal comes from the
     * death of a linked process and is ignored if the link was removed meanwhile.
     */
    static void exitSignal(Pid from, ProcessImpl target, ExitReason reason, boolean viaLink) {
        ArrayDeque<Runnable> pending = PENDING_SIGNALS.get();
        Runnable delivery = () -> receiveExitSignal(target, from, reason, viaLink);
        if (pending != null) {
            pending.addLast(delivery);
            return;
        }
        pending = new ArrayDeque<>();
        PENDING_SIGNALS.set(pending);
        try {
            delivery.run();
            Runnable next;
            while ((next = pending.pollFirst()) != null) {
                next.run();
            }
        } finally {
            PENDING_SIGNALS.remove();
        }
    }

    /**
     * The signals of this thread still to deliver, while it is delivering exit signals (null otherwise): a death
     * caused by one queues its monitors' {@code Down}s behind them (see {@link ProcessImpl#die}).
     */
    static ArrayDeque<Runnable> pendingSignals() {
        return PENDING_SIGNALS.get();
    }

    private static void receiveExitSignal(ProcessImpl target, Pid from, ExitReason reason, boolean viaLink) {
        if (viaLink) {
            synchronized (target) {
                if (target.links == null || !target.links.removeIf(p -> p.pid.equals(from))) {
                    return;
                }
            }
        }
        if (!target.alive) {
            return;
        }
        if (reason instanceof ExitReason.Kill) {
            target.die(ExitReason.KILLED);
        } else if (target.trapExit) {
            target.deliver(new Exit(from, reason));
        } else if (reason.isNormal()) {
            if (from.equals(target.pid)) {
                target.die(reason);
            }
        } else {
            target.die(reason);
        }
    }

    /** Sends the exit signal of {@code dead}'s death to the processes it was linked to. */
    static void signalDeath(Pid dead, List<ProcessImpl> linked, ExitReason reason) {
        // Linked processes that do not trap exits first: those the signal kills die (and free their names) on
        // this thread before a trapping one, such as this process's supervisor, hears of the exit; so a
        // supervisor that restarts this one finds the names of the old children free, as in Erlang.
        for (ProcessImpl l : linked) {
            if (!l.trapExit) {
                exitSignal(dead, l, reason, true);
            }
        }
        for (ProcessImpl l : linked) {
            if (l.trapExit) {
                exitSignal(dead, l, reason, true);
            }
        }
    }
}
