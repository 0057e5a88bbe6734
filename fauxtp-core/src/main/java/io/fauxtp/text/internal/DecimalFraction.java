package io.fauxtp.text.internal;

/**
 * The double nearest to {@code m / 10^k} (ties to even, as {@link Double#parseDouble}) for a long {@code m} of more
 * than 53 bits, without {@code BigInteger}: the quotient of the two doubles is at most an ulp or two off, and is
 * moved to its neighbour until {@code m / 10^k} lies between the halfway points around it, each compared exactly in
 * 128-bit integers. Where the comparison would not fit 128 bits the answer is NaN, and the caller reads the
 * literal the general way.
 */
final class DecimalFraction {

    private static final double[] POW10 = new double[20];
    /** 10^k as an unsigned long (10^19 is above Long.MAX_VALUE but below 2^64). */
    private static final long[] POW10_BITS = new long[20];

    static {
        long p = 1;
        for (int k = 0; k < 20; k++) {
            POW10[k] = Math.pow(10, k); // exact: every power of ten up to 10^22 is a double
            POW10_BITS[k] = p;
            p *= 10;
        }
    }

    private static final int CANNOT_TELL = 2;

    private DecimalFraction() {}

    /**
     * The double nearest to {@code m / 10^k}, or NaN when this cannot decide it.
     *
     * @param m a positive long
     * @param k 0 to 19
     */
    static double toDouble(long m, int k) {
        if (k == 0) {
            return m; // a long's conversion to double rounds to nearest, ties to even
        }
        double d = m / POW10[k];
        for (int step = 0; step < 4; step++) {
            int above = compareToHalfwayAbove(m, k, d);
            if (above == CANNOT_TELL) {
                return Double.NaN;
            }
            if (above > 0 || (above == 0 && isOdd(d))) {
                d = Math.nextUp(d);
                continue;
            }
            double below = Math.nextDown(d);
            int overBelow = compareToHalfwayAbove(m, k, below);
            if (overBelow == CANNOT_TELL) {
                return Double.NaN;
            }
            if (overBelow < 0 || (overBelow == 0 && isOdd(d))) {
                d = below;
                continue;
            }
            return d;
        }
        return Double.NaN;
    }

    private static boolean isOdd(double d) {
        return (Double.doubleToRawLongBits(d) & 1) != 0;
    }

    /**
     * The sign of {@code m / 10^k - h}, h being the point halfway between {@code d} (positive, normal) and the next
     * double up; {@link #CANNOT_TELL} when the exact comparison does not fit 128 bits.
     */
    static int compareToHalfwayAbove(long m, int k, double d) {
        long bits = Double.doubleToRawLongBits(d);
        int biased = (int) (bits >>> 52);
        if (biased == 0 || biased >= 0x7ff) {
            return CANNOT_TELL; // subnormal, infinite or NaN: not here
        }
        // d = s * 2^e with a 53-bit s; the halfway point is (2s + 1) * 2^(e - 1)
        long s = (bits & ((1L << 52) - 1)) | (1L << 52);
        long n = 2 * s + 1;
        int shift = -(biased - 1075 - 1);
        if (shift <= 0 || shift > 64) {
            return CANNOT_TELL;
        }
        // m / 10^k vs n / 2^shift  <=>  m * 2^shift vs n * 10^k, both below 2^128 (m < 2^63, n < 2^54, 10^k < 2^64)
        long leftHigh = shift == 64 ? m : m >>> (64 - shift);
        long leftLow = shift == 64 ? 0 : m << shift;
        long p = POW10_BITS[k];
        long rightHigh = Math.unsignedMultiplyHigh(n, p);
        long rightLow = n * p;
        int c = Long.compareUnsigned(leftHigh, rightHigh);
        if (c == 0) {
            c = Long.compareUnsigned(leftLow, rightLow);
        }
        return Integer.signum(c);
    }
}
