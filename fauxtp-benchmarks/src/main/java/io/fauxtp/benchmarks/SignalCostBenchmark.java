package io.fauxtp.benchmarks;

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
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcConnectionPool;
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
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * The cost of one signal to a live durable run, by the run's length: each operation delivers the
 * {@code signal}-th signal to each of {@value #RUNS} runs (their previous signals delivered in the iteration's
 * set-up) through {@link WorkflowService#signal} over a {@link JdbcSuspensionStore}, each signal journaled and
 * committed. The runs are live, as the runs of a running application are: the service has resumed each of them
 * once, so its code is parked at the await for the next signal (a signal goes on from there, without replaying
 * the journal), and the store wrote them, so it holds them and checks only their header's revision and last
 * journal row's tag. Compare the score at {@code signal=1000} with {@code signal=10}: the target is within 2x. Database: {@code h2} (a fresh embedded file with {@code WRITE_DELAY=0}) or {@code postgres}
 * ({@code -Dfauxtp.bench.postgres-url=jdbc:postgresql://...}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(1)
public class SignalCostBenchmark {

    /** Runs signalled per operation. */
    static final int RUNS = 20;

    @Param({"10", "1000"})
    public int signal;

    @Param({"h2"})
    public String database;

    private Path dir;
    private JdbcConnectionPool pool;
    private WorkflowService service;
    private String table;
    private final List<String> ids = new ArrayList<>();

    /** Waits for "tick" signals until "stop". */
    static final WorkflowDefinition<String, Integer> TICKS = (ctx, input) -> {
        int n = 0;
        while (!ctx.awaitSignal("tick", String.class).equals("stop")) {
            n++;
        }
        return n;
    };

    @Setup(Level.Iteration)
    public void runsOneSignalShort() throws Exception {
        if (database.equals("h2")) {
            dir = Files.createTempDirectory("fauxtp-signal-bench");
            pool = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("runs") + ";WRITE_DELAY=0", "sa", "");
        } else {
            PGConnectionPoolDataSource pg = new PGConnectionPoolDataSource();
            pg.setURL(System.getProperty("fauxtp.bench.postgres-url"));
            pool = JdbcConnectionPool.create(pg);
        }
        table = "bench_signal_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        WorkflowEngine engine = WorkflowEngine.builder().register(WorkflowSpec.of("ticks", 1, TICKS)).build();
        JdbcSuspensionStore store = JdbcSuspensionStore.builder(pool, SuspensionCodec.standard()).table(table)
                .build();
        service = new WorkflowService(engine, store);
        ids.clear();
        for (int r = 0; r < RUNS; r++) {
            // The first signal-1 signals, delivered in memory and stored in one save, as if delivered one by one.
            Suspension s = engine.resume(engine.freeze("ticks", "run-" + r, "x"));
            for (int i = 1; i < signal; i++) {
                s = engine.signal(s, "tick", "t");
            }
            store.save(s);
            service.resume(s.id());   // as the run's process does when it starts: the run is live from here
            ids.add(s.id());
        }
    }

    @TearDown(Level.Iteration)
    public void close() throws Exception {
        service.close();
        if (dir == null) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                for (String t : List.of(table + "_journal", table + "_schema", table)) {
                    s.execute("DROP TABLE IF EXISTS " + t);
                }
            }
        }
        pool.dispose();
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The {@code signal}-th signal of each of the runs. */
    @Benchmark
    public int nthSignal() {
        int journaled = 0;
        for (String id : ids) {
            journaled += service.signal(id, "tick", "t").journal().size();
        }
        return journaled;
    }
}
