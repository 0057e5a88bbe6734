package io.fauxtp.benchmarks;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.workflow.JdbcSuspensionStore;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.SuspensionCodec;
import io.fauxtp.workflow.WorkflowDefinition;
import io.fauxtp.workflow.WorkflowEngine;
import io.fauxtp.workflow.WorkflowService;
import io.fauxtp.workflow.WorkflowSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable run throughput, side by side with plain JDBC on the same database: {@code runs} runs at once (a
 * virtual thread each) of start &rarr; 3 effects &rarr; end. {@code durable} uses {@link WorkflowService} over a
 * {@link JdbcSuspensionStore} (a commit when the run is stored, one before each effect after the first, one at
 * the end: each effect's result committed before the next runs; a commit between effects is one {@code INSERT} of
 * the new journal entry, the last one also updates the run's header row); {@code plainJdbc} inserts a run row,
 * a row per step and marks the run done, committing once per step. Both use one HikariCP pool of 16 connections
 * (Spring Boot's pool; H2's own {@code JdbcConnectionPool} hands out a new connection object each time, so H2
 * parses every statement again and the store's conditional statements cost more to parse than plain ones). One
 * operation is all {@code runs} runs; the ratio of the two scores is what matters. Database: {@code h2} (a fresh embedded file with {@code WRITE_DELAY=0}, as the
 * store's default) or {@code postgres} ({@code -Dfauxtp.bench.postgres-url=jdbc:postgresql://...}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
@Fork(2)
public class DurableRunBenchmark {

    /** The effect the runs call. */
    public interface Steps {
        int run(int step);
    }

    @Param({"100", "1000", "10000"})
    public int runs;

    @Param({"h2"})
    public String database;

    private Path dir;
    private HikariDataSource pool;
    private DataSource dataSource;
    private WorkflowService service;
    private ExecutorService threads;

    @Setup(Level.Iteration)
    public void freshDatabase() throws Exception {
        HikariConfig config = new HikariConfig();
        if (database.equals("h2")) {
            dir = Files.createTempDirectory("fauxtp-durable-bench");
            config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("runs") + ";WRITE_DELAY=0");
            config.setUsername("sa");
        } else {
            config.setJdbcUrl(System.getProperty("fauxtp.bench.postgres-url"));
        }
        // Spring Boot's pool, as an application has it: 16 connections for both sides; a run waits up to 10
        // minutes for one (10,000 runs share 16).
        config.setMaximumPoolSize(16);
        config.setMinimumIdle(16);
        config.setConnectionTimeout(600_000);
        pool = new HikariDataSource(config);
        dataSource = pool;
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        WorkflowDefinition<String, Integer> threeSteps = (ctx, id) -> {
            Steps steps = ctx.effect(Steps.class);
            return steps.run(0) + steps.run(1) + steps.run(2);
        };
        WorkflowEngine engine = WorkflowEngine.builder()
                .register(WorkflowSpec.of("three", 1, threeSteps))
                .handler(EffectHandler.of("steps", Steps.class, step -> step))
                .build();
        service = new WorkflowService(engine, JdbcSuspensionStore.builder(dataSource, SuspensionCodec.standard())
                .table(storeTable = "bench_runs_" + suffix).build());
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE plain_run_" + suffix + " (id VARCHAR(64) PRIMARY KEY, status VARCHAR(16))");
            s.execute("CREATE TABLE plain_step_" + suffix + " (run_id VARCHAR(64), step INTEGER, result INTEGER,"
                    + " PRIMARY KEY (run_id, step))");
        }
        plainRun = "plain_run_" + suffix;
        plainStep = "plain_step_" + suffix;
        threads = Executors.newVirtualThreadPerTaskExecutor();
    }

    private String plainRun;
    private String storeTable;
    private String plainStep;

    @TearDown(Level.Iteration)
    public void close() throws Exception {
        threads.close();
        service.close();
        if (dir == null) {   // PostgreSQL: the server stays, the iteration's tables go
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                for (String t : List.of(plainStep, plainRun, storeTable + "_journal", storeTable + "_schema",
                        storeTable)) {
                    s.execute("DROP TABLE IF EXISTS " + t);
                }
            }
        }
        pool.close();
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Benchmark
    public int durable() throws Exception {
        List<Future<Suspension>> done = new ArrayList<>(runs);
        String batch = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < runs; i++) {
            String id = batch + "-" + i;
            done.add(threads.submit(() -> service.start("three", id, id)));
        }
        int completed = 0;
        for (Future<Suspension> f : done) {
            completed += f.get().status() == Suspension.Status.COMPLETED ? 1 : 0;
        }
        return completed;
    }

    @Benchmark
    public int plainJdbc() throws Exception {
        List<Future<Integer>> done = new ArrayList<>(runs);
        String batch = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < runs; i++) {
            String id = batch + "-" + i;
            done.add(threads.submit(() -> plainRun(id)));
        }
        int completed = 0;
        for (Future<Integer> f : done) {
            completed += f.get();
        }
        return completed;
    }

    /** Start, three steps and the end, each committed on its own, as hand-written durable code would. */
    private int plainRun(String id) throws SQLException {
        commit("INSERT INTO " + plainRun + " (id, status) VALUES (?, 'RUNNING')", id, -1);
        for (int step = 0; step < 3; step++) {
            commit("INSERT INTO " + plainStep + " (run_id, step, result) VALUES (?, ?, ?)", id, step);
        }
        commit("UPDATE " + plainRun + " SET status = 'COMPLETED' WHERE id = ?", id, -1);
        return 1;
    }

    private void commit(String sql, String id, int step) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setString(1, id);
                if (step >= 0) {
                    p.setInt(2, step);
                    p.setInt(3, step);
                }
                p.executeUpdate();
            }
            c.commit();
        }
    }
}
