package io.fauxtp.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The pretty text stays byte for byte what it was: stored suspensions and diffs of them must not change when
 * the dumper does. The golden file was written by the layout-tree dumper that came before the streaming one
 * ({@link PrettyLayoutSamples#main} run against that build).
 */
class PrettyLayoutGoldenTest {

    @Test
    void prettyTextIsByteForByteTheGoldenText() throws IOException {
        String golden;
        try (InputStream in = PrettyLayoutGoldenTest.class.getResourceAsStream("pretty-layout-golden.txt")) {
            assertThat(in).isNotNull();
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String now = PrettyLayoutSamples.render();
        // compare sample by sample, so that a failure names the first sample and format that changed
        String[] expected = golden.split("(?m)^(?=### sample )");
        String[] actual = now.split("(?m)^(?=### sample )");
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).isEqualTo(expected[i]);
        }
    }

    /**
     * Long texts too: the layout moves its output out of its builder at line breaks once it is large, and every
     * line after such a move must be laid out as before. The golden file was written by the dumper before that
     * change ({@link PrettyLayoutSamples#main} with {@code long}).
     */
    @Test
    void longPrettyTextIsByteForByteTheGoldenText() throws IOException {
        String golden;
        try (InputStream in = PrettyLayoutGoldenTest.class.getResourceAsStream("pretty-layout-long-golden.txt")) {
            assertThat(in).isNotNull();
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(PrettyLayoutSamples.renderLong()).isEqualTo(golden);
    }
}
