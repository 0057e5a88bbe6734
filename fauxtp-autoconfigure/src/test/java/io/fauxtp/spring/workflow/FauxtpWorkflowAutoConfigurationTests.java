package io.fauxtp.spring.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.effect.Effects;
import io.fauxtp.effect.Handlers;
import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.Node;
import io.fauxtp.spring.autoconfigure.FauxtpAutoConfiguration;
import io.fauxtp.spring.autoconfigure.FauxtpSupervisionAutoConfiguration;
import io.fauxtp.spring.autoconfigure.workflow.FauxtpWorkflowAutoConfiguration;
import io.fauxtp.testkit.OrderFixture.Calls;
import io.fauxtp.testkit.OrderFixture.CountingPayments;
import io.fauxtp.testkit.OrderFixture.CountingWarehouse;
import io.fauxtp.testkit.OrderFixture.OrderWorkflow;
import io.fauxtp.testkit.OrderFixture.Payments;
import io.fauxtp.testkit.OrderFixture.Warehouse;
import io.fauxtp.workflow.JdbcSuspensionStore;
import io.fauxtp.workflow.SuspensionCodec;
import io.fauxtp.workflow.SuspensionStore;
import io.fauxtp.workflow.WorkflowEngine;
import io.fauxtp.workflow.WorkflowService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

/** The beans of the workflow auto-configuration, when they back off, and the startup check of effects. */
class FauxtpWorkflowAutoConfigurationTests {

    @TempDir
    Path dir;

    private final Calls calls = new Calls();

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FauxtpAutoConfiguration.class,
                        FauxtpSupervisionAutoConfiguration.class, FauxtpWorkflowAutoConfiguration.class))
                .withPropertyValues("fauxtp.workflow.store.h2-path=" + this.dir.resolve("workflows"))
                .withUserConfiguration(Shop.ShopTypes.class);
    }

    /** Without fauxtp.workflow.store.h2-path, which would win over the application's DataSource. */
    private ApplicationContextRunner runnerWithDataSource(DataSource dataSource) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FauxtpAutoConfiguration.class,
                        FauxtpSupervisionAutoConfiguration.class, FauxtpWorkflowAutoConfiguration.class))
                .withUserConfiguration(Shop.ShopTypes.class)
                // Unsets the build's h2-path (a system property keeping test files under target/), which would win.
                .withPropertyValues("fauxtp.workflow.store.initialize-schema=always", "fauxtp.workflow.store.h2-path=")
                .withBean(DataSource.class, () -> dataSource);
    }

    @Test
    void withoutADataSourceTheStoreIsAnEmbeddedH2FileAtTheConfiguredPath() {
        runner().run(context -> {
            assertThat(context).hasSingleBean(WorkflowEngine.class).hasSingleBean(WorkflowService.class)
                    .hasSingleBean(WorkflowRuns.class).hasSingleBean(TextToSuspensionConverter.class)
                    .hasSingleBean(SuspensionToTextConverter.class).hasSingleBean(SuspensionCodec.class);
            assertThat(context.getBean(SuspensionStore.class)).isInstanceOf(JdbcSuspensionStore.class);
            assertThat(context.getBean(WorkflowDatabase.class).description()).contains("H2",
                    this.dir.resolve("workflows").toString());
            assertThat(this.dir.resolve("workflows.mv.db")).exists();
            assertThat(context.getBean(WorkflowRuns.class).isRunning()).isTrue();
        });
    }

    @Test
    void theApplicationsDataSourceHoldsTheStoreInTheConfiguredTable() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:" + this.dir.resolve("app") + ";DB_CLOSE_DELAY=0");
        runnerWithDataSource(dataSource)
                .withPropertyValues("fauxtp.workflow.store.table=my_runs")
                .run(context -> {
                    assertThat(context.getBean(WorkflowDatabase.class).dataSource()).isSameAs(dataSource);
                    try (var connection = dataSource.getConnection();
                            var tables = connection.getMetaData().getTables(null, null, "MY_RUNS", null)) {
                        assertThat(tables.next()).as("table my_runs created on startup").isTrue();
                    }
                });
        assertThat(Files.exists(this.dir.resolve("workflows.mv.db"))).as("no embedded database opened").isFalse();
    }

    @Test
    void aTableOfTheSameNameThatIsNotASuspensionTableStopsStartupNamingItsMissingColumns() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:" + this.dir.resolve("app"));
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (id VARCHAR(20) PRIMARY KEY, body TEXT)");
        }
        runnerWithDataSource(dataSource)
                .withPropertyValues("fauxtp.workflow.store.table=orders")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(
                            "table 'orders'").hasMessageContaining("is not a fauxtp suspension table")
                            .hasMessageContaining("awaiting").hasMessageContaining("workflow");
                });
    }

    @Test
    void theStoresTableGetsItsIndexOfUnfinishedRunsOnStartup() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:" + this.dir.resolve("app"));
        runnerWithDataSource(dataSource).run(context -> {
            try (var connection = dataSource.getConnection();
                    var indexes = connection.getMetaData().getIndexInfo(null, null, "FAUXTP_SUSPENSION", false,
                            false)) {
                List<String> names = new java.util.ArrayList<>();
                while (indexes.next()) {
                    names.add(indexes.getString("INDEX_NAME"));
                }
                assertThat(names).contains("FAUXTP_SUSPENSION_UNFINISHED");
            }
        });
    }

    @Test
    void everyBeanBacksOffWhenTheApplicationDefinesItsOwn() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:own;DB_CLOSE_DELAY=-1");
        SuspensionCodec codec = SuspensionCodec.standard();
        SuspensionStore own = new JdbcSuspensionStore(dataSource, codec);
        runner().withBean(SuspensionStore.class, () -> own).withBean(SuspensionCodec.class, () -> codec)
                .run(context -> {
                    assertThat(context.getBean(SuspensionStore.class)).isSameAs(own);
                    assertThat(context.getBean(SuspensionCodec.class)).isSameAs(codec);
                });
    }

    @Test
    void switchedOffWithTheEnabledProperty() {
        runner().withPropertyValues("fauxtp.workflow.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(WorkflowEngine.class).doesNotHaveBean(SuspensionStore.class)
                    .doesNotHaveBean(WorkflowRuns.class);
        });
    }

    @Test
    void workflowBeansAreRegisteredAndBeansImplementingTheirEffectsAreTheHandlers() {
        runner().withBean(OrderWorkflow.class)
                .withBean("warehouse", CountingWarehouse.class, () -> new CountingWarehouse(this.calls))
                .withBean("payments", CountingPayments.class, () -> new CountingPayments(this.calls))
                .run(context -> {
                    WorkflowEngine engine = context.getBean(WorkflowEngine.class);
                    assertThat(engine.workflows()).extracting(spec -> spec.name()).containsExactly("order");
                    assertThat(engine.handlers().handlers()).extracting(EffectHandler::id)
                            .containsExactlyInAnyOrder("warehouse", "payments");
                });
    }

    @Test
    void aWorkflowBeanBehindACglibProxyIsRegisteredFromItsTarget() {
        runner().withUserConfiguration(ProxiedWorkflowConfiguration.class)
                .withBean("warehouse", CountingWarehouse.class, () -> new CountingWarehouse(this.calls))
                .withBean("payments", CountingPayments.class, () -> new CountingPayments(this.calls))
                .run(context -> {
                    assertThat(org.springframework.aop.support.AopUtils.isCglibProxy(context.getBean("order")))
                            .isTrue();
                    assertThat(context.getBean(WorkflowEngine.class).workflows()).singleElement()
                            .satisfies(spec -> assertThat(spec.definition()).isExactlyInstanceOf(OrderWorkflow.class));
                });
    }

    @Test
    void aPrimaryHandlerBeanReplacesAnotherAsATestConfigurationWould() {
        runner().withBean(OrderWorkflow.class)
                .withBean("warehouse", CountingWarehouse.class, () -> new CountingWarehouse(this.calls))
                .withBean("payments", CountingPayments.class, () -> new CountingPayments(this.calls))
                .withUserConfiguration(FakePaymentsConfiguration.class)
                .run(context -> {
                    Handlers handlers = context.getBean(WorkflowEngine.class).handlers();
                    assertThat(handlers.lookup(Payments.class)).get().extracting(EffectHandler::id)
                            .isEqualTo("fakePayments");
                    assertThat(handlers.lookup(Payments.class).orElseThrow().implementation().charge("x", 1))
                            .isEqualTo("fake");
                });
    }

    @Test
    void twoHandlerBeansWithoutAPrimaryFailWithBothNames() {
        runner().withBean(OrderWorkflow.class)
                .withBean("warehouse", CountingWarehouse.class, () -> new CountingWarehouse(this.calls))
                .withBean("payments", CountingPayments.class, () -> new CountingPayments(this.calls))
                .withBean("otherPayments", CountingPayments.class, () -> new CountingPayments(this.calls))
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains(Payments.class.getName(), "payments",
                            "otherPayments");
                    assertThat(analysis.getAction()).contains("@Primary");
                });
    }

    @Test
    void aWorkflowRequestingAnEffectWithoutAHandlerFailsAtStartupNamingBoth() {
        runner().withBean(OrderWorkflow.class)
                .withBean("warehouse", CountingWarehouse.class, () -> new CountingWarehouse(this.calls))
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("workflow 'order'", Payments.class.getName());
                    assertThat(analysis.getDescription()).doesNotContain(Warehouse.class.getName());
                    assertThat(analysis.getAction()).contains("Declare a bean implementing each of " + Payments.class.getName());
                });
    }

    @Test
    void aProxiedGenServerWhoseRequestHasNoHandlerFailsAtStartupNamingTheBehaviourAndTheEffect() {
        runner().withUserConfiguration(ProxiedCheckoutConfiguration.class).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("GenServer 'checkout'", Payments.class.getName(),
                    "Checkout.payments");
        });
    }

    @Test
    void aProxiedGenServerWhoseRequestIsHandledStarts() {
        runner().withUserConfiguration(ProxiedCheckoutConfiguration.class)
                .withBean("payments", CountingPayments.class, () -> new CountingPayments(this.calls))
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aTreeBehaviourReachesItsEffectThroughTheHandlerBeanInItsOwnProcess() {
        runner().withBean("cashier", Cashier.class)
                .withBean("payments", CountingPayments.class, () -> new CountingPayments(this.calls))
                .withPropertyValues("fauxtp.supervisors.shop.children[0].gen-server=cashier",
                        "fauxtp.supervisors.shop.children[0].name=cashier")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Object receipt = GenServer.call(context.getBean(Node.class), "cashier", "charge");
                    assertThat(receipt).isEqualTo("P-ann-5");
                    assertThat(this.calls.charges).hasValue(1);
                });
    }

    private static FailureAnalysis analyze(Throwable failure) {
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
                .load(FailureAnalyzer.class, FailureHandler.handleMessage((message, ex) -> {
                    // analyzers needing a bean factory are not ours: skip them
                }));
        return analyzers.stream().map(analyzer -> analyzer.analyze(failure)).filter(a -> a != null).findFirst()
                .orElseThrow(() -> new AssertionError("no analyzer explains " + failure));
    }

    @Configuration(proxyBeanMethods = false)
    static class FakePaymentsConfiguration {

        @Bean
        @Primary
        Payments fakePayments() {
            return (customer, cents) -> "fake";
        }

    }

    /** A behaviour holding an effect request, as a GenServer bean behind a CGLIB proxy. */
    static class Checkout implements GenServer<Integer> {

        final Payments payments = Effects.request(Payments.class, "Checkout.payments");

        @Override
        public Integer init(Object args) {
            return 0;
        }

    }

    /** A tree behaviour that charges through its Payments request on every call. */
    static class Cashier implements GenServer<Integer> {

        private final Payments payments = Effects.request(Payments.class, "Cashier.payments");

        @Override
        public Integer init(Object args) {
            return 0;
        }

        @Override
        public CallResult<Integer> handleCall(Object request, From from, Integer state) {
            return CallResult.reply(this.payments.charge("ann", 5), state + 1);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ProxiedWorkflowConfiguration {

        @Bean
        OrderWorkflow order() {
            ProxyFactory proxy = new ProxyFactory(new OrderWorkflow());
            proxy.setProxyTargetClass(true);
            return (OrderWorkflow) proxy.getProxy();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ProxiedCheckoutConfiguration {

        @Bean
        GenServer<?> checkout() {
            ProxyFactory proxy = new ProxyFactory(new Checkout());
            proxy.setProxyTargetClass(true);
            return (GenServer<?>) proxy.getProxy();
        }

    }

}
