package io.fauxtp.cluster.hazelcast;

import io.fauxtp.cluster.hazelcast.internal.Wire;
import io.fauxtp.process.Down;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Matcher;
import io.fauxtp.process.MonitorRef;
import io.fauxtp.process.Pid;
import io.fauxtp.process.ProcessContext;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Monitors across members, both ends of them.
 *
 * <p>The watcher's member keeps each monitor it sent until exactly one {@link Down} is handed to the watcher:
 * the one the target's member sends back, or {@code noconnection} when Hazelcast reports the target's member
 * gone. The target's member watches the target with an ordinary local monitor held by one process, the
 * <em>monitor proxy</em>, which alone owns that side's state (so a monitor request, a demonitor and the
 * target's death are handled one at a time, in arrival order).
 */
final class RemoteMonitors {

    private static final System.Logger LOG = System.getLogger("io.fauxtp.cluster");

    private final FauxtpCluster cluster;
    /** Watcher side: monitors of remote processes that have not delivered their Down yet. */
    private final ConcurrentHashMap<MonitorRef, Watch> watching = new ConcurrentHashMap<>();
    private final Pid proxy;

    private record Watch(Pid watcher, Pid target, UUID owner) {}

    /** Commands to the monitor proxy. */
    private record Served(Pid watcher, Pid target, MonitorRef remoteRef, UUID watcherMember) {}

    private record Unwatch(MonitorRef remoteRef) {}

    private record WatchersGone(UUID member) {}

    RemoteMonitors(FauxtpCluster cluster) {
        this.cluster = cluster;
        this.proxy = cluster.node().spawn(this::serve);
    }

    // ----- watcher side -----

    /** Takes the monitor of {@code target} (on the member {@code owner}) by {@code watcher} under {@code ref}. */
    void monitor(Pid watcher, Pid target, MonitorRef ref, UUID owner) {
        watching.put(ref, new Watch(watcher, target, owner));
        if (!cluster.isMember(owner)) {   // also covers a member-removed event that ran before the put
            fire(ref, ExitReason.NO_CONNECTION);
            return;
        }
        cluster.publishTo(target.node(), new Wire.Monitor(watcher, target, ref.node(), ref.id()));
    }

    boolean demonitor(MonitorRef ref) {
        Watch watch = watching.remove(ref);   // waits for a Down being handed over under this ref (see fire)
        if (watch == null) {
            return false;
        }
        cluster.publishTo(watch.target().node(), new Wire.Demonitor(watch.target(), ref.node(), ref.id()));
        return true;
    }

    /** Hands the watcher its one Down, unless it was demonitored or already got it. */
    void fire(MonitorRef ref, ExitReason reason) {
        // Sent inside the map's lock for ref: a demonitor that finds the entry gone finds the Down in the mailbox.
        watching.computeIfPresent(ref, (r, watch) -> {
            cluster.node().send(watch.watcher(), new Down(ref, watch.target(), reason));
            return null;
        });
    }

    void received(Wire.MonitorDown down) {
        fire(new MonitorRef(Math.toIntExact(down.refNode()), down.refId()), decode(down.kind(), down.term()));
    }

    /** A local process ended: its monitors of remote processes go (it can no longer get their Down). */
    void watcherExited(Pid pid) {
        if (watching.isEmpty()) {
            return;
        }
        for (Map.Entry<MonitorRef, Watch> e : watching.entrySet()) {
            if (e.getValue().watcher().equals(pid)) {
                demonitor(e.getKey());
            }
        }
    }

    /** A member left: the monitors of its processes get {@code noconnection}; its watchers' monitors go. */
    void memberRemoved(UUID member) {
        for (Map.Entry<MonitorRef, Watch> e : watching.entrySet()) {
            if (e.getValue().owner().equals(member)) {
                fire(e.getKey(), ExitReason.NO_CONNECTION);
            }
        }
        cluster.node().send(proxy, new WatchersGone(member));
    }

    // ----- target side -----

    void received(Wire.Monitor m, UUID watcherMember) {
        cluster.node().send(proxy, new Served(m.watcher(), m.target(),
                new MonitorRef(Math.toIntExact(m.refNode()), m.refId()), watcherMember));
    }

    void received(Wire.Demonitor d) {
        cluster.node().send(proxy, new Unwatch(new MonitorRef(Math.toIntExact(d.refNode()), d.refId())));
    }

    /** The monitor proxy: monitors local targets for watchers on other members and reports their exits. */
    private void serve(ProcessContext self) throws InterruptedException {
        Map<MonitorRef, Served> byLocalRef = new HashMap<>();
        Map<MonitorRef, MonitorRef> localByRemote = new HashMap<>();
        while (true) {
            switch (self.receive(Matcher.any())) {
                case Served s when !cluster.isMember(s.watcherMember()) -> {
                    // its watcher's member left before the request was served: nobody to report to
                }
                case Served s -> {
                    MonitorRef local = self.monitor(s.target());   // Down(noproc) at once when it is not alive
                    byLocalRef.put(local, s);
                    localByRemote.put(s.remoteRef(), local);
                }
                case Unwatch u -> {
                    MonitorRef local = localByRemote.remove(u.remoteRef());
                    if (local != null) {
                        byLocalRef.remove(local);
                        self.demonitor(local);
                    }
                }
                case Down down -> {
                    Served s = byLocalRef.remove(down.ref());
                    if (s != null) {
                        localByRemote.remove(s.remoteRef());
                        report(s, down.reason());
                    }
                }
                case WatchersGone g -> {
                    for (Iterator<Map.Entry<MonitorRef, Served>> it = byLocalRef.entrySet().iterator(); it.hasNext(); ) {
                        Map.Entry<MonitorRef, Served> e = it.next();
                        if (e.getValue().watcherMember().equals(g.member())) {
                            it.remove();
                            localByRemote.remove(e.getValue().remoteRef());
                            self.demonitor(e.getKey());
                        }
                    }
                }
                default -> LOG.log(Level.DEBUG, "the monitor proxy ignored a message it does not know");
            }
        }
    }

    private void report(Served s, ExitReason reason) {
        Wire.MonitorDown down = encode(s, reason);
        try {
            cluster.publishTo(s.watcher().node(), down);
        } catch (RuntimeException e) {   // a reason term of a type the wire does not know: sent as its text
            cluster.publishTo(s.watcher().node(), new Wire.MonitorDown(down.watcher(), down.refNode(),
                    down.refId(), down.target(), down.kind(), String.valueOf(down.term())));
        }
    }

    private static Wire.MonitorDown encode(Served s, ExitReason reason) {
        String kind;
        Object term = "";
        switch (reason) {
            case ExitReason.Normal n -> kind = "normal";
            case ExitReason.Shutdown sh -> {
                kind = "shutdown";
                term = sh.detail() == null ? "" : sh.detail();
            }
            case ExitReason.Killed k -> kind = "killed";
            case ExitReason.Kill k -> kind = "killed";
            case ExitReason.NoProcess n -> kind = "noproc";
            case ExitReason.NoConnection n -> kind = "noconnection";
            case ExitReason.Error e -> {
                kind = "error";
                term = e.cause().toString();
            }
            case ExitReason.Custom c -> {
                kind = "custom";
                term = c.term();
            }
        }
        return new Wire.MonitorDown(s.watcher(), s.remoteRef().node(), s.remoteRef().id(), s.target(), kind, term);
    }

    private static ExitReason decode(String kind, Object term) {
        return switch (kind) {
            case "normal" -> ExitReason.NORMAL;
            case "shutdown" -> "".equals(term) ? ExitReason.SHUTDOWN : ExitReason.shutdown(term);
            case "killed" -> ExitReason.KILLED;
            case "noproc" -> ExitReason.NO_PROCESS;
            case "noconnection" -> ExitReason.NO_CONNECTION;
            case "error" -> ExitReason.error(new RemoteProcessException(String.valueOf(term)));
            default -> ExitReason.of(term);
        };
    }

    /** The exception of a process of another member, by its text (exceptions do not cross the wire). */
    static final class RemoteProcessException extends RuntimeException {
        RemoteProcessException(String text) {
            super(text, null, false, false);
        }
    }
}
