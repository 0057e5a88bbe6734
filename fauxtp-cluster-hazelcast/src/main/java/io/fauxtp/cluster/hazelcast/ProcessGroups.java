package io.fauxtp.cluster.hazelcast;

import com.hazelcast.map.IMap;
import io.fauxtp.process.Pid;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Cluster-wide process groups, like Erlang's {@code pg}: a process of this member joins a group by name, every
 * member sees it among the group's members, and it is removed when it exits, when it leaves, or when its member
 * leaves the cluster or is found dead. Get it with {@link FauxtpCluster#groups()}.
 *
 * <p>As in {@code pg}, a process may join a group more than once and is then listed once per join, and
 * {@link #leave} removes one join. Unlike {@code pg}, whose members are eventually consistent per node, the
 * groups live in one Hazelcast map, so a join is seen by every member once {@link #join} returns. A group is
 * one map entry updated by compare-and-set: groups of thousands of members are slow to change.
 */
public final class ProcessGroups {

    private static final System.Logger LOG = System.getLogger("io.fauxtp.cluster");
    static final String GROUPS = "fauxtp.process-groups";

    private final FauxtpCluster cluster;
    private final IMap<String, String> groups;
    /** The groups each local process joined (with repeats), so its exit removes its entries. */
    private final ConcurrentHashMap<Pid, List<String>> localJoins = new ConcurrentHashMap<>();

    ProcessGroups(FauxtpCluster cluster) {
        this.cluster = cluster;
        this.groups = cluster.hazelcast().getMap(GROUPS);
    }

    /**
     * Adds {@code pid}, a live process of this member, to {@code group} once more.
     *
     * @throws IllegalArgumentException when {@code pid} is not a live process of this member
     */
    public void join(String group, Pid pid) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(pid, "pid");
        if (pid.node() != cluster.node().id() || !cluster.node().isAlive(pid)) {
            throw new IllegalArgumentException(pid + " is not a live process of this member (node "
                    + cluster.node().id() + "); join a group from the member that runs the process");
        }
        localJoins.compute(pid, (p, joined) -> {
            List<String> list = joined == null ? new ArrayList<>() : new ArrayList<>(joined);
            list.add(group);
            return List.copyOf(list);
        });
        String entry = Entry.encode(cluster.localMember(), pid);
        update(group, lines -> {
            lines.add(entry);
            return true;
        });
        if (!cluster.node().isAlive(pid)) {   // it died while it joined: its exit event may have run before
            processExited(pid);
        }
    }

    /**
     * Removes one join of {@code pid} from {@code group}.
     *
     * @return false when {@code pid} was not in the group
     */
    public boolean leave(String group, Pid pid) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(pid, "pid");
        localJoins.computeIfPresent(pid, (p, joined) -> {
            List<String> list = new ArrayList<>(joined);
            list.remove(group);
            return list.isEmpty() ? null : List.copyOf(list);
        });
        return update(group, lines -> {
            for (int i = 0; i < lines.size(); i++) {
                if (Entry.decode(lines.get(i)).pid().equals(pid)) {
                    lines.remove(i);
                    return true;
                }
            }
            return false;
        });
    }

    /** The processes in {@code group} on every live member, once per join. */
    public List<Pid> members(String group) {
        return members(group, member -> cluster.isMember(member));
    }

    /** The processes of this member in {@code group}, once per join. */
    public List<Pid> localMembers(String group) {
        return members(group, cluster.localMember()::equals);
    }

    /** The groups that have at least one member. */
    public Set<String> groups() {
        return new TreeSet<>(groups.keySet());
    }

    /**
     * Sends {@code message} to every process in {@code group}, once per process even if it joined more than
     * once; a process that exits meanwhile does not get it (at most once, as every send).
     *
     * @return the number of processes it was sent to
     */
    public int send(String group, Object message) {
        Set<Pid> distinct = new LinkedHashSet<>(members(group));
        distinct.forEach(pid -> cluster.send(pid, message));
        return distinct.size();
    }

    /**
     * Casts {@code request} to every GenServer in {@code group}, once per process.
     *
     * @return the number of processes it was cast to
     */
    public int cast(String group, Object request) {
        Set<Pid> distinct = new LinkedHashSet<>(members(group));
        distinct.forEach(pid -> cluster.cast(pid, request));
        return distinct.size();
    }

    private List<Pid> members(String group, Predicate<UUID> memberFilter) {
        String value = groups.get(group);
        if (value == null) {
            return List.of();
        }
        List<Pid> pids = new ArrayList<>();
        for (String line : value.split("\n")) {
            Entry entry = Entry.decode(line);
            if (memberFilter.test(entry.member())) {
                pids.add(entry.pid());
            }
        }
        return pids;
    }

    /** Removes every join of {@code pid}, a local process that ended. */
    void processExited(Pid pid) {
        List<String> joined = localJoins.remove(pid);
        if (joined == null) {
            return;
        }
        Thread.ofVirtual().name("fauxtp-leave-groups-" + pid).start(() -> {
            for (String group : new LinkedHashSet<>(joined)) {
                removeMatching(group, entry -> entry.pid().equals(pid));
            }
        });
    }

    /** Removes the entries of {@code member}, which left the cluster or was found dead. */
    void removeEntriesOf(Predicate<UUID> departed) {
        for (String group : groups.keySet()) {
            removeMatching(group, entry -> departed.test(entry.member()));
        }
    }

    /** Removes this member's entries (it is leaving). */
    void leaveAll() {
        localJoins.clear();
        removeEntriesOf(cluster.localMember()::equals);
    }

    private void removeMatching(String group, Predicate<Entry> doomed) {
        try {
            update(group, lines -> lines.removeIf(line -> doomed.test(Entry.decode(line))));
        } catch (RuntimeException e) {   // this member is shutting down
            LOG.log(Level.DEBUG, () -> "could not clean up group " + group + ": " + e);
        }
    }

    private interface Change {
        /** Changes {@code lines} in place; false when nothing changed. */
        boolean apply(List<String> lines);
    }

    /** Applies {@code change} to the group's entry by compare-and-set; an empty group is removed. */
    private boolean update(String group, Change change) {
        while (true) {
            String before = groups.get(group);
            List<String> lines = before == null ? new ArrayList<>() : new ArrayList<>(List.of(before.split("\n")));
            if (!change.apply(lines)) {
                return false;
            }
            String after = String.join("\n", lines);
            boolean done;
            if (before == null) {
                done = lines.isEmpty() || groups.putIfAbsent(group, after) == null;
            } else if (lines.isEmpty()) {
                done = groups.remove(group, before);
            } else {
                done = groups.replace(group, before, after);
            }
            if (done) {
                return true;
            }
        }
    }

    /** One join as text: the member uuid and the pid (no Java serialisation). */
    private record Entry(UUID member, Pid pid) {
        static String encode(UUID member, Pid pid) {
            return member + " " + pid.node() + " " + pid.serial();
        }

        static Entry decode(String line) {
            String[] parts = line.split(" ", 3);
            return new Entry(UUID.fromString(parts[0]), new Pid(Integer.parseInt(parts[1]), Long.parseLong(parts[2])));
        }
    }
}
