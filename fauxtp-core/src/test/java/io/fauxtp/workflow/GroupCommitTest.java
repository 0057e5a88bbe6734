package io.fauxtp.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.effect.EffectHandler;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit in {@link JdbcSuspensionStore}: saves that wait while another is written are written together in
 * one transaction, each with its own answer, none failed or lost for another's fault, each committed when it
 * returns; a save in the caller's transaction is never grouped.
 */
class GroupCommitTest {

    @TempDir
    Path dir;

    private JdbcConnectionPool pool;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    /** Connections the store took (after the gate), and its commits. */
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger commits = new AtomicInteger();
    /** When set, the next connection the store takes waits for it: a save being written while others arrive. */
    private volatile Gate gate;
    /** A statement that binds this text fails. */
    private volatile String poison;
    /** The caller's connection in a transaction of its own, when the current thread is in one. */
    private final ThreadLocal<Connection> callers = new ThreadLocal<>();

    private static final class Gate {
        final CountDownLatch arrived = new CountDownLatch(1);
        final CountDownLatch open = new CountDownLatch(1);
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        if (pool != null) {
            pool.dispose();
        }
    }

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("runs").toAbsolutePath() + ";WRITE_DELAY=0";
    }

    private JdbcSuspensionStore store() {
        pool = JdbcConnectionPool.create(url(), "sa", "");
        return JdbcSuspensionStore.builder(watched(pool), SuspensionCodec.standard())
                .inCallersTransaction(() -> callers.get() != null).build();
    }

    private static Suspension run(String id, String input) {
        return new Suspension(id, "w", 1, input, List.of(), Await.NOTHING, List.of(), Suspension.Status.READY, null,
                null);
    }

    /** Holds the next connection the store takes until {@link Gate#open} counts down. */
    private Gate holdNextConnection() {
        Gate g = new Gate();
        gate = g;
        return g;
    }

    /** The ids of the stored runs, as another connection sees them: what is committed. */
    private Set<String> committed() throws SQLException {
        Set<String> ids = new TreeSet<>();
        try (Connection c = DriverManager.getConnection(url(), "sa", "");
                PreparedStatement q = c.prepareStatement("SELECT id FROM fauxtp_suspension");
                ResultSet r = q.executeQuery()) {
            while (r.next()) {
                ids.add(r.getString(1));
            }
        }
        return ids;
    }

    @Test
    void savesThatWaitTogetherAreCommittedOnceEachWithItsOwnAnswer() throws Exception {
        JdbcSuspensionStore store = store();
        assertThat(store.saveNew(run("taken", "first"))).isTrue();
        Gate g = holdNextConnection();
        Future<Boolean> first = threads.submit(() -> store.saveNew(run("first", "x")));
        assertThat(g.arrived.await(30, TimeUnit.SECONDS)).isTrue();   // being written, its connection held
        Future<Boolean> fresh = threads.submit(() -> store.saveNew(run("fresh", "x")));
        Future<Boolean> taken = threads.submit(() -> store.saveNew(run("taken", "second")));
        await().atMost(Duration.ofSeconds(30)).until(() -> store.savesWaiting() == 2);
        connections.set(0);
        commits.set(0);
        g.open.countDown();

        assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(fresh.get(30, TimeUnit.SECONDS)).as("a new run in the group").isTrue();
        assertThat(taken.get(30, TimeUnit.SECONDS)).as("an id stored already, in the same group").isFalse();
        assertThat(connections.get()).as("connections: the first save's and the group's").isEqualTo(2);
        assertThat(commits.get()).as("the group's one commit (the first save alone is auto-committed)")
                .isEqualTo(1);
        assertThat(committed()).containsExactly("first", "fresh", "taken");
        JdbcSuspensionStore reader = JdbcSuspensionStore.builder(pool, SuspensionCodec.standard()).build();
        assertThat(reader.find("taken").orElseThrow().input()).as("the stored run is left as it was")
                .isEqualTo("first");
    }

    @Test
    void aSaveThatFailsInAGroupFailsAloneAndTheOthersAreCommitted() throws Exception {
        JdbcSuspensionStore store = store();
        Gate g = holdNextConnection();
        Future<Boolean> first = threads.submit(() -> store.saveNew(run("first", "x")));
        assertThat(g.arrived.await(30, TimeUnit.SECONDS)).isTrue();
        poison = "poisoned";
        // One after the other, so that the group writes them in this order: one before the failing save, one after.
        List<Future<Boolean>> group = new ArrayList<>();
        for (String id : List.of("before", "poisoned", "after")) {
            group.add(threads.submit(() -> store.saveNew(run(id, "x"))));
            int queued = group.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> store.savesWaiting() == queued);
        }
        g.open.countDown();

        assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(group.get(0).get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(group.get(2).get(30, TimeUnit.SECONDS)).isTrue();
        ExecutionException failed = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
                () -> group.get(1).get(30, TimeUnit.SECONDS));
        assertThat(failed).isNotNull();
        assertThat(failed.getCause()).isInstanceOf(SuspensionStoreException.class)
                .hasMessageContaining("suspension poisoned").hasMessageContaining("injected failure");
        assertThat(committed()).containsExactly("after", "before", "first");
        poison = null;
        Suspension before = store.find("before").orElseThrow();
        store.save(before.advanced(before.journal(), Await.NOTHING, before.inbox(), Suspension.Status.COMPLETED,
                "done", null));
        assertThat(JdbcSuspensionStore.builder(pool, SuspensionCodec.standard()).build().find("before")
                .orElseThrow().result()).as("the run saved in the rolled-back group saves on").isEqualTo("done");
    }

    interface Step {
        int step(String run, int n);
    }

    /** Three effects in a row; the input is the run's id, for the effect to look its run up. */
    static final class ThreeSteps implements WorkflowDefinition<String, Integer> {
        @Override
        public Integer run(WorkflowContext ctx, String run) {
            Step step = ctx.effect(Step.class);
            return step.step(run, 0) + step.step(run, 1) + step.step(run, 2);
        }
    }

    @Test
    void eachSaveThatReturnedIsCommittedWhenRunsSaveTogether() throws Exception {
        JdbcSuspensionStore store = store();
        // What another connection sees of a run when its effect runs: each earlier effect's result, committed.
        org.h2.jdbcx.JdbcDataSource another = new org.h2.jdbcx.JdbcDataSource();   // a new connection each time
        another.setURL(url());
        another.setUser("sa");
        JdbcSuspensionStore reader = JdbcSuspensionStore.builder(another, SuspensionCodec.standard()).heldRuns(0)
                .build();
        List<String> unseen = new CopyOnWriteArrayList<>();
        Set<String> effects = ConcurrentHashMap.newKeySet();
        WorkflowService service = new WorkflowService(WorkflowEngine.builder()
                .register(WorkflowSpec.of("three", 1, new ThreeSteps()))
                .handler(EffectHandler.of("step", Step.class, (run, n) -> {
                    int stored = reader.find(run).map(s -> s.journal().size()).orElse(-1);
                    if (stored != n) {
                        unseen.add(run + " ran effect " + n + " with " + stored + " results committed");
                    }
                    effects.add(run + "/" + n);
                    return n + 1;
                }))
                .build(), store);
        Gate g = holdNextConnection();
        Future<Boolean> first = threads.submit(() -> store.saveNew(run("first", "x")));
        assertThat(g.arrived.await(30, TimeUnit.SECONDS)).isTrue();
        int runs = 20;
        List<Future<Suspension>> started = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            String id = "run-" + i;
            started.add(threads.submit(() -> service.start("three", id, id)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> store.savesWaiting() == runs);   // their starts
        commits.set(0);
        g.open.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
        for (Future<Suspension> f : started) {
            assertThat(f.get(60, TimeUnit.SECONDS).result()).isEqualTo(6);
        }
        assertThat(commits.get()).as("transactions of more than one statement").isPositive();
        assertThat(unseen).isEmpty();
        assertThat(effects).hasSize(3 * runs);
        for (int i = 0; i < runs; i++) {
            assertThat(reader.find("run-" + i).orElseThrow().status()).isEqualTo(Suspension.Status.COMPLETED);
        }
    }

    @Test
    void aSaveInTheCallersTransactionIsNotGroupedAndRollsBackWithIt() throws Exception {
        JdbcSuspensionStore store = store();
        Gate g = holdNextConnection();
        Future<Boolean> first = threads.submit(() -> store.saveNew(run("first", "x")));
        assertThat(g.arrived.await(30, TimeUnit.SECONDS)).isTrue();
        try (Connection caller = pool.getConnection()) {
            caller.setAutoCommit(false);
            Future<Boolean> inTransaction = threads.submit(() -> {
                callers.set(caller);
                try {
                    return store.saveNew(run("in-transaction", "x"));
                } finally {
                    callers.remove();
                }
            });
            assertThat(inTransaction.get(30, TimeUnit.SECONDS))
                    .as("written on the caller's connection while another save is being written").isTrue();
            assertThat(store.savesWaiting()).isZero();
            caller.rollback();
        }
        g.open.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(committed()).containsExactly("first");
    }

    /** The store's data source: the caller's connection when in its transaction, else a watched one. */
    private DataSource watched(DataSource target) {
        return proxy(DataSource.class, (self, method, args) -> {
            if (!method.getName().equals("getConnection")) {
                return invoke(method, target, args);
            }
            Connection caller = callers.get();
            if (caller != null) {   // the caller closes it, not the store
                return proxy(Connection.class, (s, m, a) -> m.getName().equals("close") ? null
                        : invoke(m, caller, a));
            }
            Gate g = gate;
            if (g != null) {
                gate = null;
                g.arrived.countDown();
                g.open.await();
            }
            connections.incrementAndGet();
            Connection c = (Connection) invoke(method, target, args);
            return proxy(Connection.class, (s, m, a) -> {
                if (m.getName().equals("commit")) {
                    commits.incrementAndGet();
                }
                Object result = invoke(m, c, a);
                return result instanceof PreparedStatement p ? poisonable(p) : result;
            });
        });
    }

    /** A statement that fails when it binds {@link #poison}. */
    private PreparedStatement poisonable(PreparedStatement target) {
        List<Object> bound = new CopyOnWriteArrayList<>();
        return proxy(PreparedStatement.class, (s, m, a) -> {
            if (m.getName().startsWith("set") && a != null && a.length == 2) {
                bound.add(a[1]);
            }
            String p = poison;
            if (m.getName().startsWith("execute") && p != null && bound.contains(p)) {
                throw new SQLException("injected failure of the statement binding '" + p + "'");
            }
            return invoke(m, target, a);
        });
    }

    private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler h) {
        return (T) Proxy.newProxyInstance(GroupCommitTest.class.getClassLoader(), new Class<?>[] {type}, h);
    }
}
