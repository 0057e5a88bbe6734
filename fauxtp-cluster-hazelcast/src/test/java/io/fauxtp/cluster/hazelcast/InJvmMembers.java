package io.fauxtp.cluster.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.fauxtp.text.TextCodec;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Members of one cluster in this JVM for the tests of sharded types ({@link ShardedEntitiesTest},
 * {@link ClusterWorkflowsTest}): each a Hazelcast member of {@link TestClusters} with a {@link FauxtpCluster}
 * named {@code member0}, {@code member1}... in the order they were added, which a test may crash and add to while
 * it runs. {@link #close()} closes the {@link FauxtpCluster}s and terminates the Hazelcast members; the test closes
 * what it started on them (regions, workflows) first.
 */
final class InJvmMembers implements AutoCloseable {

    private final String clusterName;
    private final List<HazelcastInstance> hazelcasts = new CopyOnWriteArrayList<>();
    private final List<FauxtpCluster> clusters = new CopyOnWriteArrayList<>();

    /** @param prefix the start of the cluster's name (a random suffix keeps the clusters of other tests apart) */
    InJvmMembers(String prefix) {
        this.clusterName = prefix + "-" + UUID.randomUUID();
    }

    /** Starts a member and returns its index. */
    int add() {
        HazelcastInstance hz = TestClusters.member(clusterName);
        hazelcasts.add(hz);
        clusters.add(FauxtpCluster.join(hz, "member" + clusters.size(), TextCodec.standard()));
        return clusters.size() - 1;
    }

    FauxtpCluster cluster(int index) {
        return clusters.get(index);
    }

    HazelcastInstance hazelcast(int index) {
        return hazelcasts.get(index);
    }

    /** Whether the first member sees {@code n} members. */
    boolean formed(int n) {
        return clusters.getFirst().members().size() == n;
    }

    /** Crashes member {@code index}: its Hazelcast member terminates, with no hand-over. */
    void crash(int index) {
        hazelcasts.get(index).getLifecycleService().terminate();
    }

    /** The index of the member whose Hazelcast uuid is {@code member}. */
    int indexOf(UUID member) {
        for (int i = 0; i < clusters.size(); i++) {
            if (clusters.get(i).localMember().equals(member)) {
                return i;
            }
        }
        throw new AssertionError("no member " + member);
    }

    @Override
    public void close() {
        clusters.forEach(FauxtpCluster::close);
        hazelcasts.forEach(hz -> hz.getLifecycleService().terminate());
    }
}
