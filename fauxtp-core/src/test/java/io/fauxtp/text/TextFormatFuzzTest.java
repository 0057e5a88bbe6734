package io.fauxtp.text;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.SuspensionCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Coverage-guided fuzzing (Jazzer) of the loader and of the suspension codec: every input is loaded by both. The
 * oracle: the text loads, or is refused with a positioned {@link TextFormatException} that is the document's
 * fault (not the loader's internal-error refusal); nothing else is thrown, no input takes over a second (twice
 * in a row), and what loads dumps to a text that loads back to an equal value. One fuzz test, because Jazzer
 * fuzzes one per JVM.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs as a regression test over the committed inputs in
 * {@code src/test/resources/io/fauxtp/text/TextFormatFuzzTestInputs/load}; the {@code jazzer-fuzz} profile
 * fuzzes for {@code maxDuration} ({@code .ci/fuzz}).
 */
class TextFormatFuzzTest {

    public record Point(long x, long y) {}

    public record Tags(List<String> tags, int count) {}

    public record Order(String id, String customer, long cents) {}

    public enum Color { RED, GREEN }

    static final TextCodec TYPES = TextCodec.builder().record(Point.class, "geo.Point").record(Tags.class, "app.Tags")
            .enumType(Color.class, "geo.Color").record(Order.class, "shop.Order").build();

    static final SuspensionCodec SUSPENSIONS = SuspensionCodec.of(TYPES);

    @FuzzTest(maxDuration = "45s")
    void load(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        FuzzOracle.loadsOrRefuses(TYPES, text);
        Suspension loaded = FuzzOracle.withinASecond(text, () -> {
            try {
                return Objects.requireNonNull(SUSPENSIONS.load(text), "load returned null");
            } catch (TextFormatException e) {
                FuzzOracle.requireDocumentsFault(e);
                return null;
            }
        });
        if (loaded != null) {
            String again = SUSPENSIONS.dump(loaded);
            if (!SUSPENSIONS.load(again).equals(loaded)) {
                throw new AssertionError("the dump of a loaded suspension loads to another one: " + again);
            }
        }
    }
}
