package io.fauxtp.process.internal;

import io.fauxtp.process.Down;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.MonitorRef;
import io.fauxtp.process.Pid;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Monitors ({@code monitor}, {@code demonitor} and the {@code Down} a death sends), on two fields of
 * {@link ProcessImpl}: the watchers of a process (guarded by its monitor) and the monitors it holds.
 *
 * <p>Static methods over the processes' own fields, not an object per process: most processes never monitor, and
 * an idle process should cost its fields only (the heap per idle GenServer, BENCHMARKS.md).
 */
final class Monitors {

    private Monitors() {
    }

    /** The watchers of {@code p}, created on first use; the caller holds {@code p}'s monitor. */
    private static Map<MonitorRef, Object> watchersOf(ProcessImpl p) {
        if (p.watchers == null) {
            p.watchers = new HashMap<>(4);
        }
        return p.watchers;
    }

    /** The monitors {@code p} holds, created on first use. */
    private static ConcurrentHashMap<MonitorRef, ProcessImpl> heldBy(ProcessImpl p) {
        ConcurrentHashMap<MonitorRef, ProcessImpl> held = p.monitorsHeld;
        if (held == null) {
            synchronized (p) {
                held = p.monitorsHeld;
                if (held == null) {
                    p.monitorsHeld = held = new ConcurrentHashMap<>(4);
                }
            }
        }
        return held;
    }

    /** {@code self} monitors the process {@code target}, of this node or (through its transport) another. */
    static MonitorRef monitor(ProcessImpl self, Pid target) {
        Objects.requireNonNull(target, "pid");
        NodeRuntime runtime = self.runtime;
        if (target.node() != runtime.id()) {
            MonitorRef remote = runtime.monitorRemote(self.pid, target);
            if (remote != null) {
                return remote;
            }
        }
        return monitorTarget(runtime, runtime.lookupAnyNode(target), target, self);
    }

    /** {@code self} monitors the process registered as {@code name} now. */
    static MonitorRef monitor(ProcessImpl self, String name) {
        Objects.requireNonNull(name, "name");
        NodeRuntime runtime = self.runtime;
        ProcessImpl target = runtime.registryImpl().lookup(name);
        return monitorTarget(runtime, target, target == null ? new Pid(runtime.id(), 0) : target.pid, self);
    }

    /**
     * Makes {@code watcher} (a process or a {@code Consumer<Down>}) monitor {@code target}; a dead or missing
     * target produces {@code Down(noproc)} at once.
     */
    static MonitorRef monitorTarget(NodeRuntime runtime, ProcessImpl target, Pid targetPid, Object watcher) {
        MonitorRef ref = runtime.newMonitorRef();
        if (target != null) {
            // Recorded on the watcher first, so a death racing with this call finds the entry to remove.
            if (watcher instanceof ProcessImpl w) {
                heldBy(w).put(ref, target);
            }
            synchronized (target) {
                if (target.alive) {
                    watchersOf(target).put(ref, watcher);
                    return ref;
                }
            }
        }
        notifyWatcher(watcher, new Down(ref, targetPid, ExitReason.NO_PROCESS));
        return ref;
    }

    private static void notifyWatcher(Object watcher, Down down) {
        if (watcher instanceof ProcessImpl w) {
            ConcurrentHashMap<MonitorRef, ProcessImpl> held = w.monitorsHeld;
            if (held != null) {
                held.remove(down.ref());
            }
            w.deliver(down);
        } else {
            @SuppressWarnings("unchecked")
            Consumer<Down> callback = (Consumer<Down>) watcher;
            callback.accept(down);
        }
    }

    /** Removes a monitor set with {@link #monitorTarget}; true if it was still active. */
    static boolean removeWatcher(ProcessImpl target, MonitorRef ref) {
        if (target == null) {
            return false;
        }
        synchronized (target) {
            return target.watchers != null && target.watchers.remove(ref) != null;
        }
    }

    /** {@code self} removes its monitor {@code ref}; true if it was still active (see {@code ProcessContext}). */
    static boolean demonitor(ProcessImpl self, MonitorRef ref) {
        Objects.requireNonNull(ref, "ref");
        ConcurrentHashMap<MonitorRef, ProcessImpl> held = self.monitorsHeld;
        ProcessImpl target = held == null ? null : held.remove(ref);
        boolean active = target != null ? removeWatcher(target, ref) : self.runtime.demonitorRemote(ref);
        // An active monitor has not produced its Down (that happens only after the target's death removed it),
        // so only an inactive one can have left a Down in the mailbox.
        if (!active && Thread.currentThread() == self.thread()) {
            self.mailbox.removeAll(m -> m instanceof Down d && d.ref().equals(ref) ? m : null);
        }
        return active;
    }

    /** The dead process {@code dead} lets go of the monitors it held. */
    static void dropHeld(ProcessImpl dead) {
        ConcurrentHashMap<MonitorRef, ProcessImpl> heldByDead = dead.monitorsHeld;
        if (heldByDead != null) {
            for (Map.Entry<MonitorRef, ProcessImpl> held : heldByDead.entrySet()) {
                removeWatcher(held.getValue(), held.getKey());
            }
            heldByDead.clear();
        }
    }

    /** Sends {@code Down} for the death of {@code dead} to the watchers it had. */
    static void signalDeath(Pid dead, List<Map.Entry<MonitorRef, Object>> watching, ExitReason reason) {
        // Behind the link signals: those are deferred while this thread is delivering exit signals (the process
        // died of one), and a process that both links to and monitors the dead one must get its Exit before its
        // Down, as from any one sender (Erlang orders the signals of one sender to one receiver).
        ArrayDeque<Runnable> deferred = Links.pendingSignals();
        for (Map.Entry<MonitorRef, Object> w : watching) {
            Object watcher = w.getValue();
            Down down = new Down(w.getKey(), dead, reason);
            if (deferred != null) {
                deferred.addLast(() -> notifyWatcher(watcher, down));
            } else {
                notifyWatcher(watcher, down);
            }
        }
    }
}
