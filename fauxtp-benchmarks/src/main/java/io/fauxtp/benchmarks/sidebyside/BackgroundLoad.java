package io.fauxtp.benchmarks.sidebyside;

/**
 * The background load of {@code compare.sh --loaded}: as many threads as the machine has processors (or the
 * number given), each in a tight integer loop that never blocks, allocates nothing and touches no shared memory,
 * until the process is killed. Run as a JVM of its own beside the benchmark, at the same priority, it leaves the
 * benchmark no free core: every thread the benchmark runs shares its core with a busy one, as on a production
 * machine whose cores are all in use.
 *
 * <pre>java -cp benchmarks.jar io.fauxtp.benchmarks.sidebyside.BackgroundLoad [threads]</pre>
 */
public final class BackgroundLoad {

    private BackgroundLoad() {}

    /** What each thread computes; read once at the end, so the loop cannot be optimised away. */
    private static volatile long sink;

    public static void main(String[] args) throws InterruptedException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        Thread[] busy = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            long seed = 0x9E3779B97F4A7C15L * (t + 1);
            busy[t] = Thread.ofPlatform().name("background-load-" + t).start(() -> sink = spin(seed));
        }
        System.out.println("background load: " + threads + " busy threads");
        for (Thread thread : busy) {
            thread.join();
        }
    }

    /** A xorshift generator stepped forever: pure arithmetic on registers. */
    private static long spin(long seed) {
        long x = seed;
        while (x != 0) { // never 0: xorshift keeps a non-zero state non-zero
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
