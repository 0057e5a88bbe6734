package io.fauxtp.cluster.hazelcast.autoconfigure;

import io.fauxtp.cluster.hazelcast.ClusterWorkflows;
import io.fauxtp.cluster.hazelcast.FauxtpCluster;
import io.fauxtp.cluster.hazelcast.ShardRegion;
import io.fauxtp.spring.autoconfigure.workflow.FauxtpWorkflowAutoConfiguration;
import io.fauxtp.spring.workflow.WorkflowDatabase;
import io.fauxtp.spring.workflow.WorkflowStoreConfigurationException;
import io.fauxtp.workflow.JdbcSuspensionStore;
import io.fauxtp.workflow.SuspensionStore;
import io.fauxtp.workflow.WorkflowEngine;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Workflows in cluster mode ({@code fauxtp.cluster.enabled=true}): the runs are spread over
 * {@code fauxtp.cluster.workflow-shards} shards, each run by the member holding the shard's SQL lease, its saves
 * fenced with the shard's token; when a member goes, the others take its shards and their unfinished runs over.
 * Starting and signalling runs goes through the {@link ClusterWorkflows} bean from any member.
 */
@AutoConfiguration(after = {FauxtpClusterAutoConfiguration.class, FauxtpWorkflowAutoConfiguration.class})
@ConditionalOnClass({WorkflowEngine.class, FauxtpCluster.class})
@ConditionalOnBooleanProperty(name = "fauxtp.cluster.enabled")
@ConditionalOnBean({FauxtpCluster.class, WorkflowEngine.class, SuspensionStore.class, WorkflowDatabase.class})
@EnableConfigurationProperties(FauxtpClusterProperties.class)
public final class FauxtpClusterWorkflowAutoConfiguration {

    FauxtpClusterWorkflowAutoConfiguration() {
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ClusterWorkflows fauxtpClusterWorkflows(FauxtpCluster cluster, WorkflowEngine engine, SuspensionStore store,
            WorkflowDatabase database, FauxtpClusterProperties properties) {
        if (!(store instanceof JdbcSuspensionStore jdbc)) {
            throw new IllegalStateException("in cluster mode (fauxtp.cluster.enabled=true) workflow suspensions must "
                    + "be in the SQL store shared by all members, but the SuspensionStore bean is a "
                    + store.getClass().getName() + ": remove it to use the auto-configured JdbcSuspensionStore, or "
                    + "define a JdbcSuspensionStore bean");
        }
        if (database.embedded() && !database.inMemory()) {
            throw new WorkflowStoreConfigurationException("In cluster mode (fauxtp.cluster.enabled=true) workflow runs "
                    + "are spread over the members, and their store must be the database all members share, "
                    + "but it is this member's own embedded H2 file (" + database.description() + ").",
                    "Set spring.datasource.url to the database all members share (PostgreSQL in production), or "
                            + "qualify its DataSource with @FauxtpDataSource, and remove fauxtp.workflow.store.h2-path.");
        }
        if (database.inMemory() && !properties.isInMemoryDatabaseAllowed()) {
            throw new WorkflowStoreConfigurationException("In cluster mode (fauxtp.cluster.enabled=true) workflow runs "
                    + "are spread over the members, but their store is an in-memory database ("
                    + database.description() + "): each member would have its own runs and lease table.",
                    "Set spring.datasource.url to the database all members share (PostgreSQL in production); "
                            + "fauxtp.cluster.in-memory-database-allowed=true is for tests whose members share one "
                            + "JVM.");
        }
        int shards = properties.getWorkflowShards();
        if (shards < 1 || shards > 100_000) {
            throw new IllegalStateException("fauxtp.cluster.workflow-shards must be between 1 and 100000, got "
                    + shards + ": set it to about ten shards per member or more (the default is 64)");
        }
        ShardRegion.Options options = ShardRegion.Options.defaults().withShards(shards)
                .withLease(properties.getSingletonLease()).withExpectedMembers(properties.getExpectedMembers())
                .withTable(properties.getSingletonTable()).withCallTimeout(properties.getWorkflowCallTimeout());
        return ClusterWorkflows.start(cluster, engine, jdbc, database.dataSource(), options);
    }
}
