package io.fauxtp.spring.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fauxtp.spring.autoconfigure.FauxtpAutoConfiguration;
import io.fauxtp.spring.autoconfigure.FauxtpSupervisionAutoConfiguration;
import io.fauxtp.spring.autoconfigure.workflow.FauxtpWorkflowAutoConfiguration;
import io.fauxtp.testkit.OrderFixture.Calls;
import io.fauxtp.testkit.OrderFixture.CountingPayments;
import io.fauxtp.testkit.OrderFixture.CountingWarehouse;
import io.fauxtp.testkit.OrderFixture.Order;
import io.fauxtp.testkit.OrderFixture.OrderWorkflow;
import io.fauxtp.workflow.Await;
import io.fauxtp.workflow.SuspensionStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Which database the workflow store uses and how it shapes it: an explicit setting wins, a qualified DataSource
 * is used, two candidates or an in-memory one nobody asked for fail at startup naming the fix, the schema is
 * created only as {@code initialize-schema} says and a newer one is refused, and the store joins the caller's
 * Spring transaction.
 */
class WorkflowStoreDataSourceTests {

    @TempDir
    Path dir;

    private final Calls calls = new Calls();

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FauxtpAutoConfiguration.class,
                        FauxtpSupervisionAutoConfiguration.class, FauxtpWorkflowAutoConfiguration.class))
                .withUserConfiguration(Shop.ShopTypes.class)
                // Unsets the build's h2-path (a system property keeping test files under target/), which would win.
                .withPropertyValues("fauxtp.workflow.store.h2-path=")
                .withBean(OrderWorkflow.class)
                .withBean("warehouse", CountingWarehouse.class, () -> new CountingWarehouse(this.calls))
                .withBean("payments", CountingPayments.class, () -> new CountingPayments(this.calls));
    }

    private JdbcDataSource h2File(String name) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:" + this.dir.resolve(name) + ";DB_CLOSE_DELAY=0");
        dataSource.setUser("sa");
        return dataSource;
    }

    private static JdbcDataSource h2Memory(String name) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        return dataSource;
    }

    private static FailureAnalysis analysis(Throwable failure) {
        for (FailureAnalyzer analyzer : SpringFactoriesLoader.forDefaultResourceLocation()
                .load(FailureAnalyzer.class, SpringFactoriesLoader.FailureHandler.handleMessage((message, ex) -> {
                    // analyzers needing a bean factory are not ours: skip them
                }))) {
            FailureAnalysis analysis = analyzer.analyze(failure);
            if (analysis != null) {
                return analysis;
            }
        }
        throw new AssertionError("no failure analyzer explains " + failure);
    }

    @Test
    void anExplicitH2PathWinsOverTheApplicationsDataSource() {
        JdbcDataSource application = h2File("app");
        runner().withBean(DataSource.class, () -> application)
                .withPropertyValues("fauxtp.workflow.store.h2-path=" + this.dir.resolve("workflows"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(WorkflowDatabase.class).description())
                            .contains(this.dir.resolve("workflows").toString(), "WRITE_DELAY=0");
                    assertThat(context.getBean(WorkflowDatabase.class).dataSource()).isNotSameAs(application);
                });
    }

    @Test
    void twoDataSourcesWithoutAChoiceFailAtStartupNamingTheQualifier() {
        runner().withBean("first", DataSource.class, () -> h2File("first"))
                .withBean("second", DataSource.class, () -> h2File("second"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = analysis(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("several DataSource beans");
                    assertThat(analysis.getAction()).contains("@FauxtpDataSource", "@Primary",
                            "fauxtp.workflow.store.h2-path");
                });
    }

    @Test
    void theQualifiedDataSourceIsUsedAmongSeveral() {
        JdbcDataSource workflows = h2File("workflows-db");
        QualifiedDataSource.dataSource = workflows;
        runner().withBean("first", DataSource.class, () -> h2File("first"))
                .withUserConfiguration(QualifiedDataSource.class)
                .withPropertyValues("fauxtp.workflow.store.initialize-schema=always")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(WorkflowDatabase.class).dataSource()).isSameAs(workflows);
                });
    }

    @Test
    void anInMemoryDataSourceNobodyAskedForFailsAtStartupInsteadOfHoldingTheRuns() {
        runner().withBean(DataSource.class, () -> h2Memory("app-" + System.nanoTime())).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analysis(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("in-memory database", "jdbc:h2:mem:");
            assertThat(analysis.getAction()).contains("spring.datasource.url", "fauxtp.workflow.store.h2-path",
                    "@FauxtpDataSource", "fauxtp.workflow.store.in-memory=true");
        });
    }

    @Test
    void inMemoryOnlyWhenAskedFor() {
        runner().withPropertyValues("fauxtp.workflow.store.in-memory=true").run(context -> {
            assertThat(context).hasNotFailed();
            WorkflowDatabase database = context.getBean(WorkflowDatabase.class);
            assertThat(database.inMemory()).isTrue();
            assertThat(database.description()).contains("jdbc:h2:mem:", "fauxtp.workflow.store.in-memory");
        });
        JdbcDataSource memory = h2Memory("asked-" + System.nanoTime());
        runner().withBean(DataSource.class, () -> memory)
                .withPropertyValues("fauxtp.workflow.store.in-memory=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(WorkflowDatabase.class).dataSource()).isSameAs(memory);
                });
    }

    @Test
    void withInitializeSchemaNeverAMissingTableFailsAtStartupNamingThePropertyAndTheScript() {
        runner().withBean(DataSource.class, () -> h2File("app"))
                .withPropertyValues("fauxtp.workflow.store.initialize-schema=never")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = analysis(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("'fauxtp_suspension' does not exist",
                            "classpath:io/fauxtp/workflow/schema-h2.sql");
                    assertThat(analysis.getAction()).contains("fauxtp.workflow.store.initialize-schema=always");
                });
    }

    @Test
    void byDefaultOnlyEmbeddedDatabasesGetTheirTablesCreated() {
        runner().withBean(DataSource.class, () -> h2File("app")).run(context -> {
            assertThat(context).as("an application's database is the application's to migrate").hasFailed();
            assertThat(analysis(context.getStartupFailure()).getAction())
                    .contains("fauxtp.workflow.store.initialize-schema=always", "(now embedded)");
        });
        runner().withPropertyValues("fauxtp.workflow.store.h2-path=" + this.dir.resolve("own"))
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theShippedScriptMakesTablesTheStoreAcceptsAsTheyAre() throws Exception {
        JdbcDataSource application = h2File("migrated");
        String script = new String(getClass().getClassLoader()
                .getResourceAsStream("io/fauxtp/workflow/schema-h2.sql").readAllBytes());
        try (Connection connection = application.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : script.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!sql.isBlank()) {
                    statement.execute(sql);   // what a Flyway migration copied from the script does
                }
            }
        }
        runner().withBean(DataSource.class, () -> application)
                .withPropertyValues("fauxtp.workflow.store.initialize-schema=never")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    context.getBean(WorkflowRuns.class).start("order", "o-1", new Order("o-1", "ann", 5));
                    assertThat(context.getBean(SuspensionStore.class).find("o-1")).isPresent();
                });
    }

    @Test
    void aSchemaOfANewerReleaseIsRefusedWithItsVersion() throws Exception {
        JdbcDataSource application = h2File("newer");
        runner().withBean(DataSource.class, () -> application)
                .withPropertyValues("fauxtp.workflow.store.initialize-schema=always")
                .run(context -> assertThat(context).hasNotFailed());
        try (Connection connection = application.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE fauxtp_suspension_schema SET version = 7");
        }
        runner().withBean(DataSource.class, () -> application)
                .withPropertyValues("fauxtp.workflow.store.initialize-schema=always")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(analysis(context.getStartupFailure()).getDescription())
                            .contains("schema version 7", "newer fauxtp release", "reads version 3 only");
                });
    }

    @Test
    void aTableOfAnOlderReleaseIsMigratedToTheVersionedSchema() throws Exception {
        JdbcDataSource application = h2File("older");
        try (Connection connection = application.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE fauxtp_suspension (id VARCHAR(200) PRIMARY KEY, workflow VARCHAR(200) "
                    + "NOT NULL, version INTEGER NOT NULL, status VARCHAR(16) NOT NULL, awaiting VARCHAR(1000) NOT "
                    + "NULL, wake_at TIMESTAMP WITH TIME ZONE, body TEXT NOT NULL, updated_at TIMESTAMP WITH TIME "
                    + "ZONE NOT NULL)");
        }
        runner().withBean(DataSource.class, () -> application)
                .withPropertyValues("fauxtp.workflow.store.initialize-schema=always")
                .run(context -> assertThat(context).hasNotFailed());
        try (Connection connection = application.getConnection(); Statement statement = connection.createStatement();
                ResultSet version = statement.executeQuery("SELECT version FROM fauxtp_suspension_schema")) {
            assertThat(version.next()).isTrue();
            assertThat(version.getInt(1)).isEqualTo(3);   // versioned, then migrated to the journal table and on
        }
    }

    @Test
    void aTransactionThatStartsARunCommitsTheRunWithItsOwnRowOrNeither() throws Exception {
        JdbcDataSource application = h2File("tx");
        try (Connection connection = application.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE customer_order (id VARCHAR(20) PRIMARY KEY)");
        }
        runner().withBean(DataSource.class, () -> application)
                .withPropertyValues("fauxtp.workflow.store.initialize-schema=always")
                .run(context -> {
                    WorkflowRuns runs = context.getBean(WorkflowRuns.class);
                    TransactionTemplate transaction = new TransactionTemplate(
                            new DataSourceTransactionManager(application));

                    assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
                        insertOrder(application, "rolled-back");
                        runs.start("order", "rolled-back", new Order("rolled-back", "ann", 5));
                        throw new IllegalStateException("the caller fails after starting the run");
                    })).hasMessageContaining("the caller fails");
                    assertThat(orderRows(application, "rolled-back")).as("the caller's row").isZero();
                    assertThat(runs.find("rolled-back")).as("the run").isEmpty();

                    transaction.executeWithoutResult(status -> {
                        insertOrder(application, "committed");
                        assertThat(runs.start("order", "committed", new Order("committed", "bob", 7)).awaiting())
                                .isEqualTo(new Await.Signal("shipped"));
                    });
                    assertThat(orderRows(application, "committed")).as("the caller's row").isEqualTo(1);
                    assertThat(runs.find("committed")).as("the run").isPresent();
                    await().atMost(Duration.ofSeconds(30))
                            .untilAsserted(() -> assertThat(runs.process("committed")).isPresent());
                    assertThat(runs.signal("committed", "shipped", "T-1", SignalSteps.CALLER).isFinished()).isTrue();
                });
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class QualifiedDataSource {

        static DataSource dataSource;

        @org.springframework.context.annotation.Bean
        @FauxtpDataSource
        DataSource workflowDataSource() {
            return dataSource;
        }

    }

    private static void insertOrder(DataSource dataSource, String id) {
        // The transaction's connection, as JdbcTemplate would use it; it is not closed here.
        try (Statement statement = org.springframework.jdbc.datasource.DataSourceUtils.getConnection(dataSource)
                .createStatement()) {
            statement.execute("INSERT INTO customer_order (id) VALUES ('" + id + "')");
        }
        catch (java.sql.SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static int orderRows(DataSource dataSource, String id) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM customer_order WHERE id = '" + id
                        + "'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

}
