package io.fauxtp.spring.autoconfigure.workflow;

import io.fauxtp.spring.workflow.WorkflowDatabase;
import java.nio.file.Path;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Opens the embedded H2 file database of the store; only loaded when H2 is on the class path.
 *
 * <p>{@code WRITE_DELAY=0}: H2's default (500 ms) leaves a committed transaction in memory for up to half a
 * second, so a run or signal acknowledged to a caller was lost by a SIGKILL. With a delay of 0, H2 2.x writes
 * the store to its file when each transaction ends ({@code TransactionStore.endTransaction} commits the MVStore
 * when its auto-commit delay is 0), so a commit survives the death of the process. H2 does not force the file
 * to the disk on each commit (its documentation, "Durability Problems"): an operating system crash or power
 * loss may lose the last commits. Applications that need that must use a database that syncs its log on
 * commit, such as PostgreSQL with its default {@code fsync=on} and {@code synchronous_commit=on}.
 */
final class EmbeddedH2Database {

    private EmbeddedH2Database() {
    }

    static WorkflowDatabase open(String path) {
        String file = Path.of(path).toAbsolutePath().normalize().toString();
        String url = "jdbc:h2:file:" + file + ";WRITE_DELAY=0";
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        return WorkflowDatabase.owned(pool, "embedded H2 " + url + " (fauxtp.workflow.store.h2-path)", pool::dispose);
    }

    /** A private in-memory database, gone when the context closes ({@code fauxtp.workflow.store.in-memory}). */
    static WorkflowDatabase openInMemory() {
        String url = "jdbc:h2:mem:fauxtp-workflows-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        return WorkflowDatabase.owned(pool, "in-memory H2 " + url + " (fauxtp.workflow.store.in-memory)", () -> {
            try (java.sql.Connection c = pool.getConnection(); java.sql.Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
            pool.dispose();
        });
    }

}
