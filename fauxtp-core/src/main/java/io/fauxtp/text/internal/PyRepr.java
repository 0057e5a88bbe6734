package io.fauxtp.text.internal;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Python's {@code repr} of floats, strings and bytes, character for character. */
public final class PyRepr {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PyRepr() {}

    /**
     * Python's {@code repr(float)}: the shortest digits that read back to the same double, fixed notation for
     * {@code 1e-4 <= |x| < 1e16} (always with a fraction, {@code 1.0}), otherwise {@code 1e+16} style.
     */
    public static String floatRepr(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (x == 0) {
            return (Double.doubleToRawLongBits(x) < 0) ? "-0.0" : "0.0";
        }
        // Java (19+) prints the shortest decimal that rounds to x, except that it never prints fewer than two
        // digits when one would do ("4.9E-324" where Python says "5e-324"): digits() undoes that.
        String java = Double.toString(Math.abs(x));
        double abs = Math.abs(x);
        if (abs >= 1e-3 && abs < 1e7) {
            // Java and Python agree here: plain notation, shortest digits, at least one fraction digit
            return x < 0 ? "-" + java : java;
        }
        int e = java.indexOf('E');
        String mantissa = e < 0 ? java : java.substring(0, e);
        int exp10 = e < 0 ? 0 : Integer.parseInt(java.substring(e + 1));
        int dot = mantissa.indexOf('.');
        String intPart = mantissa.substring(0, dot);
        String frac = mantissa.substring(dot + 1);
        StringBuilder all = new StringBuilder(intPart).append(frac);
        // value = 0.<all> * 10^(intPart.length() + exp10)
        int decpt = intPart.length() + exp10;
        int lead = 0;
        while (lead < all.length() - 1 && all.charAt(lead) == '0') {
            lead++;
        }
        decpt -= lead;
        String digits = all.substring(lead);
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        digits = digits.substring(0, end);
        if (digits.length() == 2) {
            String one = shorterDigit(Math.abs(x), digits, decpt);
            if (one != null) {
                if (one.length() == 2) { // "10": rounding up carried into a new leading digit
                    digits = "1";
                    decpt++;
                } else {
                    digits = one;
                }
            }
        }
        return (x < 0 ? "-" : "") + format(digits, decpt);
    }

    /** A single digit d (or "10") such that 0.d * 10^decpt reads back as x, choosing the closer one. */
    private static String shorterDigit(double x, String two, int decpt) {
        int first = two.charAt(0) - '0';
        String best = null;
        BigDecimal bestDistance = null;
        BigDecimal exact = new BigDecimal(x);
        for (int d = first; d <= first + 1; d++) {
            BigDecimal candidate = new BigDecimal(BigInteger.valueOf(d), 1 - decpt);
            if (candidate.doubleValue() == x) {
                BigDecimal distance = candidate.subtract(exact).abs();
                if (best == null || distance.compareTo(bestDistance) < 0) {
                    best = Integer.toString(d);
                    bestDistance = distance;
                }
            }
        }
        return best;
    }

    private static String format(String digits, int decpt) {
        StringBuilder b = new StringBuilder(24);
        int n = digits.length();
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) {
                b.append("0.");
                b.repeat('0', -decpt);
                b.append(digits);
            } else if (decpt >= n) {
                b.append(digits);
                b.repeat('0', decpt - n);
                b.append(".0");
            } else {
                b.append(digits, 0, decpt).append('.').append(digits, decpt, n);
            }
        } else {
            b.append(digits.charAt(0));
            if (n > 1) {
                b.append('.').append(digits, 1, n);
            }
            int exp = decpt - 1;
            b.append('e').append(exp < 0 ? '-' : '+');
            int a = Math.abs(exp);
            if (a < 10) {
                b.append('0');
            }
            b.append(a);
        }
        return b.toString();
    }

    /** Python's {@code repr(str)}. */
    public static String str(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2);
        appendStr(b, s);
        return b.toString();
    }

    /**
     * Appends Python's {@code repr(str)}: quote choice, escapes, printable non-ASCII characters kept (printable as
     * the pinned CPython says, see {@code PrintableTable}).
     *
     * @return whether a supplementary character (two UTF-16 units, one code point) was written raw
     */
    public static boolean appendStr(StringBuilder b, String s) {
        int n = s.length();
        int plain = 0;
        while (plain < n) {
            char c = s.charAt(plain);
            if (c < ' ' || c >= 0x7f || c == '\'' || c == '"' || c == '\\') {
                break;
            }
            plain++;
        }
        if (plain == n) {
            // printable ASCII without quotes or backslashes, the common case: one pass, one bulk copy
            b.append('\'').append(s).append('\'');
            return false;
        }
        char quote = s.indexOf('\'', plain) >= 0 && s.indexOf('"', plain) < 0 ? '"' : '\'';
        b.append(quote);
        int i = plain;
        while (i < n) {
            char c = s.charAt(i);
            if (c < ' ' || c >= 0x7f || c == quote || c == '\\') {
                break;
            }
            i++;
        }
        if (i == n) {
            // plain printable ASCII, the common case: one bulk copy
            b.append(s).append(quote);
            return false;
        }
        b.append(s, 0, i);
        boolean astral = false;
        while (i < n) {
            // copy runs of plain printable ASCII at once
            int run = i;
            while (run < n) {
                char c = s.charAt(run);
                if (c < ' ' || c >= 0x7f || c == quote || c == '\\') {
                    break;
                }
                run++;
            }
            if (run > i) {
                b.append(s, i, run);
                i = run;
                if (i >= n) {
                    break;
                }
            }
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == quote || cp == '\\') {
                b.append('\\').append((char) cp);
            } else if (cp == '\t') {
                b.append("\\t");
            } else if (cp == '\n') {
                b.append("\\n");
            } else if (cp == '\r') {
                b.append("\\r");
            } else if (cp < ' ' || cp == 0x7f) {
                hex(b, 'x', cp, 2);
            } else if (isPrintable(cp)) {
                b.appendCodePoint(cp);
                astral |= cp > 0xffff;
            } else if (cp <= 0xff) {
                hex(b, 'x', cp, 2);
            } else if (cp <= 0xffff) {
                hex(b, 'u', cp, 4);
            } else {
                hex(b, 'U', cp, 8);
            }
        }
        b.append(quote);
        return astral;
    }

    /**
     * Python's {@code str.isprintable()} for one code point, as the pinned CPython says ({@code PrintableTable}),
     * never as the running JDK's Unicode version says.
     */
    static boolean isPrintable(int cp) {
        return PrintableTable.isPrintable(cp);
    }

    /** Python's {@code repr(bytes)}. */
    public static String bytes(byte[] data) {
        StringBuilder b = new StringBuilder(data.length + 3);
        appendBytes(b, data);
        return b.toString();
    }

    /** Appends Python's {@code repr(bytes)}. */
    public static void appendBytes(StringBuilder b, byte[] data) {
        boolean single = false;
        boolean dbl = false;
        for (byte x : data) {
            single |= x == '\'';
            dbl |= x == '"';
        }
        char quote = single && !dbl ? '"' : '\'';
        b.append('b').append(quote);
        for (byte x : data) {
            int c = x & 0xFF;
            if (c == quote || c == '\\') {
                b.append('\\').append((char) c);
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c < ' ' || c >= 0x7f) {
                hex(b, 'x', c, 2);
            } else {
                b.append((char) c);
            }
        }
        b.append(quote);
    }

    private static void hex(StringBuilder b, char kind, int v, int width) {
        b.append('\\').append(kind);
        for (int shift = (width - 1) * 4; shift >= 0; shift -= 4) {
            b.append(HEX[(v >>> shift) & 0xF]);
        }
    }

    /** Digits grouped by three with {@code _}, as Python's {@code f"{n:_}"}: {@code -10_000}. */
    public static String underscored(String integer) {
        int start = integer.startsWith("-") ? 1 : 0;
        int len = integer.length() - start;
        if (len <= 3) {
            return integer;
        }
        StringBuilder b = new StringBuilder(integer.length() + len / 3);
        b.append(integer, 0, start);
        int firstGroup = len % 3 == 0 ? 3 : len % 3;
        b.append(integer, start, start + firstGroup);
        for (int i = start + firstGroup; i < integer.length(); i += 3) {
            b.append('_').append(integer, i, i + 3);
        }
        return b.toString();
    }

    /** Python-like display of a scalar for {@code toString()}s: {@code None}, {@code True}, {@code 'a'}. */
    public static String display(Object v) {
        return switch (v) {
            case null -> "None";
            case Boolean bool -> bool ? "True" : "False";
            case String s -> str(s);
            case Double d -> floatRepr(d);
            case Float f -> floatRepr(f);
            case byte[] data -> bytes(data);
            default -> String.valueOf(v);
        };
    }
}
