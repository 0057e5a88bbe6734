package io.fauxtp.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import io.fauxtp.cluster.hazelcast.actuate.ClusterEndpoint;
import io.fauxtp.cluster.hazelcast.autoconfigure.FauxtpClusterAutoConfiguration;
import io.fauxtp.cluster.hazelcast.autoconfigure.HazelcastSingletonTrees;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.ProcessContext;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.spring.autoconfigure.FauxtpAutoConfiguration;
import io.fauxtp.spring.autoconfigure.FauxtpSupervisionAutoConfiguration;
import io.fauxtp.spring.workflow.WorkflowRuns;
import io.fauxtp.workflow.Await;
import io.fauxtp.workflow.StoredSuspension;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.SuspensionStore;
import io.fauxtp.workflow.WorkflowDefinition;
import io.fauxtp.workflow.WorkflowSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.ObjectProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Two Spring Boot applications in one JVM, joined by the auto-configuration, sharing an H2 database. */
class ClusterAutoConfigurationTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private final List<ConfigurableApplicationContext> apps = new java.util.ArrayList<>();

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
        @Bean
        Config hazelcastConfig(@Value("${test.cluster}") String cluster) {
            return TestClusters.config(cluster);
        }

        @Bean
        GenServer<Long> counter() {
            return new GlobalNamesAndRemoteCallTest.Counter();
        }

        @Bean
        AtomicLong tokenSeenAtStart() {
            return new AtomicLong();
        }

        /** A worker of the yml tree that takes its fencing token and a fenced global name in its init. */
        @Bean
        GenServer<Long> fencedJob(ObjectProvider<HazelcastSingletonTrees> trees, AtomicLong tokenSeenAtStart) {
            return new GenServer<>() {
                @Override
                public Long init(Object args) {
                    ClusterSingleton jobs = trees.getObject().singleton("jobs").orElseThrow();
                    long token = jobs.status().token();
                    jobs.registerName("jobs-fenced", ProcessContext.current().self(), token);
                    tokenSeenAtStart.set(token);
                    return token;
                }
            };
        }

        @Bean
        WorkflowSpec order() {
            WorkflowDefinition<String, String> awaitShipping = (ctx, id) -> id + "/" + ctx.awaitSignal("shipped", String.class);
            return WorkflowSpec.of("order", 1, awaitShipping);
        }
    }

    /** A store of the application's own, not the SQL one the members share. */
    @Configuration(proxyBeanMethods = false)
    static class OwnSuspensionStore {
        @Bean
        SuspensionStore ownStore() {
            return new SuspensionStore() {
                @Override
                public void save(Suspension suspension) {}

                @Override
                public Optional<Suspension> find(String id) {
                    return Optional.empty();
                }

                @Override
                public List<StoredSuspension> list() {
                    return List.of();
                }

                @Override
                public List<StoredSuspension> pending() {
                    return List.of();
                }

                @Override
                public boolean delete(String id) {
                    return false;
                }
            };
        }
    }

    @AfterEach
    void close() {
        apps.forEach(ConfigurableApplicationContext::close);
    }

    private ConfigurableApplicationContext start(String cluster, String database) {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties("test.cluster=" + cluster,
                        "spring.datasource.url=jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1",
                        "fauxtp.cluster.enabled=true",
                        // The members share this JVM's in-memory database: allowed for tests only.
                        "fauxtp.workflow.store.in-memory=true",
                        "fauxtp.cluster.in-memory-database-allowed=true",
                        "fauxtp.cluster.expected-members=1",
                        "fauxtp.cluster.singleton-lease=3s",
                        "fauxtp.supervisors.jobs.singleton=true",
                        "fauxtp.supervisors.jobs.children[0].gen-server=counter",
                        "fauxtp.supervisors.jobs.children[0].name=jobs-counter",
                        "fauxtp.supervisors.jobs.children[1].gen-server=fencedJob",
                        "management.endpoints.web.exposure.include=cluster")
                .run();
        apps.add(app);
        return app;
    }

    private static Optional<Pid> localCounter(ConfigurableApplicationContext app) {
        return app.getBean(Node.class).registry().whereis("jobs-counter");
    }

    @Test
    void clusterModeRefusesAnInMemoryDatabaseNamingTheProperty() {
        SpringApplicationBuilder app = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties("test.cluster=fauxtp-spring-" + UUID.randomUUID(),
                        "spring.datasource.url=jdbc:h2:mem:forgotten-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        "fauxtp.workflow.store.in-memory=true",   // the store alone would accept it
                        "fauxtp.cluster.enabled=true",
                        "fauxtp.cluster.expected-members=1");
        org.assertj.core.api.Assertions.assertThatThrownBy(app::run)
                .rootCause()
                .hasMessageContaining("in-memory database")
                .hasMessageContaining("Set spring.datasource.url to the database all members share");
    }

    @Test
    void aNumberOfWorkflowShardsOutOfRangeFailsTheStartNamingTheProperty() {
        SpringApplicationBuilder app = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties("test.cluster=fauxtp-spring-" + UUID.randomUUID(),
                        "spring.datasource.url=jdbc:h2:mem:shards-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        "fauxtp.workflow.store.in-memory=true",
                        "fauxtp.cluster.in-memory-database-allowed=true",
                        "fauxtp.cluster.enabled=true",
                        "fauxtp.cluster.workflow-shards=0");
        org.assertj.core.api.Assertions.assertThatThrownBy(app::run)
                .rootCause()
                .hasMessageContaining("fauxtp.cluster.workflow-shards must be between 1 and 100000, got 0");
    }

    @Test
    void clusterModeRefusesAWorkflowStoreInTheMembersOwnH2File() {
        SpringApplicationBuilder app = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties("test.cluster=fauxtp-spring-" + UUID.randomUUID(),
                        "fauxtp.workflow.store.h2-path=target/cluster-own-h2-" + UUID.randomUUID(),
                        "fauxtp.cluster.enabled=true",
                        "fauxtp.cluster.expected-members=1");
        org.assertj.core.api.Assertions.assertThatThrownBy(app::run)
                .rootCause()
                .hasMessageContaining("this member's own embedded H2 file")
                .hasMessageContaining("Set spring.datasource.url to the database all members share");
    }

    @Test
    void clusterModeRefusesASuspensionStoreThatIsNotTheSharedSqlOne() {
        SpringApplicationBuilder app = new SpringApplicationBuilder(App.class, OwnSuspensionStore.class)
                .web(WebApplicationType.NONE)
                .properties("test.cluster=fauxtp-spring-" + UUID.randomUUID(),
                        "spring.datasource.url=jdbc:h2:mem:own-store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        "fauxtp.workflow.store.in-memory=true",
                        "fauxtp.cluster.enabled=true",
                        "fauxtp.cluster.in-memory-database-allowed=true",
                        "fauxtp.cluster.expected-members=1");
        org.assertj.core.api.Assertions.assertThatThrownBy(app::run)
                .rootCause()
                .hasMessageContaining("the SuspensionStore bean is a")
                .hasMessageContaining("remove it to use the auto-configured JdbcSuspensionStore");
    }

    @Test
    void twoApplicationsShareOneSingletonTreeAndCallAcrossMembers() {
        String cluster = "fauxtp-spring-" + UUID.randomUUID();
        String database = "apps-" + UUID.randomUUID();
        ConfigurableApplicationContext a = start(cluster, database);
        ConfigurableApplicationContext b = start(cluster, database);
        assertThat(a.getBean(Node.class)).isSameAs(a.getBean(FauxtpCluster.class).node());
        assertThat(a.getBean(Node.class).id()).isNotEqualTo(b.getBean(Node.class).id())
                .isGreaterThanOrEqualTo(FauxtpCluster.FIRST_NODE_ID);
        await().atMost(WAIT).until(() -> localCounter(a).isPresent() != localCounter(b).isPresent());

        ConfigurableApplicationContext owner = localCounter(a).isPresent() ? a : b;
        ConfigurableApplicationContext other = owner == a ? b : a;
        Pid counter = localCounter(owner).orElseThrow();
        FauxtpCluster otherCluster = other.getBean(FauxtpCluster.class);
        otherCluster.cast(counter, 5L);
        assertThat(otherCluster.<Long>call(counter, "count", WAIT)).isEqualTo(5L);

        ClusterEndpoint.ClusterView view = other.getBean(ClusterEndpoint.class).cluster();
        assertThat(view.members()).hasSize(2);
        assertThat(view.singletons()).singleElement().satisfies(tree -> {
            assertThat(tree.name()).isEqualTo("jobs");
            assertThat(tree.owner()).isEqualTo(owner.getBean(FauxtpCluster.class).localMember());
            assertThat(tree.runningHere()).isFalse();
        });
        owner.getBean(FauxtpCluster.class).register("jobs-counter", counter);
        assertThat(other.getBean(ClusterEndpoint.class).cluster().globalNames())
                .containsEntry("jobs-counter", counter.toString());

        // The yml tree's processes got the fencing token of the copy in their init, and took a fenced global name.
        long firstToken = owner.getBean(HazelcastSingletonTrees.class).singleton("jobs").orElseThrow().status().token();
        assertThat(owner.getBean("tokenSeenAtStart", AtomicLong.class).get()).isPositive().isEqualTo(firstToken);
        await().atMost(WAIT).until(() -> otherCluster.whereis("jobs-fenced")
                .map(pid -> pid.node() == owner.getBean(Node.class).id()).orElse(false));

        owner.close();   // a graceful stop gives the lease up: the other member starts the tree at once
        await().atMost(WAIT).until(() -> localCounter(other).isPresent());
        assertThat(GenServer.<Long>call(localCounter(other).orElseThrow(), "count")).isZero();
        await().atMost(WAIT).until(() -> other.getBean("tokenSeenAtStart", AtomicLong.class).get() > firstToken);
    }

    @Test
    void workflowRunsRunOnTheOwnerOfTheirShardAndAreStartedFromAnyMember() {
        String cluster = "fauxtp-spring-" + UUID.randomUUID();
        String database = "apps-" + UUID.randomUUID();
        ConfigurableApplicationContext a = start(cluster, database);
        ConfigurableApplicationContext b = start(cluster, database);
        assertThat(a.getBeanProvider(WorkflowRuns.class).getIfAvailable()).as("no local-only runner in cluster mode")
                .isNull();
        ClusterWorkflows workflowsOfA = a.getBean(ClusterWorkflows.class);
        await().atMost(WAIT).until(() -> workflowsOfA.region().allocation().size() == 2);
        UUID ownerId = workflowsOfA.region().ownerOf("o-7");
        ConfigurableApplicationContext owner = a.getBean(FauxtpCluster.class).localMember().equals(ownerId) ? a : b;
        ConfigurableApplicationContext other = owner == a ? b : a;

        Suspension started = other.getBean(ClusterWorkflows.class).start("order", "o-7", "o-7");
        assertThat(started.awaiting()).isEqualTo(new Await.Signal("shipped"));
        assertThat(owner.getBean(ClusterWorkflows.class).region().stats().entities()).isEqualTo(1);
        assertThat(other.getBean(ClusterWorkflows.class).region().stats().entities()).isZero();

        Suspension done = other.getBean(ClusterWorkflows.class).signal("o-7", "shipped", "T-7");
        assertThat(done.status()).isEqualTo(Suspension.Status.COMPLETED);
        assertThat(done.result()).isEqualTo("o-7/T-7");
    }

    @Test
    void withoutTheClusterPropertyTheNodeStaysLocal() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FauxtpClusterAutoConfiguration.class,
                        FauxtpAutoConfiguration.class, FauxtpSupervisionAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).doesNotHaveBean(FauxtpCluster.class).hasSingleBean(Node.class);
                    assertThat(context.getBean(Node.class).id()).isLessThan(FauxtpCluster.FIRST_NODE_ID);
                });
    }
}
