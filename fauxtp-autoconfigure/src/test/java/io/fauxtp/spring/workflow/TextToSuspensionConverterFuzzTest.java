package io.fauxtp.spring.workflow;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fauxtp.text.TextCodec;
import io.fauxtp.text.internal.Loader;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.SuspensionCodec;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Coverage-guided fuzzing of the converter that MVC parameters and the {@code workflows} endpoint read suspension
 * texts with (Jazzer). The oracle: a suspension, or an {@link InvalidSuspensionTextException} (a 400) with line,
 * column and reason; never another exception (a 500), never over a second. Regression inputs:
 * {@code TextToSuspensionConverterFuzzTestInputs/convert}.
 */
class TextToSuspensionConverterFuzzTest {

    public record Order(String id, String customer, long cents) {}

    private static final TextToSuspensionConverter CONVERTER = new TextToSuspensionConverter(
            SuspensionCodec.of(TextCodec.builder().record(Order.class, "shop.Order").build()));

    @FuzzTest(maxDuration = "45s")
    void convert(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        withinASecond(text, () -> {
            try {
                Suspension suspension = CONVERTER.convert(text);
                if (suspension == null) {
                    throw new AssertionError("the converter returned null for " + text);
                }
            }
            catch (InvalidSuspensionTextException ex) {
                if (ex.line() < 1 || ex.column() < 1 || ex.reason() == null || ex.reason().isBlank()) {
                    throw new AssertionError("a refusal without line, column and reason: " + ex.getMessage(), ex);
                }
                if (ex.reason().startsWith(Loader.INTERNAL_ERROR)) {
                    throw new AssertionError("the loader failed: " + ex.reason(), ex);
                }
            }
            return null;
        });
    }

    /** Fails if {@code work} takes over a second twice in a row (the first may be class loading or a busy machine). */
    private static void withinASecond(String text, Supplier<Void> work) {
        for (int attempt = 0; attempt < 2; attempt++) {
            long start = System.nanoTime();
            work.get();
            if (System.nanoTime() - start <= 1_000_000_000L) {
                return;
            }
        }
        throw new AssertionError("an input of " + text.length() + " characters took over 1 s twice");
    }

}
