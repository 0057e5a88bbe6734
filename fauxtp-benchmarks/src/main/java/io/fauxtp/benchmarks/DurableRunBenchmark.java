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
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Durable run throughput, side by side with plain JDBC on the same database: {@code runs} runs at once (a
 * virtual thread each) of start &rarr; 3 effects &rarr; end, once through {@link WorkflowService} over a
 * {@link JdbcSuspensionStore} ({@code durable}: each effect's result committed before the next runs) and once as
 * plain JDBC that inserts a run row, a row per step and marks the run done, committing once per step
 * ({@code plainJdbc}). One operation runs both batches one after the other, in an order that alternates from one
 * operation to the next, each on tables of its own created for the operation, so the two are measured at
 * adjacent moments. The score is the pair's time; at the end of a fork the benchmark prints a line
 * {@code paired: ...} with the mean of both times and of their ratio per operation ({@code plainJdbc} time &divide;
 * {@code durable} time, that is durable &divide; plain JDBC throughput), each with JMH's 99.9 % error over the
 * fork's measured operations. Each side has its own HikariCP pool of 16 connections (Spring Boot's pool) over the
 * same database. Database: {@code h2} (a fresh embedded file per operation with {@code WRITE_DELAY=0}, as the
 * store's default) or {@code postgres} ({@code -Dfauxtp.bench.postgres-url=jdbc:postgresql://...}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(1)
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
    private HikariDataSource durablePool;
    private HikariDataSource plainPool;
    private WorkflowService service;
    private ExecutorService threads;
    private String storeTable;
    private String plainRun;
    private String plainStep;
    private int operations;
    private long durableNanos;
    private long plainNanos;
    /** Per measured operation: each side's time and their ratio. */
    private final ListStatistics durableMs = new ListStatistics();
    private final ListStatistics plainJdbcMs = new ListStatistics();
    private final ListStatistics ratios = new ListStatistics();

    @Setup(Level.Iteration)
    public void freshTables() throws Exception {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        if (database.equals("h2")) {
            dir = Files.createTempDirectory("fauxtp-durable-bench");
        }
        durablePool = pool();
        plainPool = pool();
        WorkflowDefinition<String, Integer> threeSteps = (ctx, id) -> {
            Steps steps = ctx.effect(Steps.class);
            return steps.run(0) + steps.run(1) + steps.run(2);
        };
        WorkflowEngine engine = WorkflowEngine.builder()
                .register(WorkflowSpec.of("three", 1, threeSteps))
                .handler(EffectHandler.of("steps", Steps.class, step -> step))
                .build();
        storeTable = "bench_runs_" + suffix;
        service = new WorkflowService(engine, JdbcSuspensionStore.builder(durablePool, SuspensionCodec.standard())
                .table(storeTable).build());
        plainRun = "plain_run_" + suffix;
        plainStep = "plain_step_" + suffix;
        try (Connection c = plainPool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + plainRun + " (id VARCHAR(64) PRIMARY KEY, status VARCHAR(16))");
            s.execute("CREATE TABLE " + plainStep + " (run_id VARCHAR(64), step INTEGER, result INTEGER,"
                    + " PRIMARY KEY (run_id, step))");
        }
        threads = Executors.newVirtualThreadPerTaskExecutor();
    }

    /**
     * Spring Boot's pool, as an application has it: 16 connections; a run waits up to 10 minutes for one (10,000
     * runs share 16).
     */
    private HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        if (database.equals("h2")) {
            config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("runs") + ";WRITE_DELAY=0");
            config.setUsername("sa");
        } else {
            config.setJdbcUrl(System.getProperty("fauxtp.bench.postgres-url"));
        }
        config.setMaximumPoolSize(16);
        config.setMinimumIdle(16);
        config.setConnectionTimeout(600_000);
        return new HikariDataSource(config);
    }

    @TearDown(Level.Iteration)
    public void dropTables(IterationParams iteration) throws Exception {
        if (iteration.getType() == IterationType.MEASUREMENT) {
            durableMs.addValue(durableNanos / 1e6);
            plainJdbcMs.addValue(plainNanos / 1e6);
            ratios.addValue((double) plainNanos / durableNanos);
        }
        threads.close();
        service.close();
        if (dir == null) {   // PostgreSQL: the server stays, the operation's tables go
            try (Connection c = plainPool.getConnection(); Statement s = c.createStatement()) {
                for (String t : List.of(plainStep, plainRun, storeTable + "_journal", storeTable + "_schema",
                        storeTable)) {
                    s.execute("DROP TABLE IF EXISTS " + t);
                }
            }
        }
        durablePool.close();
        plainPool.close();
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Prints the paired figures of the fork's measured operations, with JMH's own 99.9 % confidence intervals
     * (JMH 1.37 sums {@code @AuxCounters} over the shots of a single-shot benchmark instead of averaging them).
     */
    @TearDown(Level.Trial)
    public void report() {
        System.out.printf("%npaired: database=%s runs=%d shots=%d durable/plainJdbc throughput %.2f ± %.2f;"
                + " durable %.0f ± %.0f ms, plainJdbc %.0f ± %.0f ms (99.9 %%)%n", database, runs, ratios.getN(),
                ratios.getMean(), ratios.getMeanErrorAt(0.999), durableMs.getMean(), durableMs.getMeanErrorAt(0.999),
                plainJdbcMs.getMean(), plainJdbcMs.getMeanErrorAt(0.999));
    }

    @Benchmark
    public int durableAndPlainJdbc() throws Exception {
        boolean durableFirst = operations++ % 2 == 0;
        int completed = 0;
        for (int side = 0; side < 2; side++) {
            boolean durable = durableFirst == (side == 0);
            long begin = System.nanoTime();
            completed += durable ? batch(this::durableRun) : batch(this::plainRun);
            long took = System.nanoTime() - begin;
            if (durable) {
                durableNanos = took;
            } else {
                plainNanos = took;
            }
        }
        return completed;
    }

    private interface Run {
        int run(String id) throws Exception;
    }

    /** {@code runs} runs at once, a virtual thread each; the number that completed. */
    private int batch(Run run) throws Exception {
        List<Future<Integer>> done = new ArrayList<>(runs);
        String batch = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < runs; i++) {
            String id = batch + "-" + i;
            done.add(threads.submit((Callable<Integer>) () -> run.run(id)));
        }
        int completed = 0;
        for (Future<Integer> f : done) {
            completed += f.get();
        }
        if (completed != runs) {
            throw new IllegalStateException(completed + " of " + runs + " runs completed");
        }
        return completed;
    }

    private int durableRun(String id) {
        return service.start("three", id, id).status() == Suspension.Status.COMPLETED ? 1 : 0;
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
        try (Connection c = plainPool.getConnection()) {
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
