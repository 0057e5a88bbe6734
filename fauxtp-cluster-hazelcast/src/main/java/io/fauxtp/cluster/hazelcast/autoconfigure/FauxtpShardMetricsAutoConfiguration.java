package io.fauxtp.cluster.hazelcast.autoconfigure;

import io.fauxtp.cluster.hazelcast.ClusterWorkflows;
import io.fauxtp.cluster.hazelcast.ShardRegions;
import io.fauxtp.cluster.hazelcast.actuate.ShardMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * The meters of the sharded types ({@link ShardMetrics}), when Micrometer is on the class path: those of
 * {@code fauxtp.shards.*} and, in cluster mode with workflows, the shards of the workflow runs
 * ({@value ClusterWorkflows#SHARD_TYPE}).
 */
@AutoConfiguration(after = {FauxtpShardAutoConfiguration.class, FauxtpClusterWorkflowAutoConfiguration.class})
@ConditionalOnClass({MeterBinder.class, ShardRegions.class})
@Conditional(FauxtpShardMetricsAutoConfiguration.OnShardedTypes.class)
public final class FauxtpShardMetricsAutoConfiguration {

    FauxtpShardMetricsAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    ShardMetrics fauxtpShardMetrics(ObjectProvider<ShardRegions> shards, ObjectProvider<ClusterWorkflows> workflows) {
        return new ShardMetrics(FauxtpClusterEndpointAutoConfiguration.shardedTypes(shards, workflows));
    }

    /** Sharded GenServers ({@code fauxtp.shards.*}) or workflow runs spread over the members. */
    static final class OnShardedTypes extends AnyNestedCondition {

        OnShardedTypes() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(ShardRegions.class)
        static final class ShardedGenServers {
        }

        @ConditionalOnBean(ClusterWorkflows.class)
        static final class WorkflowRuns {
        }
    }
}
