package io.fauxtp.cluster.hazelcast.autoconfigure;

import io.fauxtp.cluster.hazelcast.FauxtpCluster;
import io.fauxtp.cluster.hazelcast.ShardRegions;
import io.fauxtp.cluster.hazelcast.actuate.ClusterEndpoint;
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
 * node is a cluster member and the endpoint is available (exposed and not switched off).
 */
@AutoConfiguration(after = {FauxtpClusterAutoConfiguration.class, FauxtpShardAutoConfiguration.class})
@ConditionalOnClass({FauxtpCluster.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(FauxtpCluster.class)
@ConditionalOnAvailableEndpoint(ClusterEndpoint.class)
public final class FauxtpClusterEndpointAutoConfiguration {

    FauxtpClusterEndpointAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    ClusterEndpoint clusterEndpoint(FauxtpCluster cluster, ObjectProvider<HazelcastSingletonTrees> trees,
            ObjectProvider<ShardRegions> shards) {
        return new ClusterEndpoint(cluster, () -> {
            HazelcastSingletonTrees hosted = trees.getIfAvailable();
            return hosted == null ? List.of() : hosted.singletons();
        }, () -> {
            ShardRegions regions = shards.getIfAvailable();
            return regions == null ? List.of() : regions.regions();
        });
    }
}
