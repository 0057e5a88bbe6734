package io.fauxtp.text.internal;

import static io.fauxtp.text.internal.Source.isDigit;
import static io.fauxtp.text.internal.Source.isIdentPart;

import io.fauxtp.text.LoadLimits;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads Python number literals: decimal, {@code 0x}/{@code 0o}/{@code 0b} and {@code _}-separated integers (a
 * {@code Long}, or a {@code BigInteger} beyond 64 bits) and floats (a {@code Double}), refusing one of more than
 * {@code LoadLimits.maxIntegerDigits} digits before reading the rest of it. Plain integers and short fractions
 * take fast paths that give exactly what the general path would.
 */
final class NumberLiteralReader {

    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
        1e14, 1e15, 1e16, 1e17, 1e18, 1e19};

    private final Cursor cursor;
    private final String src;
    private final char[] buf;
    private final int len;
    private final LoadLimits limits;

    NumberLiteralReader(Cursor cursor, LoadLimits limits) {
        this.cursor = cursor;
        this.src = cursor.src;
        this.buf = cursor.buf;
        this.len = cursor.len;
        this.limits = limits;
    }

    /** Reads the number literal at the cursor (its sign already read); the cursor ends after it. */
    Object read(boolean negative) {
        int start = cursor.pos;
        char c = buf[cursor.pos];
        if (c == '0' && cursor.pos + 1 < len && "xXoObB".indexOf(buf[cursor.pos + 1]) >= 0) {
            char b = Character.toLowerCase(buf[cursor.pos + 1]);
            int radix = b == 'x' ? 16 : b == 'o' ? 8 : 2;
            cursor.pos += 2;
            int s = cursor.pos;
            int count = 0;
            while (cursor.pos < len
                    && ((buf[cursor.pos] < 128 && Character.digit(buf[cursor.pos], radix) >= 0)
                    || buf[cursor.pos] == '_')) {
                count += buf[cursor.pos] == '_' ? 0 : 1;
                if (count > limits.maxIntegerDigits()) {
                    checkDigits(count, start); // refused before the rest of the literal is read
                }
                cursor.pos++;
            }
            String raw = src.substring(s, cursor.pos);
            String digits = raw.replace("_", "");
            if (digits.isEmpty() || !validUnderscores("0" + raw) || raw.endsWith("_")) {
                throw cursor.error(start, "invalid integer literal");
            }
            checkLiteralEnd(start);
            checkDigits(digits.length(), start);
            BigInteger v = new BigInteger(digits, radix);
            return integer(negative ? v.negate() : v);
        }
        // fast path: a plain decimal integer that fits a long (18 digits always do; a 19th digit is taken when the
        // value stays within Long.MIN_VALUE..MAX_VALUE, the sign included)
        long acc = 0;
        int p = cursor.pos;
        while (p < len && p - start < 18 && isDigit(buf[p])) {
            acc = acc * 10 + (buf[p] - '0');
            p++;
        }
        if (p - start == 18 && p < len && isDigit(buf[p])) {
            int last = buf[p] - '0';
            if (acc < 922_337_203_685_477_580L || (acc == 922_337_203_685_477_580L && last <= (negative ? 8 : 7))) {
                acc = acc * 10 + last; // 9223372036854775808 wraps to Long.MIN_VALUE, which negated is itself
                p++;
            }
        }
        if (p - start <= 19 && p - start <= limits.maxIntegerDigits() && (p - start == 1 || c != '0')
                && (p >= len || !(isIdentPart(buf[p]) || buf[p] == '.'))) {
            cursor.pos = p;
            return negative ? -acc : acc;
        }
        // fast path: a decimal fraction of at most 18 digits is exact as a long; when that long is at most 2^53
        // it is exact as a double too, and one division by an exact power of ten is correctly rounded
        // (Clinger), so it equals Double.parseDouble
        // a fraction of 19 digits whose long is above 2^53 (a double's 17 significant digits, the common case of
        // a written double) is divided the same way and then checked, exactly, against the halfway points to its
        // neighbours (DecimalFraction); where that cannot tell, the general path below decides
        if (p < len && buf[p] == '.' && p - start <= 19 && acc >= 0) {
            int q = p + 1;
            long m = acc;
            int k = 0;
            while (q < len && isDigit(buf[q]) && (p - start) + k < 19) {
                int digit = buf[q] - '0';
                if (m > (Long.MAX_VALUE - digit) / 10) {
                    break; // over a long: the general path reads it
                }
                m = m * 10 + digit;
                k++;
                q++;
            }
            if ((p - start) + k <= limits.maxIntegerDigits()
                    && (q >= len || !(isIdentPart(buf[q]) || buf[q] == '.'))) {
                double d = m <= 1L << 53 ? m / POW10[k] : DecimalFraction.toDouble(m, k);
                if (!Double.isNaN(d)) {
                    cursor.pos = q;
                    return negative ? -d : d;
                }
            }
        }
        boolean isFloat = false;
        int digitCount = 0;
        while (cursor.pos < len && (isDigit(buf[cursor.pos]) || buf[cursor.pos] == '_')) {
            digitCount += buf[cursor.pos] == '_' ? 0 : 1;
            cursor.pos++;
            if (digitCount > limits.maxIntegerDigits()) {
                checkDigits(digitCount, start);
            }
        }
        if (cursor.pos < len && buf[cursor.pos] == '.') {
            isFloat = true;
            cursor.pos++;
            while (cursor.pos < len && (isDigit(buf[cursor.pos]) || buf[cursor.pos] == '_')) {
                digitCount += buf[cursor.pos] == '_' ? 0 : 1;
                cursor.pos++;
            }
        }
        if (cursor.pos < len && (buf[cursor.pos] == 'e' || buf[cursor.pos] == 'E')) {
            int e = cursor.pos;
            cursor.pos++;
            if (cursor.pos < len && (buf[cursor.pos] == '+' || buf[cursor.pos] == '-')) {
                cursor.pos++;
            }
            int ds = cursor.pos;
            while (cursor.pos < len && (isDigit(buf[cursor.pos]) || buf[cursor.pos] == '_')) {
                cursor.pos++;
            }
            if (ds == cursor.pos) {
                throw cursor.error(e, "invalid float literal: an exponent needs digits, e.g. 1e+16");
            }
            isFloat = true;
        }
        if (cursor.pos < len && (buf[cursor.pos] == 'j' || buf[cursor.pos] == 'J')) {
            throw cursor.error(start, "complex numbers are not supported");
        }
        checkLiteralEnd(start);
        String raw = src.substring(start, cursor.pos);
        checkDigits(digitCount, start);
        if (raw.indexOf('_') >= 0 && !validUnderscores(raw)) {
            throw cursor.error(start, "invalid number literal '" + raw + "': '_' may only stand between two digits");
        }
        String text = raw.indexOf('_') >= 0 ? raw.replace("_", "") : raw;
        if (isFloat) {
            double d = Double.parseDouble(text);
            return negative ? -d : d;
        }
        if (text.length() > 1 && text.charAt(0) == '0') {
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) != '0') {
                    throw cursor.error(start, "leading zeros in decimal integer literals are not permitted; use 0o "
                            + "for octal");
                }
            }
        }
        if (text.length() <= 18) {
            long v = Long.parseLong(text);
            return negative ? -v : v;
        }
        BigInteger v = decimal(text, 0, text.length());
        return integer(negative ? v.negate() : v);
    }

    /** Powers of ten by exponent, for {@link #decimal}; made on first need. */
    private Map<Integer, BigInteger> powersOfTen;

    /**
     * {@code new BigInteger(digits)}, by halves: the JDK's constructor is quadratic in the digit count (4,300
     * digits take about a millisecond), while splitting lets {@code multiply} use Karatsuba and Toom-Cook.
     */
    private BigInteger decimal(String digits, int from, int to) {
        int n = to - from;
        if (n <= 400) {
            return new BigInteger(digits.substring(from, to));
        }
        int low = n / 2;
        if (powersOfTen == null) {
            powersOfTen = new HashMap<>();
        }
        BigInteger shift = powersOfTen.computeIfAbsent(low, BigInteger.TEN::pow);
        return decimal(digits, from, to - low).multiply(shift).add(decimal(digits, to - low, to));
    }

    private static Object integer(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private void checkDigits(int digits, int start) {
        if (digits > limits.maxIntegerDigits()) {
            throw cursor.error(start, "a number literal with more than " + limits.maxIntegerDigits()
                    + " digits (LoadLimits.maxIntegerDigits)");
        }
    }

    private void checkLiteralEnd(int start) {
        if (cursor.pos < len && (isIdentPart(buf[cursor.pos]) || buf[cursor.pos] == '.')) {
            throw cursor.error(start, "invalid number literal near " + cursor.describe(cursor.pos));
        }
    }

    /** Python's rule: an underscore only between two digits (or right after a base prefix). */
    static boolean validUnderscores(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) == '_') {
                boolean before = i > 0 && Character.isLetterOrDigit(raw.charAt(i - 1));
                boolean after = i + 1 < raw.length() && Character.isLetterOrDigit(raw.charAt(i + 1));
                boolean beforeIsExp = i > 0 && (raw.charAt(i - 1) == 'e' || raw.charAt(i - 1) == 'E');
                if (!before || !after || beforeIsExp) {
                    return false;
                }
            }
        }
        return true;
    }
}
