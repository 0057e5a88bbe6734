package io.fauxtp.text.internal;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Hash codes for {@code Tuple} and {@code Bytes}, seeded per JVM. Java's own element hashes collide on purpose
 * for easy inputs ({@code "Aa"}/{@code "BB"}, {@code 1L<<32|1}/{@code 0}), which would let a document fill a
 * dict with colliding tuple keys and make loading quadratic; a secret seed makes such collisions unguessable.
 */
public final class Hashing {

    private static final long SEED = new SecureRandom().nextLong();

    private Hashing() {}

    /** {@code true} for values that can never change: the scalar types of the text format. */
    public static boolean isImmutableScalar(Object e) {
        return e == null || e instanceof String || e instanceof Long || e instanceof Integer || e instanceof Double
                || e instanceof Boolean || e instanceof BigInteger || e instanceof Short || e instanceof Byte
                || e instanceof Float || e instanceof io.fauxtp.text.Bytes || e instanceof Enum<?>;
    }

    /** The seeded hash of a tuple's elements. */
    public static int hashAll(Object[] elements) {
        long h = SEED ^ elements.length;
        for (Object e : elements) {
            h = mix(h * 0x9E3779B97F4A7C15L + of(e));
        }
        return (int) (h ^ (h >>> 32));
    }

    /** The seeded hash of a byte string. */
    public static int bytes(byte[] data) {
        long h = SEED ^ data.length;
        int i = 0;
        for (; i + 8 <= data.length; i += 8) {
            long w = 0;
            for (int k = 0; k < 8; k++) {
                w = (w << 8) | (data[i + k] & 0xFF);
            }
            h = mix(h ^ w);
        }
        for (; i < data.length; i++) {
            h = mix(h ^ (data[i] & 0xFF));
        }
        return (int) (h ^ (h >>> 32));
    }

    private static long of(Object e) {
        return switch (e) {
            case null -> 0x5DEECE66DL;
            case Long l -> mix(l ^ SEED);
            case Integer i -> mix(i.longValue() ^ SEED);
            case Double d -> mix(Double.doubleToLongBits(d) ^ SEED);
            case String s -> string(s);
            case BigInteger b -> bytes(b.toByteArray());
            default -> mix(e.hashCode() ^ SEED);
        };
    }

    private static long string(String s) {
        long h = SEED ^ s.length();
        int i = 0;
        int n = s.length();
        for (; i + 4 <= n; i += 4) {
            long w = ((long) s.charAt(i) << 48) | ((long) s.charAt(i + 1) << 32) | ((long) s.charAt(i + 2) << 16)
                    | s.charAt(i + 3);
            h = mix(h ^ w);
        }
        for (; i < n; i++) {
            h = mix(h ^ s.charAt(i));
        }
        return h;
    }

    /** MurmurHash3's 64-bit finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
