package io.fauxtp.benchmarks;

import io.fauxtp.genserver.GenServer;
import io.fauxtp.genserver.StartOptions;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.spring.metrics.NameTags;
import io.fauxtp.spring.observation.GenServerObservations;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What observing GenServer requests costs a call from ordinary code (the JMH thread), side by side:
 * {@code off} (no request observer on the node: the path every application without an {@code ObservationRegistry}
 * takes), {@code noop} (fauxtp's observer with a registry that has no handlers: nothing captured or carried),
 * {@code metrics} (a registry whose only handler makes timers in a {@code SimpleMeterRegistry}: two observations,
 * a context snapshot and the MDC per call).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ObservedCallBenchmark {

    @Param({ "off", "noop", "metrics" })
    public String observations;

    private Node node;

    private Pid echo;

    private GenServerObservations observer;

    @Setup(Level.Trial)
    public void start() {
        node = Node.create("observed-bench");
        echo = GenServer.start(node, new EchoServer(), null, StartOptions.defaults().withName("echo"));
        ObservationRegistry registry = ObservationRegistry.create();
        if (observations.equals("metrics")) {
            registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
        }
        if (!observations.equals("off")) {
            observer = new GenServerObservations(node, registry, null, new NameTags(Set.of("echo"), node.registry(), 0));
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        if (observer != null) {
            observer.close();
        }
        node.close();
    }

    @Benchmark
    public Object call() {
        return GenServer.call(echo, "hello");
    }

}
