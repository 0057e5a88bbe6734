package io.fauxtp.benchmarks;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.SuspensionCodec;
import io.fauxtp.workflow.WorkflowDefinition;
import io.fauxtp.workflow.WorkflowEngine;
import io.fauxtp.workflow.WorkflowSpec;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What durability costs a workflow: a run with {@code steps} completed effect calls waits for a signal.
 * {@code replay} resumes it (the whole journal is replayed, no handler runs, it stops at the signal again);
 * {@code dumpAndLoad} writes the suspension as text and reads it back, as a store does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WorkflowReplayBenchmark {

    /** The effect the workflow calls. */
    public interface Inventory {
        long count(String sku, int round);
    }

    @Param({"10", "100"})
    public int steps;

    private WorkflowEngine engine;
    private SuspensionCodec codec;
    private Suspension waiting;
    private String text;

    @Setup(Level.Trial)
    public void runUntilTheSignal() {
        int n = steps;
        WorkflowDefinition<String, Long> counting = (ctx, sku) -> {
            long total = 0;
            for (int i = 0; i < n; i++) {
                total += ctx.effect(Inventory.class).count(sku, i);
            }
            return total + ctx.awaitSignal("done", Long.class);
        };
        engine = WorkflowEngine.builder()
                .register(WorkflowSpec.of("count", 1, counting))
                .handler(EffectHandler.of("inventory", Inventory.class, (sku, round) -> round))
                .build();
        codec = SuspensionCodec.standard();
        waiting = engine.start("count", "sku-1");
        text = codec.dump(waiting);
    }

    @Benchmark
    public Suspension replay() {
        return engine.resume(waiting);
    }

    @Benchmark
    public Suspension dumpAndLoad() {
        return codec.load(codec.dump(waiting));
    }

    @Benchmark
    public Suspension load() {
        return codec.load(text);
    }
}
