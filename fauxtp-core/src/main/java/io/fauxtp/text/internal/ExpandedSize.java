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
        // tests in the order of how common the values are (the loader calls this once per constant): cheaper than
        // a pattern switch's type lookup
        if (value instanceof String s) {
            return 1 + s.length();
        }
        if (value == null || value instanceof Long || value instanceof Double || value instanceof Boolean) {
            return 1;
        }
        if (value instanceof Bytes b) {
            return 1 + b.length();
        }
        if (value instanceof byte[] b) {
            return 1 + b.length;
        }
        if (value instanceof BigInteger b) {
            return 1 + decimalDigits(b);
        }
        return 1;
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
