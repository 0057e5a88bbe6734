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
 * How long the loader takes to refuse each hostile document (the target is under 50 ms each warm, under 500 ms
 * in a fresh JVM with a heap of 64 MB). Every operation loads the document and must end in a
 * {@link TextFormatException}. The last four cases are documents whose cost once multiplied two of their sizes
 * (bindings by tuple literals, nesting depth by dict keys, a chain of bindings) or read a whole literal before
 * refusing it; the first two end in a syntax error, so the loader must read them whole before it refuses them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TextAmplificationBenchmark {

    /** Every case, in the order the fresh-JVM run reports them. */
    static final String[] DOCUMENTS = {"doublingRefs60", "doublingRefs60SetKeys", "nested100000",
        "integer1000000Digits", "string20000000Chars", "refs200000", "hashFlood", "sharedString100000",
        "bindingsTimesTuples", "deepTupleKeys", "chainedBindings100000", "hexInteger1000000Digits"};

    @Param({"doublingRefs60", "doublingRefs60SetKeys", "nested100000", "integer1000000Digits",
        "string20000000Chars", "refs200000", "hashFlood", "sharedString100000", "bindingsTimesTuples",
        "deepTupleKeys", "chainedBindings100000", "hexInteger1000000Digits"})
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
            case "sharedString100000" -> "['" + "s".repeat(1_000) + "'" + ", ref(1)".repeat(100_000) + "]";
            case "bindingsTimesTuples" -> bindingsTimesTuples(20_000, 200_000);
            case "deepTupleKeys" -> deepTupleKeys(5_000, 190);
            case "chainedBindings100000" -> chainedBindings(100_000);
            case "hexInteger1000000Digits" -> "0x" + "f".repeat(1_000_000);
            default -> throw new IllegalArgumentException(document);
        };
    }

    /**
     * The cold case, without JMH: {@code java -Xmx64m -cp benchmarks.jar
     * io.fauxtp.benchmarks.TextAmplificationBenchmark <document>} times the first refusal of the document in a
     * fresh JVM (which also pays for loading the classes) and prints the heap's peak use, the document included.
     * Given several documents, it refuses them one after the other in the same JVM.
     */
    public static void main(String[] args) {
        String[] documents = args.length > 0 ? args : DOCUMENTS;
        for (String d : documents) {
            TextAmplificationBenchmark b = new TextAmplificationBenchmark();
            b.document = d;
            b.text = b.input();
            long start = System.nanoTime();
            TextFormatException e = b.refuse();
            double millis = (System.nanoTime() - start) / 1e6;
            long peak = 0;
            for (java.lang.management.MemoryPoolMXBean pool
                    : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.printf("%-24s %8d chars refused in %8.1f ms, heap peak %5.1f MB (max %d MB): %s%n", d,
                    b.text.length(), millis, peak / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576,
                    e.reason().length() > 90 ? e.reason().substring(0, 90) + "..." : e.reason());
        }
    }

    /** {@code bindings} bindings, then a list of {@code tuples} one-element tuples that never closes. */
    static String bindingsTimesTuples(int bindings, int tuples) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < bindings; i++) {
            b.append('b').append(i).append(" = ").append(i).append('\n');
        }
        b.append('[');
        for (int i = 0; i < tuples; i++) {
            b.append("(0,),");
        }
        return b.toString();
    }

    /** A dict of {@code keys} keys, each a tuple nested {@code depth} deep, that never closes. */
    static String deepTupleKeys(int keys, int depth) {
        StringBuilder b = new StringBuilder("{");
        for (int k = 0; k < keys; k++) {
            b.append("(".repeat(depth)).append(k).append(",)".repeat(depth)).append(": 0, ");
        }
        return b.toString();
    }

    /** {@code a0 = 1}, {@code a1 = a0}, ... and the value {@code a(n-1)}: nesting far beyond the depth limit. */
    static String chainedBindings(int n) {
        StringBuilder b = new StringBuilder("a0 = 1\n");
        for (int i = 1; i < n; i++) {
            b.append('a').append(i).append(" = a").append(i - 1).append('\n');
        }
        return b.append('a').append(n - 1).toString();
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
