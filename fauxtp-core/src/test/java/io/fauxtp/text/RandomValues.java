package io.fauxtp.text;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random plain values (with shared parts) for property and fuzz tests. */
final class RandomValues {

    private static final String[] STRINGS = {"", "a", "it's", "say \"hi\"", "tab\there", "line\nbreak", "é€😀",
        "\u0000\u007f\u0085", "back\\slash", "x".repeat(40), "long and shared: " + "y".repeat(20), "\ud800"};

    private final Random random;
    private final List<Object> shareable = new ArrayList<>();

    RandomValues(Random random) {
        this.random = random;
    }

    Object value(int depth) {
        int kinds = depth >= 5 ? 8 : 14;
        return switch (random.nextInt(kinds)) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> (long) random.nextInt(2_000_001) - 1_000_000;
            case 3 -> random.nextLong();
            case 4 -> new BigInteger(100, random).subtract(BigInteger.ONE.shiftLeft(99));
            case 5 -> switch (random.nextInt(6)) {
                case 0 -> Double.NaN;
                case 1 -> random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                case 2 -> Double.longBitsToDouble(random.nextLong());
                default -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
            };
            case 6 -> STRINGS[random.nextInt(STRINGS.length)] + (random.nextBoolean() ? "" : random.nextInt(100));
            case 7 -> {
                byte[] b = new byte[random.nextInt(5)];
                random.nextBytes(b);
                yield Bytes.of(b);
            }
            case 8, 9 -> remember(list(depth));
            case 10, 11 -> remember(map(depth));
            case 12 -> remember(random.nextBoolean() ? Tuple.copyOf(hashables(depth)) : new LinkedHashSet<>(hashables(depth)));
            default -> shareable.isEmpty() ? List.of() : shareable.get(random.nextInt(shareable.size()));
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
        for (int i = random.nextInt(5); i > 0; i--) {
            l.add(value(depth + 1));
        }
        return l;
    }

    private Map<Object, Object> map(int depth) {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            Object key = random.nextBoolean() ? "k" + random.nextInt(20) : (Object) (long) random.nextInt(20);
            m.put(key, value(depth + 1));
        }
        return m;
    }

    private List<Object> hashables(int depth) {
        List<Object> l = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            l.add(random.nextBoolean() ? (Object) ("s" + random.nextInt(10)) : Tuple.of((long) random.nextInt(5), "t"));
        }
        return l;
    }
}
