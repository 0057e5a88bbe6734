package io.fauxtp.cluster.hazelcast.actuate;

import io.fauxtp.cluster.hazelcast.ClusterMember;
import io.fauxtp.cluster.hazelcast.ClusterSingleton;
import io.fauxtp.cluster.hazelcast.FauxtpCluster;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code cluster} actuator endpoint: the members, which member runs each singleton tree, and the global
 * names. Read-only; expose it with {@code management.endpoints.web.exposure.include=cluster}.
 */
@Endpoint(id = ClusterEndpoint.ID)
public final class ClusterEndpoint {

    /** The endpoint id. */
    public static final String ID = "cluster";

    private final FauxtpCluster cluster;
    private final Supplier<List<ClusterSingleton>> singletons;

    public ClusterEndpoint(FauxtpCluster cluster, Supplier<List<ClusterSingleton>> singletons) {
        this.cluster = cluster;
        this.singletons = singletons;
    }

    /** What this member sees of the cluster. */
    public record ClusterView(UUID localMember, int nodeId, List<ClusterMember> members,
                              List<SingletonView> singletons, Map<String, String> globalNames)
            implements OperationResponseBody {}

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
        return new ClusterView(cluster.localMember(), cluster.node().id(), cluster.members(), trees, names);
    }
}
