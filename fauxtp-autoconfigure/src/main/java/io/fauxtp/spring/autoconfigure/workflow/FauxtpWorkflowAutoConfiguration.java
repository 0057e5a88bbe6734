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
import io.fauxtp.spring.workflow.WorkflowStoreConfigurationException;
import io.fauxtp.spring.workflow.FauxtpDataSource;
import io.fauxtp.spring.workflow.internal.ComponentBeans;
import io.fauxtp.text.TextCodec;
import io.fauxtp.workflow.Environment;
import io.fauxtp.workflow.JdbcSuspensionStore;
import io.fauxtp.workflow.SuspensionCodec;
import io.fauxtp.workflow.SuspensionStore;
import io.fauxtp.workflow.SuspensionStoreException;
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
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Workflows and effects in a Spring application: {@code @Workflow} beans registered with a {@link WorkflowEngine},
 * effect handlers taken from the beans, a startup check that every requested effect is handled, suspensions
 * stored in the application's {@link DataSource} (the {@link FauxtpDataSource} one, else its only or primary one;
 * an embedded H2 file database when there is none, or when {@code fauxtp.workflow.store.h2-path} says so), the
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
@Import(DatabaseInitializationDependencyConfigurer.class)
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
    WorkflowDatabase fauxtpWorkflowDatabase(@FauxtpDataSource ObjectProvider<DataSource> qualified,
            ObjectProvider<DataSource> dataSources, FauxtpWorkflowProperties properties) {
        FauxtpWorkflowProperties.Store store = properties.getStore();
        if (StringUtils.hasText(store.getH2Path())) {
            requireH2("fauxtp.workflow.store.h2-path");
            return EmbeddedH2Database.open(store.getH2Path());
        }
        DataSource chosen = qualified.getIfAvailable();
        if (chosen != null) {
            return WorkflowDatabase.of(chosen);   // qualifying it is asking for it, in memory or not
        }
        chosen = dataSources.getIfUnique();
        if (chosen == null && dataSources.stream().findAny().isPresent()) {
            throw new WorkflowStoreConfigurationException("fauxtp workflows need one database for their runs, and the "
                    + "application has several DataSource beans, none of them @Primary or @FauxtpDataSource.",
                    "Qualify the DataSource the workflow store should use with @FauxtpDataSource (or make one "
                            + "@Primary), or set fauxtp.workflow.store.h2-path to keep runs in an embedded H2 file.");
        }
        if (chosen != null) {
            WorkflowDatabase database = WorkflowDatabase.of(chosen);
            if (database.inMemory() && !store.isInMemory()) {
                throw new WorkflowStoreConfigurationException("The application's only DataSource is an in-memory "
                        + "database (" + database.description() + "): workflow runs stored there would be lost "
                        + "when the application stops, so fauxtp does not store them there unasked.",
                        "Point spring.datasource.url at a durable database, set fauxtp.workflow.store.h2-path to "
                                + "keep runs in an embedded H2 file, or, to keep them in memory (tests), set "
                                + "fauxtp.workflow.store.in-memory=true or qualify that DataSource with "
                                + "@FauxtpDataSource.");
            }
            return database;
        }
        if (store.isInMemory()) {
            requireH2("fauxtp.workflow.store.in-memory=true without a DataSource");
            return EmbeddedH2Database.openInMemory();
        }
        requireH2("a workflow store without a DataSource");
        return EmbeddedH2Database.open(FauxtpWorkflowProperties.Store.DEFAULT_H2_PATH);
    }

    private static void requireH2(String what) {
        if (!H2_PRESENT) {
            throw new WorkflowStoreConfigurationException("fauxtp workflows need a database for their runs: "
                    + what + " uses an embedded H2 database, and H2 is not on the class path.",
                    "Add the dependency com.h2database:h2, define a DataSource (e.g. spring.datasource.url="
                            + "jdbc:postgresql://...), or switch workflows off with fauxtp.workflow.enabled=false.");
        }
    }

    /**
     * The store, after the database's migrations (Flyway, Liquibase, SQL init scripts:
     * {@link DependsOnDatabaseInitialization}). In the caller's Spring transaction its saves join it.
     */
    @Bean
    @ConditionalOnMissingBean
    @DependsOnDatabaseInitialization
    SuspensionStore fauxtpSuspensionStore(WorkflowDatabase database, SuspensionCodec codec,
            FauxtpWorkflowProperties properties, ObjectProvider<Clock> clock) {
        FauxtpWorkflowProperties.Store store = properties.getStore();
        JdbcSuspensionStore.Builder builder = (!database.embedded() && SpringTransactions.PRESENT)
                ? SpringTransactions.joining(database.dataSource(), codec)
                : JdbcSuspensionStore.builder(database.dataSource(), codec);
        builder.table(store.getTable())
                .clock(clock(clock))
                .createTables(createsTables(store.getInitializeSchema(), database));
        try {
            return builder.build();
        }
        catch (SuspensionStoreException ex) {
            throw new WorkflowStoreConfigurationException("The workflow store cannot start: " + ex.getMessage()
                    + ".", "Set fauxtp.workflow.store.initialize-schema=always to let fauxtp create or migrate its "
                            + "tables (now " + store.getInitializeSchema().name().toLowerCase(java.util.Locale.ROOT)
                            + "), or apply the shipped script in a Flyway or Liquibase migration; a newer schema "
                            + "needs the newer fauxtp release.");
        }
    }

    private static boolean createsTables(DatabaseInitializationMode mode, WorkflowDatabase database) {
        return switch (mode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case EMBEDDED -> database.embedded() || database.inMemory();
        };
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
    WorkflowRuns fauxtpWorkflowRuns(Node node, WorkflowService service, ObjectProvider<Clock> clock,
            FauxtpWorkflowProperties properties) {
        return new WorkflowRuns(node, service, clock(clock), properties.getSignalSteps());
    }

    /** The application's single {@link Clock} bean (a test's fixed clock), else the system UTC clock. */
    private static Clock clock(ObjectProvider<Clock> clock) {
        return clock.getIfUnique(Clock::systemUTC);
    }

}
