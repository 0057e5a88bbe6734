package io.fauxtp.benchmarks;

import io.fauxtp.genserver.CallExitException;
import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.process.ProcessContext;
import io.fauxtp.supervisor.ChildSpec;
import io.fauxtp.supervisor.Supervisor;
import io.fauxtp.supervisor.SupervisorSpec;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Supervisor restart latency: a registered GenServer child of a one_for_one supervisor is killed; one
 * operation is the time from the kill until the restarted child (a new pid) answers a call made by name.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SupervisorRestartBenchmark {

    private static final String NAME = "echo";

    /** Answers every call with its own pid, so the benchmark knows which instance answered. */
    static final class Echo implements GenServer<Pid> {
        @Override
        public Pid init(Object args) {
            return ProcessContext.current().self();
        }

        @Override
        public CallResult<Pid> handleCall(Object request, From from, Pid self) {
            return CallResult.reply(self, self);
        }
    }

    private Node node;

    @Setup(Level.Trial)
    public void startTree() {
        node = Node.create("restart-benchmark");
        Supervisor.start(node, SupervisorSpec.oneForOne(ChildSpec.genServer("echo", new Echo(), null).withName(NAME))
                .withIntensity(Integer.MAX_VALUE, Duration.ofSeconds(1)));
    }

    @TearDown(Level.Trial)
    public void closeNode() {
        node.close();
    }

    @Benchmark
    public Pid crashUntilRestartedChildAnswers() {
        // the previous operation ended with the current instance answering, so its name is registered
        Pid old = node.registry().whereis(NAME).orElseThrow();
        node.exit(old, ExitReason.KILL);
        while (true) {
            try {
                Pid answered = GenServer.call(node, NAME, "who", Duration.ofSeconds(5));
                if (!answered.equals(old)) {
                    return answered;
                }
            } catch (CallExitException notThereYet) {
                // the name is free (noproc) or still names the dying instance: ask again
                Thread.onSpinWait();
            }
        }
    }
}
