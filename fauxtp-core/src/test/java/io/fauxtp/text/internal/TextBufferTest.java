package io.fauxtp.text.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The dumper's own formatting of strings, integers and doubles writes what {@link PyRepr} and the JDK write:
 * {@code appendStr} is {@code PyRepr.str}, {@code appendLong} is {@code Long.toString}, {@code appendUnderscored}
 * is {@code PyRepr.underscored}, and {@code appendFloat}, with its fast path for doubles nearest to a decimal of
 * at most four places, is {@code PyRepr.floatRepr} (Python's repr, checked against CPython by
 * {@code PythonVectorsTest}).
 */
class TextBufferTest {

    @Test
    void stringsAreWrittenAsPyReprWritesThem() {
        SplittableRandom random = new SplittableRandom(28);
        for (int i = 0; i < 200_000; i++) {
            String s = RandomStrings.of(random, 12);
            TextBuffer b = new TextBuffer(random.nextInt(20));
            b.append("x");
            b.appendStr(s);
            assertThat(b.toString()).as("repr of %s", s.codePoints().boxed().toList())
                    .isEqualTo("x" + PyRepr.str(s));
            boolean astral = s.codePoints().anyMatch(cp -> cp > 0xffff && PyRepr.isPrintable(cp));
            assertThat(b.astral()).as("astral flag of %s", s.codePoints().boxed().toList()).isEqualTo(astral);
        }
    }

    /** PrintableTableTest checks PyRepr.str against CPython on every code point; the dumper writes the same. */
    @Test
    void everyCodePointIsWrittenAsPyReprWritesIt() {
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            String s = "a" + Character.toString(cp) + "'";
            TextBuffer b = new TextBuffer(0);
            b.appendStr(s);
            String written = b.toString();
            if (!written.equals(PyRepr.str(s))) {
                assertThat(written).as("repr of U+%04X", cp).isEqualTo(PyRepr.str(s));
            }
        }
    }

    @Test
    void integersAreWrittenAsLongToStringAndUnderscored() {
        SplittableRandom random = new SplittableRandom(4711);
        long[] edges = {0, 1, -1, 9, 10, 99, 100, 999, 1000, -1000, 999_999, 1_000_000, Long.MAX_VALUE,
            Long.MIN_VALUE, Long.MIN_VALUE + 1, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L};
        for (long v : edges) {
            checkInteger(v);
        }
        for (int i = 0; i < 200_000; i++) {
            checkInteger(random.nextLong() >> random.nextInt(64));
        }
    }

    private static void checkInteger(long v) {
        TextBuffer b = new TextBuffer(0);
        b.appendLong(v);
        b.append(' ');
        b.appendUnderscored(v);
        assertThat(b.toString()).isEqualTo(v + " " + PyRepr.underscored(Long.toString(v)));
    }

    @Test
    void decimalsOfFourPlacesAreWrittenAsFloatRepr() {
        // every k / 10^4 up to 500 and, each side of every power of ten in the fast path's
        // range, the decimals next to it: the fast path takes these
        for (long k = -5_000_000; k <= 5_000_000; k++) {
            checkFloat(k / 10_000.0);
        }
        for (int e = -3; e <= 7; e++) {
            double p = Math.pow(10, e);
            for (int i = -3000; i <= 3000; i++) {
                checkFloat(p + i * 1e-4);
                checkFloat(-p + i * 1e-4);
                checkFloat(Math.nextUp(p + i * 1e-4));
                checkFloat(Math.nextDown(p + i * 1e-4));
            }
        }
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 1_000_000; i++) {
            long k = random.nextLong(-100_000_000_000L, 100_000_000_000L);
            checkFloat(k / Math.pow(10, random.nextInt(5)));
        }
    }

    @Test
    void otherDoublesAreWrittenAsFloatRepr() {
        SplittableRandom random = new SplittableRandom(2);
        double[] edges = {0.0, -0.0, 1e-3, Math.nextDown(1e-3), 1e7, Math.nextDown(1e7), 5e-324, Double.MAX_VALUE,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1, 0.2, 0.30000000000000004};
        for (double d : edges) {
            checkFloat(d);
            checkFloat(-d);
        }
        for (int i = 0; i < 500_000; i++) {
            checkFloat((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-6, 12)));
            checkFloat(Double.longBitsToDouble(random.nextLong()));
        }
    }

    private static void checkFloat(double d) {
        TextBuffer b = new TextBuffer(0);
        b.appendFloat(d);
        String written = b.toString();
        if (!written.equals(PyRepr.floatRepr(d))) {
            assertThat(written).as("repr of %s", d).isEqualTo(PyRepr.floatRepr(d));
        }
    }
}
