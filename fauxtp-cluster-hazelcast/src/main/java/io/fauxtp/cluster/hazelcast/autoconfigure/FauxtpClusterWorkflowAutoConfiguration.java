package io.fauxtp.cluster.hazelcast.autoconfigure;

import io.fauxtp.cluster.hazelcast.ClusterSingleton;
import io.fauxtp.cluster.hazelcast.ClusterWorkflows;
import io.fauxtp.cluster.hazelcast.FauxtpCluster;
import io.fauxtp.spring.autoconfigure.workflow.FauxtpWorkflowAutoConfiguration;
import io.fauxtp.spring.workflow.WorkflowDatabase;
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
 * Workflows in cluster mode ({@code fauxtp.cluster.enabled=true}): instead of every member running every
 * unfinished run, the member holding the SQL lease {@value ClusterWorkflows#SINGLETON} runs them, its saves
 * fenced with the lease token; the next holder takes them over. Starting and signalling runs goes through the
 * {@link ClusterWorkflows} bean from any member.
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
        ClusterSingleton.Options options = new ClusterSingleton.Options(properties.getSingletonLease(),
                properties.getExpectedMembers(), properties.getSingletonTable());
        return ClusterWorkflows.start(cluster, engine, jdbc, database.dataSource(), options,
                properties.getWorkflowCallTimeout());
    }
}
