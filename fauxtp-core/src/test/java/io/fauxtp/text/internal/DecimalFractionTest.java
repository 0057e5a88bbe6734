package io.fauxtp.text.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.text.Text;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The loader's fast path for fractions of up to 19 digits gives exactly the double {@code Double.parseDouble}
 * gives (the nearest, ties to even), or declines: checked against {@code BigDecimal}'s correctly rounded value on
 * random fractions and on fractions cut from the exact halfway points between two doubles, the hardest inputs.
 */
class DecimalFractionTest {

    @Test
    void randomNineteenDigitFractionsRoundToTheNearestDouble() {
        SplittableRandom random = new SplittableRandom(20261207);
        int decided = 0;
        for (int i = 0; i < 200_000; i++) {
            long m = (1L << 53) + random.nextLong(Long.MAX_VALUE - (1L << 53));
            int k = random.nextInt(20);
            decided += check(m, k);
        }
        assertThat(decided).as("cases the fast path decided").isGreaterThan(150_000);
    }

    @Test
    void fractionsNextToHalfwayPointsRoundToTheNearestDouble() {
        SplittableRandom random = new SplittableRandom(7);
        int decided = 0;
        for (int i = 0; i < 200_000; i++) {
            double d = random.nextDouble() * Math.pow(10, random.nextInt(-3, 17));
            if (d == 0) {
                continue;
            }
            BigDecimal halfway = new BigDecimal(d).add(new BigDecimal(Math.nextUp(d))).divide(BigDecimal.valueOf(2));
            BigDecimal cut = halfway.round(new MathContext(19, random.nextBoolean() ? RoundingMode.UP : RoundingMode.DOWN));
            if (cut.scale() < 0 || cut.scale() > 19) {
                continue;
            }
            BigDecimal digits = cut.movePointRight(cut.scale());
            if (digits.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0
                    || digits.compareTo(BigDecimal.valueOf(1L << 53)) <= 0) {
                continue;
            }
            decided += check(digits.longValueExact(), cut.scale());
        }
        assertThat(decided).as("cases the fast path decided").isGreaterThan(100_000);
    }

    @Test
    void writtenDoublesLoadBackToThemselves() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            double d = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-3, 16));
            String text = Text.dump(d);
            assertThat(Text.load(text)).as(text).isEqualTo(d);
        }
    }

    /** 1 if the fast path decided {@code m / 10^k} (and was right), 0 if it declined. */
    private static int check(long m, int k) {
        double got = DecimalFraction.toDouble(m, k);
        if (Double.isNaN(got)) {
            return 0;
        }
        double expected = new BigDecimal(m).movePointLeft(k).doubleValue();
        assertThat(Double.doubleToRawLongBits(got)).as("%d / 10^%d: %s, expected %s", m, k, got, expected)
                .isEqualTo(Double.doubleToRawLongBits(expected));
        // with no fraction digits "m." is still a float literal
        String text = k == 0 ? m + "." : new BigDecimal(m).movePointLeft(k).toPlainString();
        assertThat(Text.load(text)).as(text).isEqualTo(expected);
        return 1;
    }
}
