package io.fauxtp.spring.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.testkit.OrderFixture.Order;
import io.fauxtp.testkit.OrderFixture.OrderWorkflow;
import io.fauxtp.testkit.OrderFixture.Payments;
import io.fauxtp.testkit.OrderFixture.Receipt;
import io.fauxtp.testkit.OrderFixture.Warehouse;
import io.fauxtp.text.TextCodec;
import io.fauxtp.workflow.JdbcSuspensionStore;
import io.fauxtp.workflow.JournalEntry;
import io.fauxtp.workflow.StoredSuspension;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.SuspensionCodec;
import io.fauxtp.workflow.SuspensionStoreException;
import io.fauxtp.workflow.WorkflowDefinition;
import io.fauxtp.workflow.WorkflowEngine;
import io.fauxtp.workflow.WorkflowService;
import io.fauxtp.workflow.WorkflowSpec;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A save is one transaction: a reader sees the old or the new suspension, never a mix, and a save that fails
 * before its commit leaves the old one, text and summary columns alike. Run against each database.
 */
abstract class StoreAtomicityContract {

    static final SuspensionCodec CODEC = SuspensionCodec.of(TextCodec.builder().record(Order.class, "shop.Order")
            .record(Receipt.class, "shop.Receipt").build());

    private final WorkflowEngine engine = WorkflowEngine.builder()
            .register(new OrderWorkflow())
            .handler(EffectHandler.of("warehouse", Warehouse.class, id -> "R-" + id))
            .handler(EffectHandler.of("payments", Payments.class, (customer, cents) -> "P-" + cents))
            .build();

    /** A data source of the database under test; each test uses its own table. */
    abstract DataSource dataSource();

    /**
     * The explicit commits of a run of three effects in a row: the end (the header and the last entry) is one
     * transaction, or on PostgreSQL one statement that commits on its own.
     */
    abstract int commitsOfARunOfThreeEffects();

    /** The effect of {@link #threeEffects}. */
    interface Steps {
        int run(int step);
    }

    /** Start, three effects, end, as the durable-run benchmark runs them; {@code beforeLast} runs in the third. */
    private static WorkflowService threeEffects(JdbcSuspensionStore store, Runnable beforeLast) {
        WorkflowDefinition<String, Integer> three = (ctx, id) -> {
            Steps steps = ctx.effect(Steps.class);
            return steps.run(0) + steps.run(1) + steps.run(2);
        };
        return new WorkflowService(WorkflowEngine.builder()
                .register(WorkflowSpec.of("three", 1, three))
                .handler(EffectHandler.of("steps", Steps.class, step -> {
                    if (step == 2) {
                        beforeLast.run();
                    }
                    return step;
                }))
                .build(), store);
    }

    @Test
    void aRunOfThreeEffectsCommitsEachStepAndItsEndAtOnce() {
        AtomicInteger commits = new AtomicInteger();
        String table = table();
        JdbcSuspensionStore store = new JdbcSuspensionStore(countingCommits(dataSource(), commits), CODEC, table,
                Clock.systemUTC());
        JdbcSuspensionStore reader = new JdbcSuspensionStore(dataSource(), CODEC, table, Clock.systemUTC());
        List<Integer> storedBeforeLast = new ArrayList<>();
        WorkflowService service = threeEffects(store, () -> storedBeforeLast.add(
                reader.find("three-1").orElseThrow().journal().size()));
        commits.set(0);
        assertThat(service.start("three", "three-1", "x").result()).isEqualTo(3);
        assertThat(commits).as("explicit commits").hasValue(commitsOfARunOfThreeEffects());
        assertThat(storedBeforeLast).as("entries committed when the third effect runs").containsExactly(2);
        Suspension done = reader.find("three-1").orElseThrow();
        assertThat(done.status()).isEqualTo(Suspension.Status.COMPLETED);
        assertThat(done.journal()).hasSize(3);
        assertThat(reader.list().get(0).status()).isEqualTo(Suspension.Status.COMPLETED);
    }

    /**
     * Another writer appends an entry to the run while its last effect runs: the run's end (a new header and the
     * last entry) must then rewrite the run as this service has it, not add its last entry to the other writer's
     * nor fail on the entry's key.
     */
    @Test
    void anEndAfterAnotherWritersEntryRewritesTheRunInsteadOfMixingThem() {
        String table = table();
        JdbcSuspensionStore store = new JdbcSuspensionStore(dataSource(), CODEC, table, Clock.systemUTC());
        JdbcSuspensionStore other = new JdbcSuspensionStore(dataSource(), CODEC, table, Clock.systemUTC());
        WorkflowService service = threeEffects(store, () -> {
            Suspension seen = other.find("three-2").orElseThrow();
            List<JournalEntry> more = new ArrayList<>(seen.journal());
            more.add(seen.journal().get(0));
            other.save(new Suspension(seen.id(), seen.workflow(), seen.version(), seen.input(), more,
                    seen.awaiting(), seen.inbox(), seen.status(), null, null));
        });
        Suspension ended = service.start("three", "three-2", "x");
        Suspension stored = new JdbcSuspensionStore(dataSource(), CODEC, table, Clock.systemUTC()).find("three-2")
                .orElseThrow();
        assertThat(CODEC.dump(stored)).isEqualTo(CODEC.dump(ended));
        assertThat(stored.status()).isEqualTo(Suspension.Status.COMPLETED);
    }

    private static String table() {
        return "atomicity_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @Test
    void aSaveThatFailsBeforeItsCommitLeavesTheOldVersionWhole() {
        AtomicBoolean failCommit = new AtomicBoolean();
        JdbcSuspensionStore store = new JdbcSuspensionStore(failingCommits(dataSource(), failCommit), CODEC,
                table(), Clock.systemUTC());
        Suspension old = this.engine.freeze("order", "torn-1", new Order("o-1", "ann", 1250));
        store.save(old);
        StoredSuspension oldSummary = store.list().get(0);
        Suspension next = this.engine.resume(old);
        assertThat(next.status()).isEqualTo(Suspension.Status.WAITING);

        failCommit.set(true);
        assertThatThrownBy(() -> store.save(next)).isInstanceOf(SuspensionStoreException.class)
                .hasMessageContaining("torn-1");
        failCommit.set(false);

        assertThat(store.find("torn-1")).contains(old);
        assertThat(store.list()).containsExactly(oldSummary);
        store.save(next);
        assertThat(store.find("torn-1")).contains(next);
        assertThat(store.list().get(0).status()).isEqualTo(Suspension.Status.WAITING);
    }

    @Test
    void readersSeeOneWholeVersionOrTheOtherWhileItIsRewritten() throws Exception {
        JdbcSuspensionStore store = new JdbcSuspensionStore(dataSource(), CODEC, table(), Clock.systemUTC());
        // Two versions of very different lengths, so a torn row could not pass for either.
        Suspension small = this.engine.resume(this.engine.freeze("order", "rw-1", new Order("o", "ann", 1)));
        Suspension large = this.engine.freeze("order", "rw-1", new Order("o", "x".repeat(200_000), 2));
        store.save(small);
        Set<Suspension> versions = Set.of(small, large);
        CountDownLatch writerDone = new CountDownLatch(1);
        List<Throwable> failures = new ArrayList<>();
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < 60; i++) {
                    store.save(i % 2 == 0 ? large : small);
                }
            }
            catch (RuntimeException ex) {
                synchronized (failures) {
                    failures.add(ex);
                }
            }
            finally {
                writerDone.countDown();
            }
        });
        int reads = 0;
        while (writerDone.getCount() > 0 || reads < 20) {
            Suspension seen = store.find("rw-1").orElseThrow();
            assertThat(versions).as("read %d is a whole version", reads).contains(seen);
            StoredSuspension summary = store.list().get(0);
            assertThat(summary.status()).isIn(Suspension.Status.READY, Suspension.Status.WAITING);
            reads++;
        }
        writer.join();
        assertThat(failures).isEmpty();
        assertThat(store.find("rw-1")).contains(small);
        assertThat(store.list().get(0).status()).isEqualTo(Suspension.Status.WAITING);
    }

    /** A data source whose connections fail their commit while {@code armed} is set (the UPDATE has run). */
    private static DataSource failingCommits(DataSource real, AtomicBoolean armed) {
        return (DataSource) Proxy.newProxyInstance(StoreAtomicityContract.class.getClassLoader(),
                new Class<?>[] { DataSource.class }, (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    if (method.getName().equals("getConnection")) {
                        Connection connection = (Connection) result;
                        return Proxy.newProxyInstance(StoreAtomicityContract.class.getClassLoader(),
                                new Class<?>[] { Connection.class }, (p, m, a) -> {
                                    if (m.getName().equals("commit") && armed.get()) {
                                        throw new SQLException("commit refused by the test");
                                    }
                                    return invoke(connection, m, a);
                                });
                    }
                    return result;
                });
    }

    /** A data source whose connections count their commits into {@code commits}. */
    private static DataSource countingCommits(DataSource real, AtomicInteger commits) {
        return (DataSource) Proxy.newProxyInstance(StoreAtomicityContract.class.getClassLoader(),
                new Class<?>[] { DataSource.class }, (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    if (method.getName().equals("getConnection")) {
                        Connection connection = (Connection) result;
                        return Proxy.newProxyInstance(StoreAtomicityContract.class.getClassLoader(),
                                new Class<?>[] { Connection.class }, (p, m, a) -> {
                                    if (m.getName().equals("commit")) {
                                        commits.incrementAndGet();
                                    }
                                    return invoke(connection, m, a);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        }
        catch (InvocationTargetException ex) {
            throw ex.getCause();
        }
    }

}
