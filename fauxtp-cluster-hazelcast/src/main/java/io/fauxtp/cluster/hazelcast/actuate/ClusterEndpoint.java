package io.fauxtp.cluster.hazelcast.actuate;

import io.fauxtp.cluster.hazelcast.ClusterMember;
import io.fauxtp.cluster.hazelcast.ClusterSingleton;
import io.fauxtp.cluster.hazelcast.FauxtpCluster;
import io.fauxtp.cluster.hazelcast.ShardRegion;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code cluster} actuator endpoint: the members, which member runs each singleton tree, the global
 * names, and the allocation of each sharded type (the workflow runs' {@code fauxtp.workflows} among them). Read-only; expose it with {@code management.endpoints.web.exposure.include=cluster}.
 */
@Endpoint(id = ClusterEndpoint.ID)
public final class ClusterEndpoint {

    /** The endpoint id. */
    public static final String ID = "cluster";

    private final FauxtpCluster cluster;
    private final Supplier<List<ClusterSingleton>> singletons;
    private final Supplier<List<ShardRegion>> shards;

    public ClusterEndpoint(FauxtpCluster cluster, Supplier<List<ClusterSingleton>> singletons) {
        this(cluster, singletons, List::of);
    }

    /** With the sharded types of this member ({@code fauxtp.shards.*}, and the workflow runs' shards). */
    public ClusterEndpoint(FauxtpCluster cluster, Supplier<List<ClusterSingleton>> singletons,
                           Supplier<List<ShardRegion>> shards) {
        this.cluster = cluster;
        this.singletons = singletons;
        this.shards = shards;
    }

    /** What this member sees of the cluster. */
    public record ClusterView(UUID localMember, int nodeId, List<ClusterMember> members,
                              List<SingletonView> singletons, Map<String, String> globalNames,
                              List<ShardTypeView> shards)
            implements OperationResponseBody {}

    /**
     * One sharded type; for the workflow runs ({@code fauxtp.workflows}) an entity is the process of a run.
     *
     * @param allocation how many of its shards each member owns, by this member's view of the members
     * @param ownedHere  the shards whose lease this member holds
     * @param entities   the entities running on this member
     * @param handoffs   shards this member handed to another member since it started
     * @param takeovers  shards this member took from another member since it started
     */
    public record ShardTypeView(String type, int shards, Map<UUID, Integer> allocation, int ownedHere,
                                int entities, long handoffs, long takeovers) {}

    /**
     * One singleton tree.
     *
     * @param owner       the member holding its lease according to the database, or null when none does
     * @param runningHere whether this member runs it now
     * @param token       the fencing token this member holds (0 unless it runs it)
     */
    public record SingletonView(String name, UUID owner, boolean runningHere, long token, boolean quorum) {}

    @ReadOperation
    public ClusterView cluster() {
        List<SingletonView> trees = singletons.get().stream().map(s -> {
            ClusterSingleton.Status status = s.status();
            return new SingletonView(s.name(), s.owner().orElse(null), status.active(), status.token(), status.quorum());
        }).toList();
        Map<String, String> names = new java.util.TreeMap<>();
        cluster.globalNames().forEach((name, pid) -> names.put(name, pid.toString()));
        List<ShardTypeView> types = shards.get().stream().map(region -> {
            ShardRegion.Stats stats = region.stats();
            return new ShardTypeView(region.type(), region.options().shards(), region.allocation(), stats.shards(),
                    stats.entities(), stats.handoffs(), stats.takeovers());
        }).toList();
        return new ClusterView(cluster.localMember(), cluster.node().id(), cluster.members(), trees, names, types);
    }
}
