package io.fauxtp.spring.autoconfigure.workflow;

import io.fauxtp.spring.workflow.WorkflowDatabase;
import java.nio.file.Path;
import org.h2.jdbcx.JdbcConnectionPool;

/** Opens the embedded H2 file database of the store; only loaded when H2 is on the class path. */
final class EmbeddedH2Database {

    private EmbeddedH2Database() {
    }

    static WorkflowDatabase open(String path) {
        String file = Path.of(path).toAbsolutePath().normalize().toString();
        String url = "jdbc:h2:file:" + file;
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        return WorkflowDatabase.owned(pool, "embedded H2 " + url + " (fauxtp.workflow.store.h2-path)", pool::dispose);
    }

}
