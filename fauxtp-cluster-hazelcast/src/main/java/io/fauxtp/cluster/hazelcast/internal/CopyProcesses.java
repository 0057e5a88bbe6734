package io.fauxtp.cluster.hazelcast.internal;

import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.process.ProcessInfo;
import io.fauxtp.supervisor.Supervisor;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The processes of one copy of a singleton tree on this member, and how they are ended.
 *
 * <p>A copy is its root (the pid the tree's start returned) and every local process linked to it directly or
 * through other processes of the copy: a supervisor's children, their children, and whatever they linked to.
 * A root started with {@code Supervisor.start} has no parent, traps exits and ignores exit signals from
 * processes it does not know, so an {@code exit(root, shutdown)} does nothing; the copy is ended instead by
 * {@link ExitReason#KILL}, which no process can trap, sent to every one of its processes, or (when the member
 * withdraws in order) by the supervisor's own ordered stop first.
 */
public final class CopyProcesses {

    private CopyProcesses() {}

    /** The processes of the copy rooted at {@code root} that are alive now (empty when the root is dead). */
    public static Set<Pid> of(Node node, Pid root) {
        Set<Pid> copy = new LinkedHashSet<>();
        Deque<Pid> next = new ArrayDeque<>();
        next.add(root);
        while (!next.isEmpty()) {
            Pid pid = next.poll();
            if (pid.node() != node.id() || copy.contains(pid)) {
                continue;
            }
            ProcessInfo info = node.info(pid).orElse(null);
            if (info == null || !info.alive()) {
                continue;
            }
            copy.add(pid);
            next.addAll(info.links());
        }
        return copy;
    }

    /**
     * Kills every process of {@code known} and of the copies linked to them, again until none is alive.
     *
     * @return the processes still alive after {@code rounds} rounds (empty when the copy is gone)
     */
    public static Set<Pid> kill(Node node, Set<Pid> known, int rounds) {
        Set<Pid> alive = alive(node, known);
        for (int round = 0; round < rounds && !alive.isEmpty(); round++) {
            Set<Pid> all = new LinkedHashSet<>();
            for (Pid pid : alive) {
                all.addAll(of(node, pid));   // also what they linked to since the copy was last looked at
            }
            all.addAll(alive);
            for (Pid pid : all) {
                node.exit(pid, ExitReason.KILL);
            }
            known = all;
            alive = alive(node, known);
        }
        return alive;
    }

    /**
     * Stops the copy in order (the root supervisor stops its children in reverse start order, within their
     * shutdown times; a GenServer root runs {@code terminate}), waits at most {@code grace}, then kills what is
     * left.
     *
     * @return the processes still alive at the end (empty when the copy is gone)
     */
    public static Set<Pid> stopInOrder(Node node, Pid root, Duration grace, ExitReason reason) {
        Set<Pid> copy = of(node, root);
        if (copy.isEmpty()) {
            return Set.of();
        }
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
            if (Supervisor.snapshot(root).isPresent()) {
                Supervisor.stop(root);
            } else {
                GenServer.stop(root, reason, grace);
            }
        }, command -> Thread.ofVirtual().name("fauxtp-singleton-stop-" + root).start(command));
        try {
            stopped.get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // not a supervisor or GenServer, or it did not stop in time: killed below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return kill(node, copy, 3);
    }

    private static Set<Pid> alive(Node node, Set<Pid> pids) {
        Set<Pid> alive = new LinkedHashSet<>();
        for (Pid pid : pids) {
            if (node.isAlive(pid)) {
                alive.add(pid);
            }
        }
        return alive;
    }

    /** For logs: at most a few pids. */
    public static String describe(Set<Pid> pids) {
        List<Pid> list = List.copyOf(pids);
        return list.size() <= 5 ? list.toString() : list.subList(0, 5) + " and " + (list.size() - 5) + " more";
    }
}
