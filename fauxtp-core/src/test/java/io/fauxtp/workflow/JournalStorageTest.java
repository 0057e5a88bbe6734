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

    /** Three effects in a row, as the durable-run benchmark runs them. */
    static final class ThreeSteps implements WorkflowDefinition<String, Integer> {
        @Override
        public Integer run(WorkflowContext ctx, String input) {
            Counter counter = ctx.effect(Counter.class);
            return counter.next(0) + counter.next(1) + counter.next(2);
        }
    }

    @TempDir
    Path dir;

    /** The statements the store prepared, each as its verb and table, e.g. {@code INSERT fauxtp_suspension}. */
    private final List<String> statements = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The statements whose execution fails, to see what a save that fails part way leaves stored. */
    private volatile java.util.function.Predicate<String> failing = sql -> false;

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
    void aCheckpointBetweenEffectsIsOneInsertOfItsJournalEntry() {
        JdbcSuspensionStore store = JdbcSuspensionStore.builder(counting(h2()), SuspensionCodec.standard()).build();
        WorkflowService service = new WorkflowService(WorkflowEngine.builder()
                .register(WorkflowSpec.of("three", 1, new ThreeSteps()))
                .handler(EffectHandler.of("counter", Counter.class, n -> n + 1))
                .build(), store);
        statements.clear();
        assertThat(service.start("three", "run-3", "x").result()).isEqualTo(6);
        assertThat(statements).containsExactly(
                "INSERT fauxtp_suspension",           // the run, frozen, unless its id is taken (auto-committed)
                "INSERT fauxtp_suspension_journal",   // before the second effect: the first one's result (same)
                "INSERT fauxtp_suspension_journal",   // before the third: the second one's (same)
                "UPDATE fauxtp_suspension",           // the end: status and result
                "INSERT fauxtp_suspension_journal",   // and the third effect's result,
                "COMMIT");                            // in one transaction
        Suspension done = JdbcSuspensionStore.builder(h2(), SuspensionCodec.standard()).build().find("run-3")
                .orElseThrow();
        assertThat(done.journal()).hasSize(3);
        assertThatThrownBy(() -> service.start("three", "run-3", "y")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'run-3' exists already");
        assertThat(JdbcSuspensionStore.builder(h2(), SuspensionCodec.standard()).build().find("run-3"))
                .contains(done);
    }

    @Test
    void theStoredHeaderAndEntriesAreTheTextFormatOnOneLine() throws Exception {
        JdbcSuspensionStore store = JdbcSuspensionStore.builder(h2(), SuspensionCodec.standard()).build();
        WorkflowService service = service(store);
        service.start("ticks", "run-7", "x");
        service.signal("run-7", "tick", "a long signal value, so that the pretty form would break lines: "
                + "x".repeat(120));
        try (Connection c = h2().getConnection(); Statement s = c.createStatement();
                ResultSet header = s.executeQuery("SELECT body FROM fauxtp_suspension WHERE id = 'run-7'")) {
            header.next();
            String body = header.getString(1);
            assertThat(body).startsWith("wf.Suspension(").doesNotContain("\n");
            assertThat(SuspensionCodec.standard().load(body).id()).isEqualTo("run-7");
        }
        try (Connection c = h2().getConnection(); Statement s = c.createStatement();
                ResultSet entries = s.executeQuery("SELECT entry FROM fauxtp_suspension_journal"
                        + " WHERE run_id = 'run-7' ORDER BY seq")) {
            int n = 0;
            while (entries.next()) {
                String entry = entries.getString(1);
                assertThat(entry).startsWith("wf.Step(").doesNotContain("\n");
                Suspension run = store.find("run-7").orElseThrow();
                assertThat(SuspensionCodec.standard().dumpEntry(run, n, SuspensionCodec.standard().loadEntry(entry)))
                        .as("reads back as the entry it is").isEqualTo(entry);
                n++;
            }
            assertThat(n).isEqualTo(2);
        }
        assertThat(SuspensionCodec.standard().dump(service.find("run-7").orElseThrow())).as("shown pretty printed")
                .contains("\n");
    }

    @Test
    void eachEffectFindsTheResultsBeforeItCommitted() {
        JdbcSuspensionStore store = JdbcSuspensionStore.builder(h2(), SuspensionCodec.standard()).build();
        List<Integer> committedBefore = new ArrayList<>();
        WorkflowService service = new WorkflowService(WorkflowEngine.builder()
                .register(WorkflowSpec.of("three", 1, new ThreeSteps()))
                .handler(EffectHandler.of("counter", Counter.class, n -> {
                    // Another store reads what another connection sees: the committed rows only.
                    committedBefore.add(JdbcSuspensionStore.builder(h2(), SuspensionCodec.standard()).build()
                            .find("run-6").orElseThrow().journal().size());
                    return n + 1;
                }))
                .build(), store);
        service.start("three", "run-6", "x");
        assertThat(committedBefore).containsExactly(0, 1, 2);
    }

    @Test
    void anAppendAfterAnotherWritersHeaderRewritesTheRunInsteadOfMixingThem() {
        WorkflowEngine engine = ticks();
        JdbcSuspensionStore mine = JdbcSuspensionStore.builder(h2(), SuspensionCodec.standard()).build();
        Suspension waiting = engine.resume(engine.freeze("ticks", "run-4", "x"));
        mine.save(waiting);
        JdbcSuspensionStore other = JdbcSuspensionStore.builder(h2(), SuspensionCodec.standard()).build();
        other.save(other.find("run-4").orElseThrow().withInbox(List.of(new SignalMessage("other", "o"))));
        Suspension next = engine.signal(waiting, "tick", "t");   // the same header: only the journal grows
        mine.save(next);
        assertThat(text(JdbcSuspensionStore.builder(h2(), SuspensionCodec.standard()).build().find("run-4")
                .orElseThrow())).isEqualTo(text(next));
    }

    @Test
    void anAppendAfterAnotherWritersEntriesRewritesTheRunInsteadOfMixingThem() throws Exception {
        WorkflowEngine engine = ticks();
        JdbcSuspensionStore mine = JdbcSuspensionStore.builder(h2(), SuspensionCodec.standard()).build();
        Suspension waiting = engine.resume(engine.freeze("ticks", "run-5", "x"));
        mine.save(waiting);
        Suspension rolledBack = engine.signal(waiting, "tick", "t");
        try (Connection c = h2().getConnection()) {
            c.setAutoCommit(false);
            mine.save(c, rolledBack);
            c.rollback();
        }
        JdbcSuspensionStore other = JdbcSuspensionStore.builder(h2(), SuspensionCodec.standard()).build();
        other.save(engine.signal(other.find("run-5").orElseThrow(), "tick", "u"));   // entries 0 and 1, its own
        Suspension next = engine.signal(rolledBack, "tick", "t");   // entries 2 and 3 after the rolled-back 0 and 1
        mine.save(next);
        assertThat(text(JdbcSuspensionStore.builder(h2(), SuspensionCodec.standard()).build().find("run-5")
                .orElseThrow())).isEqualTo(text(next));
    }

    /**
     * A read that raced with one of the store's own saves (here: a checkpoint in the caller's transaction, read
     * before its commit, as a member's fenced save is read by a thread asking for the run) leaves the store holding
     * the run as it was before that save. The run's next save, which also writes the header, must see that the
     * journal grew since and rewrite the run, not append the entry that is stored already and fail on its key.
     */
    @Test
    void aSaveAfterAReadThatRacedWithAnEarlierSaveOfTheStoreSeesTheEntriesStoredSince() throws Exception {
        WorkflowEngine three = WorkflowEngine.builder().register(WorkflowSpec.of("three", 1, new ThreeSteps()))
                .handler(EffectHandler.of("counter", Counter.class, n -> n + 1)).build();
        List<Suspension> checkpoints = new ArrayList<>();
        Suspension frozen = three.freeze("three", "run-9", "x");
        Suspension done = three.resume(frozen, checkpoints::add);   // checkpoints before the second and third
        JdbcSuspensionStore store = JdbcSuspensionStore.builder(h2(), SuspensionCodec.standard()).build();
        assertThat(store.saveNew(frozen)).isTrue();
        try (Connection c = h2().getConnection()) {
            c.setAutoCommit(false);
            store.save(c, checkpoints.get(0));   // one entry, the header as it was
            assertThat(text(store.find("run-9").orElseThrow())).as("read before the commit").isEqualTo(text(frozen));
            c.commit();
        }
        store.save(done);   // the header (completed) and entries 1 and 2
        assertThat(text(JdbcSuspensionStore.builder(h2(), SuspensionCodec.standard()).build().find("run-9")
                .orElseThrow())).isEqualTo(text(done));

        // The same with an entry appended without the header: the checkpoint before the third effect.
        Suspension frozen2 = three.freeze("three", "run-10", "x");
        List<Suspension> points = new ArrayList<>();
        three.resume(frozen2, points::add);
        assertThat(store.saveNew(frozen2)).isTrue();
        try (Connection c = h2().getConnection()) {
            c.setAutoCommit(false);
            store.save(c, points.get(0));
            store.find("run-10");
            c.commit();
        }
        store.save(points.get(1));
        assertThat(text(JdbcSuspensionStore.builder(h2(), SuspensionCodec.standard()).build().find("run-10")
                .orElseThrow())).isEqualTo(text(points.get(1)));
    }

    /**
     * A read that found no run, racing with the save that stores it, leaves the store holding that the run is not
     * stored: its next save must not insert the run a second time.
     */
    @Test
    void aSaveAfterAReadThatFoundNothingWhileTheRunWasBeingStoredRewritesIt() throws Exception {
        WorkflowEngine engine = ticks();
        JdbcSuspensionStore store = JdbcSuspensionStore.builder(h2(), SuspensionCodec.standard()).build();
        Suspension waiting = engine.resume(engine.freeze("ticks", "run-11", "x"));
        try (Connection c = h2().getConnection()) {
            c.setAutoCommit(false);
            store.save(c, waiting);
            assertThat(store.find("run-11")).as("read before the commit").isEmpty();
            c.commit();
        }
        Suspension next = engine.signal(waiting, "tick", "t");
        store.save(next);
        assertThat(text(JdbcSuspensionStore.builder(h2(), SuspensionCodec.standard()).build().find("run-11")
                .orElseThrow())).isEqualTo(text(next));
    }

    /**
     * A save of more than one statement (the header and an entry, or a rewrite of the run) commits all or none:
     * when its last statement fails, the run stays stored as it was.
     */
    @Test
    void aSaveWhoseLastStatementFailsLeavesTheRunAsStored() {
        WorkflowEngine engine = ticks();
        JdbcSuspensionStore mine = JdbcSuspensionStore.builder(counting(h2()), SuspensionCodec.standard()).build();
        Suspension waiting = engine.resume(engine.freeze("ticks", "run-7", "x"));
        mine.save(waiting);
        JdbcSuspensionStore reader = JdbcSuspensionStore.builder(h2(), SuspensionCodec.standard()).build();

        // The end of the run: its header (COMPLETED) and its last entry.
        Suspension done = engine.signal(waiting, "tick", "stop");
        failing = sql -> sql.startsWith("INSERT INTO fauxtp_suspension_journal");
        assertThatThrownBy(() -> mine.save(done)).isInstanceOf(SuspensionStoreException.class)
                .hasMessageContaining("injected failure");
        assertThat(text(reader.find("run-7").orElseThrow())).isEqualTo(text(waiting));

        // A checkpoint after another writer's save: rewritten whole, the journal deleted and written again.
        failing = sql -> false;
        WorkflowEngine three = WorkflowEngine.builder().register(WorkflowSpec.of("three", 1, new ThreeSteps()))
                .handler(EffectHandler.of("counter", Counter.class, n -> n + 1)).build();
        List<Suspension> checkpoints = new ArrayList<>();
        Suspension frozen = three.freeze("three", "run-8", "x");
        three.resume(frozen, checkpoints::add);   // before the second effect and before the third
        assertThat(mine.saveNew(frozen)).isTrue();
        mine.save(checkpoints.get(0));
        JdbcSuspensionStore other = JdbcSuspensionStore.builder(h2(), SuspensionCodec.standard()).build();
        Suspension others = other.find("run-8").orElseThrow().withInbox(List.of(new SignalMessage("other", "o")));
        other.save(others);
        failing = sql -> sql.startsWith("INSERT INTO fauxtp_suspension_journal") && sql.contains("VALUES");
        statements.clear();
        assertThatThrownBy(() -> mine.save(checkpoints.get(1))).isInstanceOf(SuspensionStoreException.class)
                .hasMessageContaining("injected failure");
        assertThat(statements).as("the rewrite was tried").contains("DELETE fauxtp_suspension_journal");
        assertThat(text(reader.find("run-8").orElseThrow())).isEqualTo(text(others));
    }

    private static WorkflowEngine ticks() {
        return WorkflowEngine.builder().register(WorkflowSpec.of("ticks", 1, new Ticks()))
                .handler(EffectHandler.of("counter", Counter.class, n -> n + 1)).build();
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
            assertThat(r.getInt(1)).isEqualTo(3);
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
                .hasMessageContaining("this release reads version 3")
                .hasMessageContaining("classpath:io/fauxtp/workflow/migrate-1-to-2-h2.sql then "
                        + "classpath:io/fauxtp/workflow/migrate-2-to-3-h2.sql");
    }

    @Test
    void tablesOfSchemaVersion2AreMigratedAndTheirRunsGoOn() throws Exception {
        WorkflowEngine engine = ticks();
        Suspension waiting = engine.signal(engine.signal(engine.resume(engine.freeze("ticks", "v2", "x")), "tick",
                "t"), "tick", "t");
        SuspensionCodec codec = SuspensionCodec.standard();
        try (Connection c = h2().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE fauxtp_suspension (id VARCHAR(200) PRIMARY KEY, workflow VARCHAR(200) NOT NULL,"
                    + " version INTEGER NOT NULL, status VARCHAR(16) NOT NULL, awaiting VARCHAR(1000) NOT NULL,"
                    + " wake_at TIMESTAMP WITH TIME ZONE, body CHARACTER LARGE OBJECT NOT NULL,"
                    + " journal_size INTEGER DEFAULT 0 NOT NULL, revision BIGINT DEFAULT 0 NOT NULL,"
                    + " updated_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            st.execute("CREATE INDEX fauxtp_suspension_unfinished ON fauxtp_suspension (status, wake_at)");
            st.execute("CREATE TABLE fauxtp_suspension_journal (run_id VARCHAR(200) NOT NULL, seq INTEGER NOT NULL,"
                    + " entry CHARACTER LARGE OBJECT NOT NULL, PRIMARY KEY (run_id, seq))");
            st.execute("CREATE TABLE fauxtp_suspension_schema (version INTEGER NOT NULL)");
            st.execute("INSERT INTO fauxtp_suspension_schema (version) VALUES (2)");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO fauxtp_suspension (id, workflow, version,"
                    + " status, awaiting, body, journal_size, revision, updated_at) VALUES ('v2', 'ticks', 1,"
                    + " 'WAITING', 'signal tick', ?, 4, 77, CURRENT_TIMESTAMP)")) {
                p.setString(1, codec.dumpHeader(waiting));
                p.executeUpdate();
            }
            for (int k = 0; k < 4; k++) {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO fauxtp_suspension_journal (run_id, seq,"
                        + " entry) VALUES ('v2', ?, ?)")) {
                    p.setInt(1, k);
                    p.setString(2, codec.dumpEntry(waiting, k, waiting.journal().get(k)));
                    p.executeUpdate();
                }
            }
        }
        assertThatThrownBy(() -> JdbcSuspensionStore.builder(h2(), codec).createTables(false).build())
                .hasMessageContaining("are at schema version 2")
                .hasMessageContaining("Run the shipped classpath:io/fauxtp/workflow/migrate-2-to-3-h2.sql (with");
        JdbcSuspensionStore store = JdbcSuspensionStore.builder(h2(), codec).build();
        assertThat(text(store.find("v2").orElseThrow())).isEqualTo(text(waiting));
        WorkflowService service = service(store);
        service.signal("v2", "tick", "t");   // appended after the entries of version 2, which carry the tag 0
        assertThat(service.signal("v2", "tick", "stop").result()).isEqualTo(3);
        try (Connection c = h2().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT version FROM fauxtp_suspension_schema")) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(3);
        }
        assertThat(JdbcSuspensionStore.builder(h2(), codec).build().find("v2").orElseThrow().journal()).hasSize(7);
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

    /** {@code INSERT INTO t ...}, {@code UPDATE t ...}, {@code SELECT ... FROM t ...} as verb and table. */
    private static String verbAndTable(String sql) {
        String[] words = sql.split("[\\s(,]+");
        String verb = words[0];
        List<String> rest = List.of(words);
        int at = switch (verb) {
            case "INSERT" -> rest.indexOf("INTO") + 1;
            case "UPDATE" -> 1;
            default -> rest.indexOf("FROM") + 1;
        };
        return verb + " " + words[at];
    }

    private interface Wrap {
        Object apply(java.lang.reflect.Method method, Object result);
    }

    private <T> T proxy(Class<T> type, T target, Wrap wrap, Object unused) {
        InvocationHandler h = (self, method, args) -> {
            if (method.getName().equals("setString") && args != null && args[1] instanceof String s) {
                written.addAndGet(s.length());
            }
            if (method.getName().equals("prepareStatement") && args[0] instanceof String sql) {
                statements.add(verbAndTable(sql));
                if (failing.test(sql)) {
                    PreparedStatement real = (PreparedStatement) method.invoke(target, args);
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class},
                            (ps, m, a) -> {
                                if (m.getName().startsWith("execute")) {
                                    throw new java.sql.SQLException("injected failure of " + sql);
                                }
                                try {
                                    return m.invoke(real, a);
                                } catch (InvocationTargetException e) {
                                    throw e.getCause();
                                }
                            });
                }
            }
            if (method.getName().equals("commit") && target instanceof Connection) {
                statements.add("COMMIT");
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
