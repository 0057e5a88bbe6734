package io.fauxtp.benchmarks;

import io.fauxtp.text.Text;
import io.fauxtp.text.TextFormatException;
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
 * How long the loader takes to refuse each hostile document (the target is under 50 ms each). Every operation
 * loads the document and must end in a {@link TextFormatException}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TextAmplificationBenchmark {

    @Param({"doublingRefs60", "doublingRefs60SetKeys", "nested100000", "integer1000000Digits",
        "string20000000Chars", "refs200000"})
    public String document;

    private String text;

    @Setup(Level.Trial)
    public void setUp() {
        text = switch (document) {
            case "doublingRefs60" -> doublingRefs(60, false);
            case "doublingRefs60SetKeys" -> doublingRefs(60, true);
            case "nested100000" -> "[".repeat(100_000) + "]".repeat(100_000);
            case "integer1000000Digits" -> "1" + "0".repeat(999_999);
            case "string20000000Chars" -> "'" + "a".repeat(20_000_000) + "'";
            case "refs200000" -> "[[]" + ", ref(1)".repeat(200_000) + "]";
            default -> throw new IllegalArgumentException(document);
        };
        refuse(); // fail the trial at once if the document is accepted
    }

    @Benchmark
    public TextFormatException refuse() {
        try {
            Text.load(text);
        } catch (TextFormatException e) {
            return e;
        }
        throw new IllegalStateException(document + " was accepted");
    }

    /**
     * 61 levels where each level refers twice to the previous one: about 1.5 KB standing for 2^60 values. With
     * {@code asSetKeys} the levels are tuples and the last one is put in a set (hashing it would walk them all).
     * Same construction as the core tests' {@code Amplification.doublingRefs}.
     */
    static String doublingRefs(int levels, boolean asSetKeys) {
        StringBuilder b = new StringBuilder(asSetKeys ? "[tuple([]), " : "[[], ");
        for (int level = 1; level <= levels; level++) {
            int back = asSetKeys ? (level == 1 ? 4 : 6) : (level == 1 ? 2 : 4);
            b.append(asSetKeys ? "tuple([ref(" : "[ref(").append(back)
                    .append(asSetKeys ? "), ref(1)]), " : "), ref(1)], ");
        }
        return b.append(asSetKeys ? "set([ref(6)])]" : "None]").toString();
    }
}
