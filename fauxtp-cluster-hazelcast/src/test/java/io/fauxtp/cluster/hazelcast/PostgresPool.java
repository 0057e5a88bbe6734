package io.fauxtp.cluster.hazelcast;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fauxtp.spring.workflow.PostgresServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's real PostgreSQL server ({@link PostgresServer#obtain()}: skips the class when there can be none)
 * and, when asked for, a pool of connections to it that every in-JVM member shares. Registered as a static
 * {@code @RegisterExtension} field: both are opened before the class's first test and closed after its last.
 */
final class PostgresPool implements BeforeAllCallback, AfterAllCallback {

    private final int size;
    private PostgresServer server;
    private HikariDataSource pool;

    /** @param size the connections of the pool, or 0 for the server alone */
    PostgresPool(int size) {
        this.size = size;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = PostgresServer.obtain();
        if (size > 0) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(server.url());
            config.setMaximumPoolSize(size);
            pool = new HikariDataSource(config);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (pool != null) {
            pool.close();
            pool = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
    }

    PostgresServer server() {
        return server;
    }

    /** The shared pool; only when the extension was made with a size. */
    HikariDataSource pool() {
        if (pool == null) {
            throw new IllegalStateException("this PostgresPool was made without a pool (size 0)");
        }
        return pool;
    }
}
