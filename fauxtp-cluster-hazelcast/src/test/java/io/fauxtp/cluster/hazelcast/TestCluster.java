package io.fauxtp.cluster.hazelcast;

import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.fauxtp.text.TextCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension, registered on a static field, that forms a cluster of {@code size} members in this JVM
 * (each a Hazelcast member of {@link TestClusters} with a {@link FauxtpCluster} named {@code member0},
 * {@code member1}...) before the class's tests and closes it after them. The members see each other, each with
 * its one node id, before the first test runs.
 */
final class TestCluster implements BeforeAllCallback, AfterAllCallback {

    private final String name;

    private final int size;

    private final Duration wait;

    private final List<HazelcastInstance> hazelcasts = new ArrayList<>();

    private final List<FauxtpCluster> members = new ArrayList<>();

    /**
     * @param prefix the start of the cluster's name (a random suffix keeps clusters of other classes apart)
     * @param size how many members to start
     * @param wait how long they may take to see each other
     */
    TestCluster(String prefix, int size, Duration wait) {
        this.name = prefix + "-" + UUID.randomUUID();
        this.size = size;
        this.wait = wait;
    }

    /** @return the cluster's name, for members a test starts itself ({@link TestClusters#member(String)}) */
    String name() {
        return this.name;
    }

    /** @return member {@code i} */
    FauxtpCluster member(int i) {
        return this.members.get(i);
    }

    /** @return all the members, in the order they joined */
    List<FauxtpCluster> members() {
        return this.members;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        for (int i = 0; i < this.size; i++) {
            this.hazelcasts.add(TestClusters.member(this.name));
        }
        for (HazelcastInstance hz : this.hazelcasts) {
            this.members.add(FauxtpCluster.join(hz, "member" + this.members.size(), TextCodec.standard()));
        }
        await().atMost(this.wait).until(() -> this.members.getFirst().members().size() == this.size
                && this.members.getFirst().members().stream().allMatch(m -> m.nodeIds().size() == 1));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        this.members.forEach(FauxtpCluster::close);
        this.hazelcasts.forEach(HazelcastInstance::shutdown);
    }
}
