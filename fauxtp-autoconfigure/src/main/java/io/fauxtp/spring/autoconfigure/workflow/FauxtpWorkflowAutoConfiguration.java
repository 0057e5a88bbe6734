package io.fauxtp.spring.autoconfigure.workflow;

import io.fauxtp.effect.Handlers;
import io.fauxtp.process.Node;
import io.fauxtp.spring.autoconfigure.FauxtpAutoConfiguration;
import io.fauxtp.spring.autoconfigure.FauxtpSupervisionAutoConfiguration;
import io.fauxtp.spring.workflow.BehaviourHandlers;
import io.fauxtp.spring.workflow.SuspensionToTextConverter;
import io.fauxtp.spring.workflow.TextToSuspensionConverter;
import io.fauxtp.spring.workflow.WorkflowDatabase;
import io.fauxtp.spring.workflow.WorkflowEngineCustomizer;
import io.fauxtp.spring.workflow.WorkflowRuns;
import io.fauxtp.spring.workflow.internal.ComponentBeans;
import io.fauxtp.spring.workflow.internal.SuspensionSchema;
import io.fauxtp.text.TextCodec;
import io.fauxtp.workflow.Environment;
import io.fauxtp.workflow.JdbcSuspensionStore;
import io.fauxtp.workflow.SuspensionCodec;
import io.fauxtp.workflow.SuspensionStore;
import io.fauxtp.workflow.WorkflowEngine;
import io.fauxtp.workflow.WorkflowService;
import io.fauxtp.workflow.WorkflowSpec;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * Workflows and effects in a Spring application: {@code @Workflow} beans registered with a {@link WorkflowEngine},
 * effect handlers taken from the beans, a startup check that every requested effect is handled, suspensions
 * stored in the application's {@link DataSource} (or an embedded H2 file database when there is none), the
 * {@code Suspension} &harr; {@code String} converters, and {@link WorkflowRuns}, which runs each unfinished run
 * as a process from startup to shutdown. Off with {@code fauxtp.workflow.enabled=false}. Every bean backs off
 * when the application defines its own.
 */
@AutoConfiguration(after = { FauxtpAutoConfiguration.class, FauxtpSupervisionAutoConfiguration.class },
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(WorkflowEngine.class)
@ConditionalOnBooleanProperty(name = "fauxtp.workflow.enabled", matchIfMissing = true)
@ConditionalOnBean(Node.class)
@EnableConfigurationProperties(FauxtpWorkflowProperties.class)
public final class FauxtpWorkflowAutoConfiguration {

    private static final boolean H2_PRESENT = ClassUtils.isPresent("org.h2.jdbcx.JdbcConnectionPool",
            FauxtpWorkflowAutoConfiguration.class.getClassLoader());

    FauxtpWorkflowAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    SuspensionCodec fauxtpSuspensionCodec(ObjectProvider<TextCodec> types, ObjectProvider<Environment> environment) {
        return SuspensionCodec.of(types.getIfUnique(TextCodec::standard),
                environment.getIfUnique(Environment::empty));
    }

    @Bean
    @ConditionalOnMissingBean
    TextToSuspensionConverter fauxtpTextToSuspensionConverter(SuspensionCodec codec) {
        return new TextToSuspensionConverter(codec);
    }

    @Bean
    @ConditionalOnMissingBean
    SuspensionToTextConverter fauxtpSuspensionToTextConverter(SuspensionCodec codec) {
        return new SuspensionToTextConverter(codec);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    WorkflowDatabase fauxtpWorkflowDatabase(ObjectProvider<DataSource> dataSource,
            FauxtpWorkflowProperties properties) {
        DataSource application = dataSource.getIfUnique();
        if (application != null) {
            return WorkflowDatabase.of(application);
        }
        if (!H2_PRESENT) {
            throw new IllegalStateException("fauxtp workflows need a database for their suspensions: the "
                    + "application has no (single) DataSource bean and H2 is not on the class path. Define a "
                    + "DataSource (e.g. spring.datasource.url=jdbc:postgresql://...) or add the dependency "
                    + "com.h2database:h2 for the embedded default at fauxtp.workflow.store.h2-path, or switch "
                    + "workflows off with fauxtp.workflow.enabled=false");
        }
        return EmbeddedH2Database.open(properties.getStore().getH2Path());
    }

    @Bean
    @ConditionalOnMissingBean
    SuspensionStore fauxtpSuspensionStore(WorkflowDatabase database, SuspensionCodec codec,
            FauxtpWorkflowProperties properties, ObjectProvider<Clock> clock) {
        String table = properties.getStore().getTable();
        JdbcSuspensionStore store = new JdbcSuspensionStore(database.dataSource(), codec, table, clock(clock));
        SuspensionSchema.migrate(database.dataSource(), table);
        return store;
    }

    @Bean
    @ConditionalOnMissingBean
    Handlers fauxtpEffectHandlers(ListableBeanFactory beanFactory) {
        // Only what workflows request: behaviours are checked once every singleton exists (EffectHandlerCheck),
        // since a behaviour may itself depend on the workflow beans.
        Map<String, WorkflowSpec> workflows = ComponentBeans.workflows(beanFactory);
        return ComponentBeans.handlers(beanFactory, ComponentBeans.requested(workflows.values(), List.of()));
    }

    @Bean
    @ConditionalOnMissingBean
    BehaviourHandlers fauxtpBehaviourHandlers() {
        return new BehaviourHandlers();
    }

    @Bean
    static EffectHandlerCheck fauxtpEffectHandlerCheck(ListableBeanFactory beanFactory) {
        return new EffectHandlerCheck(beanFactory);
    }

    @Bean
    @ConditionalOnMissingBean
    WorkflowEngine fauxtpWorkflowEngine(ListableBeanFactory beanFactory, Handlers handlers,
            ObjectProvider<Environment> environment, ObjectProvider<Clock> clock,
            ObjectProvider<WorkflowEngineCustomizer> customizers) {
        WorkflowEngine.Builder builder = WorkflowEngine.builder()
                .handlers(handlers)
                .environment(environment.getIfUnique(Environment::empty))
                .clock(clock(clock));
        ComponentBeans.workflows(beanFactory).values().forEach(builder::register);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    WorkflowService fauxtpWorkflowService(WorkflowEngine engine, SuspensionStore store, ObjectProvider<Clock> clock) {
        return new WorkflowService(engine, store, clock(clock));
    }

    /** Off in cluster mode: there the member that holds the workflow lease runs them (fauxtp-cluster-hazelcast). */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "fauxtp.cluster.enabled", havingValue = false, matchIfMissing = true)
    WorkflowRuns fauxtpWorkflowRuns(Node node, WorkflowService service, ObjectProvider<Clock> clock) {
        return new WorkflowRuns(node, service, clock(clock));
    }

    /** The application's single {@link Clock} bean (a test's fixed clock), else the system UTC clock. */
    private static Clock clock(ObjectProvider<Clock> clock) {
        return clock.getIfUnique(Clock::systemUTC);
    }

}
