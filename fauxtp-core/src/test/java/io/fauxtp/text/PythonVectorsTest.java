package io.fauxtp.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.text.internal.PyRepr;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Compares with what CPython 3.11 writes. The vectors were produced once by
 * {@code src/test/python/gen_python_vectors.py} and are committed, so this test needs no Python.
 */
class PythonVectorsTest {

    @Test
    void floatsAreWrittenAsPythonReprWrites() throws IOException {
        List<String> mismatches = new ArrayList<>();
        List<String> lines = lines("python-float-repr.txt");
        for (String line : lines) {
            String[] parts = line.split(" ", 2);
            double d = Double.longBitsToDouble(Long.parseUnsignedLong(parts[0], 16));
            String java = PyRepr.floatRepr(d);
            if (!java.equals(parts[1])) {
                mismatches.add(parts[1] + " but Java wrote " + java);
            }
            // and the Python text loads back to the same double
            Object loaded = Text.load(parts[1]);
            assertThat(Double.doubleToRawLongBits((Double) loaded)).as(parts[1]).isEqualTo(Double.doubleToRawLongBits(d));
        }
        assertThat(lines).hasSizeGreaterThan(7000);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void stringsAreQuotedAndEscapedAsPythonReprDoes() throws IOException {
        List<String> mismatches = new ArrayList<>();
        for (String line : lines("python-str-repr.txt")) {
            int tab = line.indexOf('\t');
            StringBuilder s = new StringBuilder();
            if (tab > 0) {
                for (String cp : line.substring(0, tab).split(",")) {
                    s.appendCodePoint(Integer.parseInt(cp, 16));
                }
            }
            String expected = line.substring(tab + 1);
            String java = PyRepr.str(s.toString());
            if (!java.equals(expected)) {
                mismatches.add(expected + " but Java wrote " + java);
            }
            assertThat(Text.load(expected)).as(expected).isEqualTo(s.toString());
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void bytesAreWrittenAsPythonReprWrites() throws IOException {
        for (String line : lines("python-bytes-repr.txt")) {
            int tab = line.indexOf('\t');
            byte[] data = HexFormat.of().parseHex(line.substring(0, tab));
            String expected = line.substring(tab + 1);
            assertThat(Text.dump(data)).isEqualTo(expected);
            assertThat(Text.load(expected)).isEqualTo(Bytes.of(data));
        }
    }

    @Test
    void plainDocumentsWrittenByPythonLoadAndDumpBackIdentically() throws IOException {
        List<String> docs = lines("python-plain-documents.txt");
        assertThat(docs).hasSize(500);
        for (String doc : docs) {
            Object value = Text.load(doc);
            assertThat(Text.dump(value)).as(doc).isEqualTo(doc);
            assertThat(Text.load(Text.dump(value, TextFormat.pretty()))).as(doc).isEqualTo(value);
        }
    }

    private static List<String> lines(String name) throws IOException {
        try (InputStream in = PythonVectorsTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().toList();
        }
    }
}
