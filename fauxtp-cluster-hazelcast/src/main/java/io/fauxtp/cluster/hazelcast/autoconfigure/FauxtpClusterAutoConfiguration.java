package io.fauxtp.cluster.hazelcast.autoconfigure;

import com.hazelcast.core.HazelcastInstance;
import io.fauxtp.cluster.hazelcast.ClusterSingleton;
import io.fauxtp.cluster.hazelcast.FauxtpCluster;
import io.fauxtp.process.Node;
import io.fauxtp.spring.autoconfigure.FauxtpAutoConfiguration;
import io.fauxtp.spring.autoconfigure.FauxtpProperties;
import io.fauxtp.spring.autoconfigure.SingletonTreeHost;
import io.fauxtp.text.TextCodec;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Joins the fauxtp node to a cluster over the {@link HazelcastInstance} that Spring Boot's Hazelcast
 * auto-configuration creates, when {@code fauxtp.cluster.enabled=true}: the {@link Node} bean then has a
 * cluster-unique id and reaches other members, a {@link FauxtpCluster} bean gives global names and remote
 * call/cast, and root trees marked {@code singleton} run on one member at a time (leases in the
 * application's {@link DataSource}).
 */
@AutoConfiguration(before = FauxtpAutoConfiguration.class,
        afterName = {"org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"})
@ConditionalOnClass({HazelcastInstance.class, Node.class})
@ConditionalOnBooleanProperty(name = "fauxtp.cluster.enabled")
@EnableConfigurationProperties({FauxtpClusterProperties.class, FauxtpProperties.class})
public final class FauxtpClusterAutoConfiguration {

    FauxtpClusterAutoConfiguration() {
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    FauxtpCluster fauxtpCluster(ObjectProvider<HazelcastInstance> hazelcast, FauxtpProperties properties,
            ObjectProvider<TextCodec> textCodec) {
        HazelcastInstance instance = hazelcast.getIfAvailable();
        if (instance == null) {
            throw new IllegalStateException("fauxtp.cluster.enabled=true needs a HazelcastInstance: add "
                    + "org.springframework.boot:spring-boot-hazelcast and a com.hazelcast.config.Config bean or a "
                    + "hazelcast.yaml, or set fauxtp.cluster.enabled=false");
        }
        return FauxtpCluster.join(instance, properties.getNodeName(), textCodec.getIfAvailable(TextCodec::standard));
    }

    /** The node of the cluster member; closed by the {@link FauxtpCluster} bean. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    Node fauxtpNode(FauxtpCluster cluster) {
        return cluster.node();
    }

    @Bean
    @ConditionalOnMissingBean(SingletonTreeHost.class)
    HazelcastSingletonTrees fauxtpSingletonTrees(FauxtpCluster cluster, ObjectProvider<DataSource> dataSource,
            FauxtpClusterProperties properties) {
        ClusterSingleton.Options options = new ClusterSingleton.Options(properties.getSingletonLease(),
                properties.getExpectedMembers(), properties.getSingletonTable());
        return new HazelcastSingletonTrees(cluster, dataSource, options, properties.isInMemoryDatabaseAllowed());
    }
}
