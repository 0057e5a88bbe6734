package io.fauxtp.text.internal;

import io.fauxtp.text.Bytes;
import java.math.BigInteger;

/**
 * The weight of one value in {@code LoadLimits.maxExpandedChars}: the loader and the dumper count with this same
 * function, so whatever the dumper writes the loader accepts.
 */
public final class ExpandedSize {

    private ExpandedSize() {}

    /**
     * One for the node itself plus the length of its content: the characters of a string, the bytes of a byte
     * string, the decimal digits of a big integer (an upper bound). Containers and small scalars count one.
     */
    public static long chars(Object value) {
        return 1 + switch (value) {
            case String s -> s.length();
            case Bytes b -> b.length();
            case byte[] b -> b.length;
            case BigInteger b -> decimalDigits(b);
            case null, default -> 0;
        };
    }

    /** {@link #chars(Object)} of a string, without the type switch: the dumper's most common case. */
    public static long chars(String s) {
        return 1 + s.length();
    }

    /** An upper bound of the decimal digits of {@code b}, without converting it. */
    public static int decimalDigits(BigInteger b) {
        // log10(2) < 0.30103; one more for the rounding
        return (int) (b.bitLength() * 0.30103) + 1;
    }
}
