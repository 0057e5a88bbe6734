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
        "string20000000Chars", "refs200000", "hashFlood"})
    public String document;

    private String text;

    @Setup(Level.Trial)
    public void setUp() {
        text = input();
        refuse(); // fail the trial at once if the document is accepted
    }

    private String input() {
        return switch (document) {
            case "doublingRefs60" -> doublingRefs(60, false);
            case "doublingRefs60SetKeys" -> doublingRefs(60, true);
            case "nested100000" -> "[".repeat(100_000) + "]".repeat(100_000);
            case "integer1000000Digits" -> "1" + "0".repeat(999_999);
            case "string20000000Chars" -> "'" + "a".repeat(20_000_000) + "'";
            case "refs200000" -> "[[]" + ", ref(1)".repeat(200_000) + "]";
            case "hashFlood" -> hashFlood(10);
            default -> throw new IllegalArgumentException(document);
        };
    }

    /**
     * The cold case, without JMH: {@code java -cp benchmarks.jar io.fauxtp.benchmarks.TextAmplificationBenchmark
     * [document...]} times the first refusal of each document (the first one also pays for loading the classes).
     */
    public static void main(String[] args) {
        String[] documents = args.length > 0 ? args : new String[] {"doublingRefs60", "doublingRefs60SetKeys",
            "nested100000", "integer1000000Digits", "string20000000Chars", "refs200000", "hashFlood"};
        for (String d : documents) {
            TextAmplificationBenchmark b = new TextAmplificationBenchmark();
            b.document = d;
            b.text = b.input();
            long start = System.nanoTime();
            TextFormatException e = b.refuse();
            System.out.printf("%-24s refused in %8.3f ms: %s%n", d, (System.nanoTime() - start) / 1e6, e.reason());
        }
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
     * A dict of 2^blocks strings made of "Aa"/"BB" blocks (all with one String.hashCode) and as many Longs with
     * that same hash code: mixed classes with one hash make HashMap search linearly, n^2 steps to build.
     */
    static String hashFlood(int blocks) {
        java.util.List<String> strings = new java.util.ArrayList<>(java.util.List.of(""));
        for (int k = 0; k < blocks; k++) {
            java.util.List<String> next = new java.util.ArrayList<>();
            for (String s : strings) {
                next.add(s + "Aa");
                next.add(s + "BB");
            }
            strings = next;
        }
        int h = strings.get(0).hashCode();
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < strings.size(); i++) {
            b.append('\'').append(strings.get(i)).append("': 1, ")
                    .append(((long) i << 32) | ((i ^ h) & 0xFFFFFFFFL)).append(": 2, ");
        }
        return b.append('}').toString();
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
