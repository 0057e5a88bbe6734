package io.fauxtp.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.Pid;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A singleton whose lease renewal fails at the JDBC level (the statements on its lease table throw, as with a
 * dropped connection): one renewal failing must not stop a healthy copy, and renewals that go on failing must stop
 * it when its lease runs out by its member's clock, never later than the expiry the table holds. Real PostgreSQL;
 * the faults come from a {@link DataSource} wrapper around the test's pool.
 */
class SingletonRenewalFailureTest {

    private static final Duration LEASE = Duration.ofSeconds(6);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final PostgresPool postgres = new PostgresPool(4);

    private final String table = "singleton_renewal_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final InJvmMembers members = new InJvmMembers("fauxtp-renewal");
    private final LeaseFaults faults = new LeaseFaults(table);
    private final List<ClusterSingleton> singletons = new CopyOnWriteArrayList<>();
    /** Every root the singleton started on the member, in order. */
    private final List<Pid> roots = new CopyOnWriteArrayList<>();
    /** Every status the singleton published when it started or stopped its copy. */
    private final List<ClusterSingleton.Status> published = new CopyOnWriteArrayList<>();

    @BeforeEach
    void join() {
        members.add();
    }

    @AfterEach
    void leave() throws SQLException {
        faults.failing = false;
        singletons.forEach(ClusterSingleton::close);
        members.close();
        try (Connection c = postgres.pool().getConnection()) {
            c.createStatement().execute("DROP TABLE IF EXISTS " + table);
        }
    }

    /** A process that only lives: the singleton's tree. */
    static final class Idle implements GenServer<Object> {
        @Override
        public Object init(Object args) {
            return args;
        }

        @Override
        public CallResult<Object> handleCall(Object request, From from, Object state) {
            return CallResult.reply(state, state);
        }
    }

    private ClusterSingleton start() {
        ClusterSingleton singleton = ClusterSingleton.start(members.cluster(0), faults.dataSource(postgres.pool()),
                "renewed", node -> {
                    Pid root = GenServer.start(node, new Idle(), "tree");
                    roots.add(root);
                    return root;
                }, new ClusterSingleton.Options(LEASE, 1, table));
        singletons.add(singleton);
        singleton.subscribe(published::add);
        await().atMost(WAIT).until(() -> singleton.status().active() && singleton.status().tree().isPresent());
        return singleton;
    }

    @Test
    void aRenewalThatFailsForAMomentKeepsTheCopyRunningWithNoRestart() throws SQLException {
        ClusterSingleton singleton = start();
        Pid root = singleton.status().tree().orElseThrow();
        long token = singleton.status().token();
        int publishedBefore = published.size();

        faults.failing = true;
        await().atMost(WAIT).until(() -> faults.injected.get() >= 1);   // one renewal failed
        faults.failing = false;
        long failedUntil = leaseUntil();
        await().atMost(WAIT).until(() -> leaseUntil() > failedUntil);   // and the next one went through

        assertThat(faults.injected.get()).as("renewals that failed").isPositive();
        assertThat(singleton.status().active()).as("active").isTrue();
        assertThat(singleton.status().token()).as("token").isEqualTo(token);
        assertThat(roots).as("roots started: the copy was never restarted").containsExactly(root);
        assertThat(members.cluster(0).node().isAlive(root)).as("the first root is alive").isTrue();
        assertThat(published.subList(publishedBefore, published.size())).as("copy stopped or started meanwhile")
                .isEmpty();
        assertThat(singleton.checkFence(token)).as("the fence still passes its token").isTrue();
    }

    @Test
    void aCopyWhoseRenewalsKeepFailingStopsWhenItsLeaseRunsOut() throws SQLException {
        ClusterSingleton singleton = start();
        Pid root = singleton.status().tree().orElseThrow();
        long token = singleton.status().token();

        faults.failing = true;
        await().atMost(WAIT).until(() -> faults.injected.get() >= 1);
        long expiry = leaseUntil();   // no renewal goes through any more: the last one wrote this
        await().atMost(WAIT).until(() -> !singleton.status().active());
        ClusterSingleton.Status stopped = published.stream().filter(s -> !s.active()).findFirst().orElseThrow();

        assertThat(members.cluster(0).node().isAlive(root)).as("the copy's root is alive").isFalse();
        assertThat(leaseUntil()).as("the lease's expiry in the table").isEqualTo(expiry);
        // By the member's clock the copy stopped when its lease ran out: not before (its own term is the one its
        // last renewal wrote to the table), and not after the expiry in the table by more than two renewal periods
        // (the copy loop wakes at the expiry; the rest is slack for a loaded machine).
        long renewal = LEASE.toMillis() / 3;
        assertThat(stopped.checkedAt().toEpochMilli()).as("when the copy stopped, against the table's expiry")
                .isBetween(expiry, expiry + 2 * renewal);
        assertThat(roots).as("no copy started while the statements failed").containsExactly(root);

        faults.failing = false;   // the database is back: the member takes the lease again under a new token
        await().atMost(WAIT).until(() -> singleton.status().active());
        assertThat(singleton.status().token()).as("the new token").isGreaterThan(token);
        assertThat(roots).as("roots started").hasSize(2);
    }

    private long leaseUntil() throws SQLException {
        try (Connection c = postgres.pool().getConnection();
             var s = c.prepareStatement("SELECT lease_until FROM " + table + " WHERE name = 'renewed'");
             var r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    /**
     * Makes every statement on the lease table fail, as a dropped connection would, while {@link #failing}; while
     * the singleton holds its lease the only such statement is the renewal.
     */
    static final class LeaseFaults {
        private final String table;
        volatile boolean failing;
        final AtomicInteger injected = new AtomicInteger();

        LeaseFaults(String table) {
            this.table = table;
        }

        DataSource dataSource(DataSource real) {
            return proxy(DataSource.class, (p, method, args) -> {
                Object result = invoke(real, method, args);
                return result instanceof Connection c ? connection(c) : result;
            });
        }

        private Connection connection(Connection real) {
            return proxy(Connection.class, (p, method, args) -> {
                if (failing && method.getName().equals("prepareStatement") && args[0] instanceof String sql
                        && sql.contains(" " + table + " ")) {
                    injected.incrementAndGet();
                    throw new SQLTransientConnectionException("injected: connection reset", "08006");
                }
                return invoke(real, method, args);
            });
        }

        private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private static <T> T proxy(Class<T> type, InvocationHandler handler) {
            return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
        }
    }
}
