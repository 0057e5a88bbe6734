package io.fauxtp.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded fuzzing of {@link TextCodec#load(String)}: random documents and mutations of valid ones. Loading must
 * only ever throw {@link TextFormatException}, stay within the limits, build nothing but the plain types and the
 * registered ones, and whatever it loads must dump and load again to the same text.
 *
 * <p>{@code -Dfauxtp.fuzz.iterations=N} (default 100,000) and {@code -Dfauxtp.fuzz.seed=S} change the run; the
 * {@code fuzz-long} Maven profile runs 5,000,000 inputs.
 */
class TextFuzzTest {

    record Point(long x, long y) {}

    private static final LoadLimits LIMITS = new LoadLimits(4_096, 24, 600, 60, 60, 20_000);
    private static final TextCodec CODEC = TextCodec.builder()
            .record(Point.class, "app.Point")
            .limits(LIMITS)
            .build();
    private static final TextCodec RELOAD = CODEC.toBuilder().limits(LoadLimits.defaults()).build();

    private static final Set<Class<?>> ALLOWED = Set.of(Long.class, BigInteger.class, Double.class, String.class,
            Boolean.class, Bytes.class, java.util.ArrayList.class, java.util.LinkedHashMap.class,
            java.util.LinkedHashSet.class, Tuple.class, Point.class);

    private static final String[] FRAGMENTS = {"ref(", "ref(1)", "ref(0)", "ref(99)", ")", "(", "[", "]", "{", "}",
        ",", ":", "'", "\"", "'''", "\\", "#", "\n", " ", "=", "a = ", "b: int = ", "import x\n", "from x import y\n",
        "a", "b", "tuple(", "set(", "app.Point(", "app.Point(x=", "os.system(", "java.lang.Runtime(", "1e999",
        "-1e-999", "0x", "0o7", "0b1", "_", "1_000", "nan", "inf", "-", "+", "b'", "r'", "rb'", "f'", "u'", "\\N{",
        "\\N{BULLET}", "\\x4", "\\U0001F600", "\\u12", "\\777", "None", "True", "False", "float(\"nan\")",
        "float('x')", "...", "*", "**", ";", "\r\n", "\t", "é", "😀", "\ud800", "9".repeat(70), "[[[[[[[[",
        "]]]]]]]]", "x = [a, a]\n", "12345678901234567890123"};

    private final Random random = new Random(Long.getLong("fauxtp.fuzz.seed", 20261123L));

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // a guard against hangs, far above the normal few seconds
    void loadingArbitraryInputOnlyEverFailsWithTheFormatsOwnError() {
        int iterations = Integer.getInteger("fauxtp.fuzz.iterations", 100_000);
        List<String> corpus = seeds();
        int loaded = 0;
        int refused = 0;
        for (int i = 0; i < iterations; i++) {
            String input = switch (i % 4) {
                case 0 -> randomDocument();
                case 1 -> mutate(corpus.get(random.nextInt(corpus.size())), 1 + random.nextInt(3));
                case 2 -> mutate(corpus.get(random.nextInt(corpus.size())), 1);
                default -> splice(corpus.get(random.nextInt(corpus.size())), corpus.get(random.nextInt(corpus.size())));
            };
            Object value;
            try {
                value = CODEC.load(input);
            } catch (TextFormatException e) {
                refused++;
                assertThat(e.line()).as(input).isPositive();
                assertThat(e.column()).as(input).isPositive();
                continue;
            } catch (Throwable t) {
                throw new AssertionError("load threw " + t + " for input " + escape(input), t);
            }
            loaded++;
            check(value, input);
            if (loaded % 8 == 0 && corpus.size() < 5_000) {
                corpus.add(input); // grow the corpus with inputs that load, to go deeper
            }
        }
        System.out.printf("fuzz: %d inputs, %d loaded, %d refused%n", iterations, loaded, refused);
        assertThat(loaded + refused).isEqualTo(iterations);
        assertThat(loaded).as("inputs that loaded").isGreaterThan(iterations / 20);
        assertThat(refused).as("inputs that were refused").isGreaterThan(iterations / 20);
    }

    private void check(Object value, String input) {
        // only plain and registered types, within the limits, no copies of shared structure
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        int depth = walk(value, 0, seen, input);
        assertThat(depth).as(input).isLessThanOrEqualTo(LIMITS.maxDepth());
        assertThat(seen.size()).as(input).isLessThanOrEqualTo(LIMITS.maxNodes());
        // what loaded can be written and read back to the same text
        String text;
        try {
            text = RELOAD.dump(value);
            assertThat(RELOAD.dump(RELOAD.load(text))).as(input).isEqualTo(text);
        } catch (RuntimeException e) {
            throw new AssertionError("round trip failed for input " + escape(input), e);
        }
    }

    private int walk(Object v, int depth, Map<Object, Boolean> seen, String input) {
        if (v == null) {
            return depth;
        }
        assertThat(ALLOWED).as("type loaded from " + escape(input)).contains(v.getClass());
        if (v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean
                || v instanceof BigInteger || v instanceof Bytes) {
            return depth;
        }
        if (seen.put(v, Boolean.TRUE) != null) {
            return depth;
        }
        int extra = v instanceof Tuple || v instanceof Set<?> ? 2 : 1;
        Iterable<?> children = switch (v) {
            case List<?> l -> l;
            case Set<?> s -> s;
            case Tuple t -> t;
            case Map<?, ?> m -> {
                List<Object> kv = new ArrayList<>();
                m.forEach((k, x) -> {
                    kv.add(k);
                    kv.add(x);
                });
                yield kv;
            }
            default -> Collections.emptyList();
        };
        int max = depth + extra;
        for (Object c : children) {
            max = Math.max(max, walk(c, depth + extra, seen, input));
        }
        return max;
    }

    private List<String> seeds() {
        List<String> seeds = new ArrayList<>(List.of(
                "[1, 2, 3, 4, None]", "[[], ref(1)]", "[{'nan': nan, '1_5': [1, 2, 3, 4, 5]}, ref(10)]",
                "{tuple([0, 1]): tuple([1, 2]), ref(4): tuple([2, 3])}", "import otf\n_0 = {}\n[_0, _0, (1, 2), {3}]",
                "app.Point(1, y=2)", "[app.Point(1, 2), ref(3)]", "{'a': b'\\x00', 'b': r'\\n', 'c': '''x\ny'''}",
                "# comment\n[1_000, 0x_ff, 1e+16, -inf, float(\"-inf\"), 'a' 'b',]",
                "a = 5\nb = [a, a]\n[b, ref(3), a]", "'\\N{BULLET}\\U0001F600\\u00e9\\x41\\101'",
                "set([tuple([1, 2]), tuple([ref(3), 3])])", Amplification.doublingRefs(12, false),
                Amplification.doublingRefs(12, true)));
        RandomValues values = new RandomValues(random);
        for (int i = 0; i < 300; i++) {
            Object v = values.value(0);
            seeds.add(i % 3 == 0 ? RELOAD.dump(v, TextFormat.pretty(30, 2)) : RELOAD.dump(v));
        }
        return seeds;
    }

    private String randomDocument() {
        StringBuilder b = new StringBuilder();
        for (int n = random.nextInt(12); n >= 0; n--) {
            b.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        }
        return b.toString();
    }

    private String mutate(String s, int times) {
        StringBuilder b = new StringBuilder(s);
        for (int t = 0; t < times; t++) {
            int at = b.isEmpty() ? 0 : random.nextInt(b.length() + 1);
            switch (random.nextInt(6)) {
                case 0 -> b.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                case 1 -> {
                    if (at < b.length()) {
                        b.deleteCharAt(at);
                    }
                }
                case 2 -> {
                    if (at < b.length()) {
                        b.setCharAt(at, (char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000)));
                    }
                }
                case 3 -> {
                    int end = Math.min(b.length(), at + random.nextInt(20));
                    b.delete(at, end);
                }
                case 4 -> {
                    int end = Math.min(b.length(), at + random.nextInt(20));
                    b.insert(at, b.substring(at, end));
                }
                default -> {
                    // change a digit, which moves refs and changes numbers
                    for (int k = at; k < b.length(); k++) {
                        if (Character.isDigit(b.charAt(k))) {
                            b.setCharAt(k, (char) ('0' + random.nextInt(10)));
                            break;
                        }
                    }
                }
            }
        }
        return b.toString();
    }

    private String splice(String a, String b) {
        int i = random.nextInt(a.length() + 1);
        int j = random.nextInt(b.length() + 1);
        return a.substring(0, i) + b.substring(j);
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 32 || c > 126) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
