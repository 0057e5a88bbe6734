package io.fauxtp.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fauxtp.effect.EffectHandler;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@link JdbcSuspensionStore} keeps a run: a header row and one text row per journal entry. */
class JournalStorageTest {

    interface Counter {
        int next(int n);
    }

    /** Counts signals, calling an effect after each. */
    static final class Ticks implements WorkflowDefinition<String, Integer> {
        @Override
        public Integer run(WorkflowContext ctx, String input) {
            int n = 0;
            while (true) {
                String tick = ctx.awaitSignal("tick", String.class);
                if (tick.equals("stop")) {
                    return n;
                }
                n = ctx.effect(Counter.class).next(n);
            }
        }
    }

    @TempDir
    Path dir;

    /** Characters the store binds to statements: what it writes. */
    private final AtomicLong written = new AtomicLong();

    private JdbcConnectionPool pool;

    /** One pool per test, so that the database file stays open between statements. */
    private DataSource h2() {
        if (pool == null) {
            pool = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("runs").toAbsolutePath()
                    + ";WRITE_DELAY=0", "sa", "");
        }
        return pool;
    }

    @AfterEach
    void closePool() {
        if (pool != null) {
            pool.dispose();
        }
    }

    private static String text(Suspension s) {
        return SuspensionCodec.standard().dump(s);
    }

    private WorkflowService service(JdbcSuspensionStore store) {
        return new WorkflowService(WorkflowEngine.builder()
                .register(WorkflowSpec.of("ticks", 1, new Ticks()))
                .handler(EffectHandler.of("counter", Counter.class, n -> n + 1))
                .build(), store);
    }

    @Test
    void aStepWritesItsOwnEntryAndTheHeaderWhateverTheJournalsLength() throws Exception {
        JdbcSuspensionStore store = JdbcSuspensionStore.builder(counting(h2()), SuspensionCodec.standard()).build();
        WorkflowService service = service(store);
        service.start("ticks", "run-1", "x");
        List<Long> perSignal = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            long before = written.get();
            service.signal("run-1", "tick", "t");
            perSignal.add(written.get() - before);
        }
        // Each signal journals the signal and the effect: the same text whether the journal holds 20 or 600 entries.
        assertThat(perSignal.get(299)).as("characters written by the 300th signal, against the 10th")
                .isLessThanOrEqualTo(perSignal.get(9) + 16);
        try (Connection c = h2().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*), MIN(entry) FROM fauxtp_suspension_journal"
                        + " WHERE run_id = 'run-1'")) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(600);
            assertThat(r.getString(2)).startsWith("wf.Step(");   // each entry is text
        }
        Suspension live = service.find("run-1").orElseThrow();
        Suspension reread = JdbcSuspensionStore.builder(h2(), SuspensionCodec.standard()).build().find("run-1")
                .orElseThrow();
        assertThat(text(reread)).isEqualTo(text(live));   // the same text; numbers read back as longs
        assertThat(reread.journal()).hasSize(600);
        assertThat(SuspensionCodec.standard().dump(reread)).contains("wf.Call('Counter', 'next', [299])");
        assertThat(service.signal("run-1", "tick", "stop").result()).isEqualTo(300);
    }

    @Test
    void runsBeyondTheHeldOnesAreReadAndRewrittenWholeAndStayRight() {
        JdbcSuspensionStore store = JdbcSuspensionStore.builder(counting(h2()), SuspensionCodec.standard())
                .heldRuns(1).build();
        WorkflowService service = service(store);
        service.start("ticks", "held", "x");
        service.start("ticks", "not-held", "x");   // the store holds one run: this one is not kept
        List<Long> notHeld = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            service.signal("held", "tick", "t");
            long before = written.get();
            service.signal("not-held", "tick", "t");
            notHeld.add(written.get() - before);
        }
        assertThat(notHeld.get(29)).as("a signal to a run not held rewrites its journal").isGreaterThan(
                notHeld.get(0) * 10);
        assertThat(service.signal("held", "tick", "stop").result()).isEqualTo(30);
        assertThat(service.signal("not-held", "tick", "stop").result()).isEqualTo(30);
    }

    @Test
    void aSaveRolledBackInTheCallersTransactionIsNotReadBack() throws Exception {
        JdbcSuspensionStore store = JdbcSuspensionStore.builder(h2(), SuspensionCodec.standard()).build();
        WorkflowService service = service(store);
        Suspension stored = service.start("ticks", "run-2", "x");
        Suspension next = WorkflowEngine.builder().register(WorkflowSpec.of("ticks", 1, new Ticks()))
                .handler(EffectHandler.of("counter", Counter.class, n -> n + 1)).build()
                .signal(stored, "tick", "t");
        try (Connection c = h2().getConnection()) {
            c.setAutoCommit(false);
            store.save(c, next);
            c.rollback();
        }
        assertThat(text(store.find("run-2").orElseThrow())).isEqualTo(text(stored));
        assertThat(service.signal("run-2", "tick", "stop").result()).isEqualTo(0);
        assertThat(JdbcSuspensionStore.builder(h2(), SuspensionCodec.standard()).build().find("run-2")
                .orElseThrow().journal()).hasSize(1);
    }

    @Test
    void tablesOfSchemaVersion1AreMigratedAndTheirRunsGoOn() throws Exception {
        Suspension waiting = version1Store();
        JdbcSuspensionStore store = JdbcSuspensionStore.builder(h2(), SuspensionCodec.standard()).build();
        assertThat(text(store.find("old").orElseThrow())).isEqualTo(text(waiting));
        WorkflowService service = service(store);
        service.signal("old", "tick", "t");
        assertThat(service.signal("old", "tick", "stop").result()).isEqualTo(3);
        try (Connection c = h2().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT version FROM fauxtp_suspension_schema")) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(2);
        }
        assertThat(JdbcSuspensionStore.builder(h2(), SuspensionCodec.standard()).build().find("old")
                .orElseThrow().journal()).hasSize(7);
    }

    @Test
    void tablesOfSchemaVersion1AreRefusedWhenTheStoreMayNotMigrateThem() throws Exception {
        version1Store();
        assertThatThrownBy(() -> JdbcSuspensionStore.builder(h2(), SuspensionCodec.standard()).createTables(false)
                .build())
                .isInstanceOf(SuspensionStoreException.class)
                .hasMessageContaining("are at schema version 1")
                .hasMessageContaining("this release reads version 2")
                .hasMessageContaining("classpath:io/fauxtp/workflow/migrate-1-to-2-h2.sql");
    }

    /** The tables and a waiting run (two signals and effects in its journal) as schema version 1 kept them. */
    private Suspension version1Store() throws Exception {
        WorkflowEngine engine = WorkflowEngine.builder().register(WorkflowSpec.of("ticks", 1, new Ticks()))
                .handler(EffectHandler.of("counter", Counter.class, n -> n + 1)).build();
        Suspension s = engine.resume(engine.freeze("ticks", "old", "x"));
        s = engine.signal(engine.signal(s, "tick", "t"), "tick", "t");
        try (Connection c = h2().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE fauxtp_suspension (id VARCHAR(200) PRIMARY KEY, workflow VARCHAR(200) NOT NULL,"
                    + " version INTEGER NOT NULL, status VARCHAR(16) NOT NULL, awaiting VARCHAR(1000) NOT NULL,"
                    + " wake_at TIMESTAMP WITH TIME ZONE, body CHARACTER LARGE OBJECT NOT NULL,"
                    + " updated_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            st.execute("CREATE INDEX fauxtp_suspension_unfinished ON fauxtp_suspension (status, wake_at)");
            st.execute("CREATE TABLE fauxtp_suspension_schema (version INTEGER NOT NULL)");
            st.execute("INSERT INTO fauxtp_suspension_schema (version) VALUES (1)");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO fauxtp_suspension (id, workflow, version,"
                    + " status, awaiting, body, updated_at) VALUES ('old', 'ticks', 1, 'WAITING', 'signal tick', ?,"
                    + " CURRENT_TIMESTAMP)")) {
                p.setString(1, SuspensionCodec.standard().dump(s));   // the whole text, journal included
                p.executeUpdate();
            }
        }
        return s;
    }

    /** {@code target}, summing the length of every string bound to a statement into {@link #written}. */
    private DataSource counting(DataSource target) {
        return proxy(DataSource.class, target, (method, result) -> result instanceof Connection c
                ? proxy(Connection.class, c, (m, r) -> r instanceof PreparedStatement p
                        ? proxy(PreparedStatement.class, p, (x, y) -> y) : r) : result, null);
    }

    private interface Wrap {
        Object apply(java.lang.reflect.Method method, Object result);
    }

    private <T> T proxy(Class<T> type, T target, Wrap wrap, Object unused) {
        InvocationHandler h = (self, method, args) -> {
            if (method.getName().equals("setString") && args != null && args[1] instanceof String s) {
                written.addAndGet(s.length());
            }
            try {
                return wrap.apply(method, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, h));
    }

    private <T> T proxy(Class<T> type, T target, Wrap wrap) {
        return proxy(type, target, wrap, null);
    }
}
