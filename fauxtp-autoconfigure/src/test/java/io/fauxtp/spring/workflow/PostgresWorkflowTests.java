package io.fauxtp.spring.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.spring.autoconfigure.FauxtpAutoConfiguration;
import io.fauxtp.spring.autoconfigure.FauxtpSupervisionAutoConfiguration;
import io.fauxtp.spring.autoconfigure.workflow.FauxtpWorkflowAutoConfiguration;
import io.fauxtp.testkit.OrderFixture.Calls;
import io.fauxtp.testkit.OrderFixture.CountingPayments;
import io.fauxtp.testkit.OrderFixture.CountingWarehouse;
import io.fauxtp.testkit.OrderFixture.Order;
import io.fauxtp.testkit.OrderFixture.OrderWorkflow;
import io.fauxtp.testkit.OrderFixture.Receipt;
import io.fauxtp.workflow.Await;
import io.fauxtp.workflow.Suspension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The workflow store on a real PostgreSQL server (see {@link PostgresServer}): the store's atomicity, and the
 * order workflow finishing in a new application context after the first one closed.
 */
class PostgresWorkflowTests extends StoreAtomicityContract {

    private static PostgresServer server;

    @BeforeAll
    static void server() {
        server = PostgresServer.obtain();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    DataSource dataSource() {
        return server.dataSource();
    }

    @Test
    void theApplicationsPostgresDataSourceHoldsTheRunsAcrossApplicationContexts() throws Exception {
        String table = "runs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource dataSource = server.dataSource();
        Calls calls = new Calls();
        ApplicationContextRunner application = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FauxtpAutoConfiguration.class,
                        FauxtpSupervisionAutoConfiguration.class, FauxtpWorkflowAutoConfiguration.class))
                .withPropertyValues("fauxtp.workflow.store.table=" + table,
                        "fauxtp.workflow.store.initialize-schema=always", "fauxtp.workflow.store.h2-path=")
                .withUserConfiguration(Shop.ShopTypes.class)
                .withBean(DataSource.class, () -> dataSource)
                .withBean(OrderWorkflow.class)
                .withBean("warehouse", CountingWarehouse.class, () -> new CountingWarehouse(calls))
                .withBean("payments", CountingPayments.class, () -> new CountingPayments(calls));

        application.run(context -> {
            assertThat(context.getBean(WorkflowDatabase.class).description()).startsWith("PostgreSQL jdbc:postgresql:");
            Suspension waiting = context.getBean(WorkflowRuns.class).start("order", "pg-1",
                    new Order("o-1", "ann", 1250));
            assertThat(waiting.awaiting()).isEqualTo(new Await.Signal("shipped"));
        });
        try (Connection connection = dataSource.getConnection();
                ResultSet row = connection.createStatement()
                        .executeQuery("SELECT status, awaiting, body FROM " + table + " WHERE id = 'pg-1'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString("status")).isEqualTo("WAITING");
            assertThat(row.getString("awaiting")).isEqualTo("signal shipped");
            assertThat(row.getString("body")).contains("wf.AwaitSignal('shipped')");
        }

        application.run(context -> {
            Suspension done = context.getBean(WorkflowRuns.class).signal("pg-1", "shipped", "TRACK-9",
                    SignalSteps.CALLER);
            assertThat(done.result()).isEqualTo(new Receipt("R-o-1", "P-ann-1250", "TRACK-9"));
        });
        assertThat(calls.reservations).hasValue(1);
        assertThat(calls.charges).hasValue(1);
    }

    @Override
    int commitsOfARunOfThreeEffects() {
        return 0;   // the end is one statement, auto-committed
    }

}
