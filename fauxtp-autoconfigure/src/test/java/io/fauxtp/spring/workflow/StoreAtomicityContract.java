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
import io.fauxtp.workflow.StoredSuspension;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.SuspensionCodec;
import io.fauxtp.workflow.SuspensionStoreException;
import io.fauxtp.workflow.WorkflowEngine;
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

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        }
        catch (InvocationTargetException ex) {
            throw ex.getCause();
        }
    }

}
