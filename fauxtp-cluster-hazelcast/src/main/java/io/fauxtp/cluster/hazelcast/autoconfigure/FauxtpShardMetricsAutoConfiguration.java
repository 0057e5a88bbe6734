package io.fauxtp.cluster.hazelcast.autoconfigure;

import io.fauxtp.cluster.hazelcast.ShardRegions;
import io.fauxtp.cluster.hazelcast.actuate.ShardMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The meters of the sharded types ({@link ShardMetrics}), when Micrometer is on the class path. */
@AutoConfiguration(after = FauxtpShardAutoConfiguration.class)
@ConditionalOnClass({MeterBinder.class, ShardRegions.class})
@ConditionalOnBean(ShardRegions.class)
public final class FauxtpShardMetricsAutoConfiguration {

    FauxtpShardMetricsAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    ShardMetrics fauxtpShardMetrics(ShardRegions regions) {
        return new ShardMetrics(regions);
    }
}
