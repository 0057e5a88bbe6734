package io.fauxtp.cluster.hazelcast.autoconfigure;

import io.fauxtp.cluster.hazelcast.ClusterWorkflows;
import io.fauxtp.cluster.hazelcast.FauxtpCluster;
import io.fauxtp.cluster.hazelcast.ShardRegions;
import io.fauxtp.cluster.hazelcast.actuate.ClusterEndpoint;
import io.fauxtp.cluster.hazelcast.ShardRegion;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code cluster} actuator endpoint ({@link ClusterEndpoint}), when the actuator is on the class path, the
 * node is a cluster member and the endpoint is available (exposed and not switched off). Its sharded types are
 * those of {@code fauxtp.shards.*} and, in cluster mode with workflows, the shards of the workflow runs
 * ({@value ClusterWorkflows#SHARD_TYPE}).
 */
@AutoConfiguration(after = {FauxtpClusterAutoConfiguration.class, FauxtpShardAutoConfiguration.class,
        FauxtpClusterWorkflowAutoConfiguration.class})
@ConditionalOnClass({FauxtpCluster.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(FauxtpCluster.class)
@ConditionalOnAvailableEndpoint(ClusterEndpoint.class)
public final class FauxtpClusterEndpointAutoConfiguration {

    FauxtpClusterEndpointAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    ClusterEndpoint clusterEndpoint(FauxtpCluster cluster, ObjectProvider<HazelcastSingletonTrees> trees,
            ObjectProvider<ShardRegions> shards, ObjectProvider<ClusterWorkflows> workflows) {
        return new ClusterEndpoint(cluster, () -> {
            HazelcastSingletonTrees hosted = trees.getIfAvailable();
            return hosted == null ? List.of() : hosted.singletons();
        }, () -> shardedTypes(shards, workflows));
    }

    /** The regions of {@code fauxtp.shards.*}, then the workflow runs' region. */
    static List<ShardRegion> shardedTypes(ObjectProvider<ShardRegions> shards,
                                          ObjectProvider<ClusterWorkflows> workflows) {
        List<ShardRegion> regions = new ArrayList<>();
        shards.ifAvailable(r -> regions.addAll(r.regions()));
        workflows.ifAvailable(w -> regions.add(w.region()));
        return regions;
    }
}
