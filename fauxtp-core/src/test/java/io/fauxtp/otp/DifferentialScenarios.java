package io.fauxtp.otp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the differential tests share: the seed and scenario count, random picks for the generators, greedy
 * shrinking of a diverging scenario, and the tally of what the scenarios covered.
 *
 * <p>Scenario {@code i} is generated from the {@code i}-th {@link SplittableRandom#split() split} of a
 * {@code SplittableRandom} seeded with {@link #seed()}, so a seed and an index name one scenario:
 * {@code -Dfauxtp.differential.seed=S -Dfauxtp.differential.scenarios=N} replays scenarios 0 to N-1 of seed S.
 */
final class DifferentialScenarios {

    static final long DEFAULT_SEED = 20261206L;
    static final int DEFAULT_SCENARIOS = 1000;

    /** Shrinking stops after this many reruns of candidate scenarios: a timed scenario costs seconds a run. */
    static final int SHRINK_ATTEMPTS = 250;

    private DifferentialScenarios() {
    }

    /** The seed: {@code -Dfauxtp.differential.seed}, else fixed so every run checks the same scenarios. */
    static long seed() {
        return Long.getLong("fauxtp.differential.seed", DEFAULT_SEED);
    }

    /** How many scenarios a test class runs: {@code -Dfauxtp.differential.scenarios}, else 1,000. */
    static int count() {
        return Integer.getInteger("fauxtp.differential.scenarios", DEFAULT_SCENARIOS);
    }

    // ---------------------------------------------------------------- picks

    /** One of {@code values}, each equally likely. */
    @SafeVarargs
    static <T> T oneOf(SplittableRandom random, T... values) {
        return values[random.nextInt(values.length)];
    }

    /** An int in {@code [min, max]}, each equally likely. */
    static int between(SplittableRandom random, int min, int max) {
        return random.nextInt(min, max + 1);
    }

    /** The index of one of {@code weights}, chosen with probability proportional to its weight. */
    static int weighted(SplittableRandom random, int... weights) {
        int total = 0;
        for (int weight : weights) {
            total += weight;
        }
        int roll = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            roll -= weights[i];
            if (roll < 0) {
                return i;
            }
        }
        throw new AssertionError("unreachable");
    }

    // ---------------------------------------------------------------- shrinking

    /** Counts the reruns left to a shrink. */
    static final class Budget {
        private int left;

        Budget() {
            this.left = SHRINK_ATTEMPTS;
        }

        boolean take() {
            return left-- > 0;
        }

        boolean exhausted() {
            return left <= 0;
        }

        int used() {
            return SHRINK_ATTEMPTS - Math.max(left, 0);
        }
    }

    /**
     * Greedy delta debugging over one list of a scenario: removes chunks of half the list, then quarters, and so
     * on down to single items, keeping every removal after which the scenario still diverges.
     *
     * @param items    the list as it is in {@code current}
     * @param rebuild  the scenario with its list replaced
     * @param minSize  the smallest list tried
     * @param diverges reruns a candidate through OTP and fauxtp: true if their traces still differ
     * @return the smallest diverging scenario found
     */
    static <S, T> S shrinkList(S current, Function<S, List<T>> items, BiFunction<S, List<T>, S> rebuild, int minSize,
            Predicate<S> diverges, Budget budget) {
        for (int chunk = Math.max(1, items.apply(current).size() / 2); chunk >= 1; chunk /= 2) {
            int start = 0;
            while (start < items.apply(current).size()) {
                List<T> list = items.apply(current);
                if (list.size() - Math.min(chunk, list.size() - start) < minSize) {
                    start += chunk;
                    continue;
                }
                List<T> candidate = new ArrayList<>(list.subList(0, start));
                candidate.addAll(list.subList(Math.min(start + chunk, list.size()), list.size()));
                if (!budget.take()) {
                    return current;
                }
                S smaller = rebuild.apply(current, candidate);
                if (diverges.test(smaller)) {
                    current = smaller;   // same start: the next chunk has moved here
                } else {
                    start += chunk;
                }
            }
        }
        return current;
    }

    /** What OTP and fauxtp printed for one scenario. */
    record Traces(List<String> otp, List<String> fauxtp) {
        boolean same() {
            return otp.equals(fauxtp);
        }
    }

    /**
     * Runs {@code fauxtp} while the Erlang driver runs the same scenario ({@code erlangTerm}); an exception from
     * fauxtp becomes its trace, so the driver's answer is still read and the next scenario stays in step.
     */
    static Traces run(ErlangDriver erlang, String erlangTerm, Supplier<List<String>> fauxtp) {
        erlang.send(erlangTerm);
        List<String> fauxtpTrace;
        try {
            fauxtpTrace = fauxtp.get();
        } catch (RuntimeException | AssertionError e) {
            fauxtpTrace = List.of("threw " + e);
        }
        return new Traces(erlang.readTrace(), fauxtpTrace);
    }

    /** The failure message: where the scenario came from, the scenario, how it shrank, and both traces. */
    static String divergence(String test, int index, Object original, Object shrunk, int reruns,
            Traces shrunkTraces) {
        return String.format("""
                %s: scenario %d of seed %d diverges from OTP (replay with -Dfauxtp.differential.seed=%d \
                -Dfauxtp.differential.scenarios=%d)
                generated: %s
                shrunk (%d reruns): %s
                OTP's trace:
                %s
                fauxtp's trace:
                %s""", test, index, seed(), seed(), index + 1, original, reruns, shrunk,
                String.join("\n", shrunkTraces.otp()), String.join("\n", shrunkTraces.fauxtp()));
    }

    // ---------------------------------------------------------------- coverage

    /** Counts, per label, how many scenarios fell in each class; printed as shares at the end of a run. */
    static final class Tally {
        private final Map<String, Map<String, Integer>> counts = new TreeMap<>();
        private int scenarios;

        void scenario() {
            scenarios++;
        }

        void collect(String label, String value) {
            counts.computeIfAbsent(label, l -> new TreeMap<>()).merge(value, 1, Integer::sum);
        }

        int count(String label, String value) {
            return counts.getOrDefault(label, Map.of()).getOrDefault(value, 0);
        }

        String report(String title) {
            StringBuilder text = new StringBuilder(title).append(": ").append(scenarios).append(" scenarios\n");
            counts.forEach((label, values) -> {
                text.append("  ").append(label).append(':');
                values.forEach((value, n) -> text.append(String.format(" %s %.1f%% (%d);", value,
                        100.0 * n / scenarios, n)));
                text.append('\n');
            });
            return text.toString();
        }
    }
}
