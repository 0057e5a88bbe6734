package io.fauxtp.spring.autoconfigure.workflow;

import io.fauxtp.workflow.JdbcSuspensionStore;
import io.fauxtp.workflow.SuspensionCodec;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.ClassUtils;

/**
 * Lets the workflow store join the caller's Spring transaction on its DataSource; only loaded when spring-jdbc
 * is on the class path.
 */
final class SpringTransactions {

    static final boolean PRESENT = ClassUtils.isPresent(
            "org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy",
            SpringTransactions.class.getClassLoader());

    private SpringTransactions() {
    }

    /**
     * A store over a {@link TransactionAwareDataSourceProxy}, which hands out the transaction's connection while
     * a Spring transaction (a {@code DataSourceTransactionManager}, or a JPA one exposing its connection) holds
     * one for {@code dataSource}; the store then neither commits nor rolls back itself.
     */
    static JdbcSuspensionStore.Builder joining(DataSource dataSource, SuspensionCodec codec) {
        return JdbcSuspensionStore.builder(new TransactionAwareDataSourceProxy(dataSource), codec)
                .inCallersTransaction(() -> TransactionSynchronizationManager.hasResource(dataSource));
    }

}
