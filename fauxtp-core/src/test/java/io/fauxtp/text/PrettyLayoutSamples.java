package io.fauxtp.text;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded values and their pretty text in several widths and indents, for {@link PrettyLayoutGoldenTest}: nested
 * lists, dicts, tuple keys, sets, custom calls with keywords, shared values, long integers, astral and
 * multi-line long strings, so every rule of the layout (a group's width with what follows it on its line, code
 * points, a long string's lines breaking every group around them) is decided many times.
 */
final class PrettyLayoutSamples {

    static final int COUNT = 120;
    static final int[][] FORMATS = {{60, 4}, {20, 2}, {12, 4}, {100, 1}};

    private static final String[] STRINGS = {"", "a", "it's", "say \"hi\"", "tab\there", "é€😀", "x".repeat(40),
        "😀".repeat(20), "multi\nline " + "z".repeat(60) + "\nmore 😀 lines\n" + "w".repeat(30), "ab\ncd".repeat(14)};

    private final Random random;
    private final List<Object> shareable = new ArrayList<>();

    private PrettyLayoutSamples(long seed) {
        random = new Random(seed);
    }

    /** The golden text: every sample in every format, each after a header line. */
    static String render() {
        TextCodec codec = TextCodec.builder().constructor("app.T0", c -> c).constructor("app.T1", c -> c).build();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < COUNT; i++) {
            Object value = new PrettyLayoutSamples(i).value(0);
            for (int[] f : FORMATS) {
                b.append("### sample ").append(i).append(", width ").append(f[0]).append(", indent ").append(f[1])
                        .append('\n').append(codec.dump(value, TextFormat.pretty(f[0], f[1]))).append('\n');
            }
        }
        return b.toString();
    }

    /**
     * Every sample in one list, in each format: texts of tens of thousands of characters, so that the pretty
     * layout's output crosses the size at which it is moved out of its builder (at a line break) many times, inside
     * groups that break and groups that do not, after astral characters and long strings' lines.
     */
    static String renderLong() {
        TextCodec codec = TextCodec.builder().constructor("app.T0", c -> c).constructor("app.T1", c -> c).build();
        List<Object> all = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            all.add(new PrettyLayoutSamples(i).value(0));
        }
        StringBuilder b = new StringBuilder();
        for (int[] f : FORMATS) {
            b.append("### all samples, width ").append(f[0]).append(", indent ").append(f[1]).append('\n')
                    .append(codec.dump(all, TextFormat.pretty(f[0], f[1]))).append('\n');
        }
        return b.toString();
    }

    private Object value(int depth) {
        int kinds = depth >= 4 ? 7 : 13;
        return switch (random.nextInt(kinds)) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextBoolean() ? random.nextLong() : (long) random.nextInt(20_000) - 10_000;
            case 3 -> new BigInteger(80, random).subtract(BigInteger.ONE.shiftLeft(79));
            case 4 -> Math.round((random.nextDouble() - 0.5) * 1e6) / 100.0;
            case 5 -> STRINGS[random.nextInt(STRINGS.length)];
            case 6 -> Bytes.of(new byte[] {(byte) random.nextInt(256), 'a', '\''});
            case 7, 8 -> remember(list(depth));
            case 9, 10 -> remember(map(depth));
            case 11 -> remember(random.nextBoolean() ? Tuple.copyOf(list(3)) : new LinkedHashSet<>(List.of("s", 1L)));
            default -> {
                if (!shareable.isEmpty() && random.nextBoolean()) {
                    yield shareable.get(random.nextInt(shareable.size()));
                }
                Map<String, Object> kw = new LinkedHashMap<>();
                if (random.nextBoolean()) {
                    kw.put("key", value(depth + 1));
                }
                yield remember(new Call("app.T" + random.nextInt(2), list(depth), kw));
            }
        };
    }

    private Object remember(Object v) {
        if (random.nextInt(3) == 0) {
            shareable.add(v);
        }
        return v;
    }

    private List<Object> list(int depth) {
        List<Object> l = new ArrayList<>();
        for (int i = random.nextInt(6); i > 0; i--) {
            l.add(value(depth + 1));
        }
        return l;
    }

    private Map<Object, Object> map(int depth) {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            Object key = switch (random.nextInt(3)) {
                case 0 -> "key " + random.nextInt(20);
                case 1 -> (long) random.nextInt(20_000);
                default -> Tuple.of((long) random.nextInt(5), "t" + "😀".repeat(random.nextInt(3)));
            };
            m.put(key, value(depth + 1));
        }
        return m;
    }

    /** Writes the golden file: {@code java ... io.fauxtp.text.PrettyLayoutSamples <file>}. */
    public static void main(String[] args) throws Exception {
        Files.writeString(Path.of(args[0]), args.length > 1 && args[1].equals("long") ? renderLong() : render(),
                StandardCharsets.UTF_8);
    }
}
