package io.fauxtp.text.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A string is escaped as the pinned CPython's {@code repr} escapes it ({@link PrintableTable}), over every code
 * point, whatever the Unicode version of the JDK that runs the dumper.
 */
class PrintableTableTest {

    private static final int CODE_POINTS = Character.MAX_CODE_POINT + 1;

    /** Checks against the committed {@code repr(chr(cp))} of every code point (no Python needed). */
    @Test
    void everyCodePointIsWrittenAsThePinnedCPythonReprWritesIt() throws IOException {
        String[] expected = new String[CODE_POINTS];
        String header;
        try (InputStream in = PrintableTableTest.class.getResourceAsStream(
                "/io/fauxtp/text/python-repr-every-code-point.txt");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            header = r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] parts = line.split(" ", 3);
                int first = Integer.parseInt(parts[0], 16);
                if (parts[1].equals("=")) {
                    expected[first] = parts[2];
                    continue;
                }
                int last = Integer.parseInt(parts[1], 16);
                for (int cp = first; cp <= last; cp++) {
                    expected[cp] = expectedRepr(cp, parts[2]);
                }
            }
        }
        assertThat(header).as("the vectors come from the CPython the table is pinned to")
                .contains("CPython " + PrintableTable.PYTHON_VERSION + ",")
                .endsWith("Unicode " + PrintableTable.UNICODE_VERSION);
        assertThat(mismatches(expected)).isEmpty();
    }

    /**
     * The same over every code point against the python3 on this machine, when its Unicode version is the pinned
     * one (Debian 12's python3 is CPython 3.11, Unicode 14.0.0); skipped otherwise, the committed vectors above
     * still check the table.
     */
    @Test
    void everyCodePointIsWrittenAsThePython3HereWritesIt() throws Exception {
        String script = """
                import sys, unicodedata
                out = sys.stdout.buffer
                out.write((unicodedata.unidata_version + "\\n").encode())
                for cp in range(0x110000):
                    out.write((repr(chr(cp)) + "\\n").encode("utf-8"))
                """;
        Process python;
        try {
            python = new ProcessBuilder("python3", "-c", script).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException noPython) {
            assumeThat(noPython).as("python3 is not installed; the committed vectors check the table").isNull();
            return;
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(python.getInputStream(),
                StandardCharsets.UTF_8))) {
            String unicode = r.readLine();
            assumeThat(unicode).as("python3 here knows another Unicode version than the pinned one")
                    .isEqualTo(PrintableTable.UNICODE_VERSION);
            String[] expected = new String[CODE_POINTS];
            for (int cp = 0; cp < CODE_POINTS; cp++) {
                expected[cp] = r.readLine();
            }
            assertThat(r.readLine()).isNull();
            assertThat(mismatches(expected)).isEmpty();
        } finally {
            python.destroy();
            assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * Where the running JDK's Unicode database disagrees with the pinned table (JDK 21 knows Unicode 15, JDK 25
     * Unicode 16, the table 14), the table decides: such characters are escaped as CPython 3.11 escapes them.
     */
    @Test
    void theTableDecidesWhereTheJdkKnowsANewerUnicode() {
        List<Integer> disagreements = new ArrayList<>();
        for (int cp = 0; cp < CODE_POINTS; cp++) {
            if (jdkSaysPrintable(cp) != PrintableTable.isPrintable(cp)) {
                disagreements.add(cp);
                String written = PyRepr.str(new String(Character.toChars(cp)));
                boolean raw = written.length() <= 4 && written.codePointAt(1) == cp;
                assertThat(raw).as("U+%04X is written %s", cp, written).isEqualTo(PrintableTable.isPrintable(cp));
            }
        }
        // every supported JDK (21+) knows characters Unicode 14 did not have, so the case is exercised
        assertThat(disagreements).hasSizeGreaterThan(1000);
        // U+1FAE8 SHAKING FACE (Unicode 15): unassigned for CPython 3.11, printable for JDK 21 and later
        assertThat(PyRepr.str(new String(Character.toChars(0x1FAE8)))).isEqualTo("'\\U0001fae8'");
    }

    /** What the dumper asked before the table: the running JDK's general category. */
    private static boolean jdkSaysPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    private static String expectedRepr(int cp, String shape) {
        return switch (shape) {
            case "raw" -> "'" + new String(Character.toChars(cp)) + "'";
            case "x" -> hexEscape('x', cp, 2);
            case "u" -> hexEscape('u', cp, 4);
            case "U" -> hexEscape('U', cp, 8);
            default -> throw new IllegalArgumentException("unknown shape " + shape);
        };
    }

    /** {@code '\\xNN'}, {@code '\\uNNNN'} or {@code '\\UNNNNNNNN'}: lower-case hex, zero-padded. */
    private static String hexEscape(char kind, int cp, int width) {
        String hex = Integer.toHexString(cp);
        return "'\\" + kind + "0".repeat(width - hex.length()) + hex + "'";
    }

    /** The code points PyRepr writes differently from {@code expected}, the first 20 described. */
    private static List<String> mismatches(String[] expected) {
        List<String> out = new ArrayList<>();
        int count = 0;
        for (int cp = 0; cp < CODE_POINTS; cp++) {
            String java = PyRepr.str(new String(Character.toChars(cp)));
            if (!java.equals(expected[cp])) {
                if (++count <= 20) {
                    out.add(String.format(Locale.ROOT, "U+%04X: CPython writes %s, fauxtp wrote %s", cp, expected[cp],
                            java));
                }
            }
        }
        if (count > 20) {
            out.add((count - 20) + " more code points differ");
        }
        return out;
    }
}
