package io.fauxtp.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Hostile documents are refused with the format's own error, never with a StackOverflowError, an
 * OutOfMemoryError or a hang. (How fast is measured by TextAmplificationBenchmark, not asserted here.)
 */
class TextSafetyTest {

    @Test
    void theDoublingReferenceStructureIsWhatItClaims() {
        // small enough to be allowed: 10 levels, every level the same object twice
        List<?> doc = (List<?>) Text.load(Amplification.doublingRefs(10, false));
        List<?> top = (List<?>) doc.get(10);
        assertThat(top.get(0)).isSameAs(top.get(1)).isSameAs(doc.get(9));
        List<?> tuples = (List<?>) Text.load(Amplification.doublingRefs(10, true));
        Tuple t = (Tuple) tuples.get(10);
        assertThat(t.get(0)).isSameAs(t.get(1)).isSameAs(tuples.get(9));
        assertThat(tuples.get(11)).isEqualTo(Set.of(t));
    }

    @Test
    void referencesThatStandForAnAstronomicallyLargeTreeAreRefused() {
        String lists = Amplification.doublingRefs(60, false);
        String sets = Amplification.doublingRefs(60, true);
        assertThat(lists.length()).isLessThan(4096);
        assertThat(sets.length()).isLessThan(4096);
        assertThatThrownBy(() -> Text.load(lists)).isInstanceOf(TextFormatException.class)
                .hasMessageContaining("LoadLimits.maxExpandedNodes");
        assertThatThrownBy(() -> Text.load(sets)).isInstanceOf(TextFormatException.class)
                .hasMessageContaining("LoadLimits.maxExpandedNodes");
    }

    @Test
    void deepNestingIsRefusedWithoutRecursingIntoIt() {
        assertThatThrownBy(() -> Text.load(Amplification.deepBrackets(100_000)))
                .isInstanceOfSatisfying(TextFormatException.class, e -> {
                    assertThat(e.reason()).contains("nesting deeper than 200 levels (LoadLimits.maxDepth)");
                    assertThat(e.column()).isEqualTo(201);
                });
        assertThat(Text.load(Amplification.deepBrackets(200))).isInstanceOf(List.class);
        // nesting through prelude bindings counts too
        StringBuilder chain = new StringBuilder("a0 = 1\n");
        for (int i = 1; i < 5_000; i++) {
            chain.append('a').append(i).append(" = a").append(i - 1).append('\n');
        }
        chain.append("a4999");
        assertThatThrownBy(() -> Text.load(chain.toString())).isInstanceOf(TextFormatException.class)
                .hasMessageContaining("LoadLimits.maxDepth");
    }

    @Test
    void theDeepestAllowedNestingDumpsAndLoadsOnAVirtualThread() throws Exception {
        TextCodec deepest = TextCodec.builder()
                .limits(LoadLimits.defaults().withMaxDepth(LoadLimits.DEPTH_CEILING)).build();
        Object value = List.of();
        for (int i = 1; i < LoadLimits.DEPTH_CEILING; i++) {
            value = i % 2 == 0 ? List.of(value) : java.util.Map.of("k", value);
        }
        Object deep = value;
        java.util.concurrent.atomic.AtomicReference<Object> result = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                String compact = deepest.dump(deep);
                String pretty = deepest.dump(deep, TextFormat.pretty());
                result.set(List.of(deepest.load(compact), deepest.load(pretty)));
            } catch (Throwable e) {
                result.set(e);
            }
        });
        t.join();
        assertThat(result.get()).isEqualTo(List.of(deep, deep));
    }

    @Test
    void hugeLiteralsAreRefusedBeforeTheyAreConverted() {
        assertThatThrownBy(() -> Text.load(Amplification.hugeInteger(1_000_000)))
                .isInstanceOf(TextFormatException.class).hasMessageContaining("LoadLimits.maxIntegerDigits");
        assertThatThrownBy(() -> Text.load("1." + "0".repeat(10_000)))
                .isInstanceOf(TextFormatException.class).hasMessageContaining("LoadLimits.maxIntegerDigits");
        assertThat(Text.load(Amplification.hugeInteger(4_300))).isInstanceOf(java.math.BigInteger.class);
        assertThatThrownBy(() -> Text.load(Amplification.hugeString(20_000_000)))
                .isInstanceOfSatisfying(TextFormatException.class, e -> {
                    assertThat(e.reason()).contains("LoadLimits.maxInputChars");
                    assertThat(e.line()).isEqualTo(1);
                });
    }

    @Test
    void tooManyReferencesAreRefused() {
        assertThatThrownBy(() -> Text.load(Amplification.manyRefs(200_000)))
                .isInstanceOf(TextFormatException.class).hasMessageContaining("LoadLimits.maxRefs");
        assertThat((List<?>) Text.load(Amplification.manyRefs(1_000))).hasSize(1_001);
    }

    @Test
    void everyLimitIsConfigurable() {
        TextCodec tight = TextCodec.builder().limits(new LoadLimits(100, 3, 10, 2, 5, 20)).build();
        assertThat(tight.load("[[1, 2], ref(3), 99999]")).isEqualTo(List.of(List.of(1L, 2L), List.of(1L, 2L), 99999L));
        assertThat(error(tight, "'" + "x".repeat(100) + "'").reason()).contains("100 (LoadLimits.maxInputChars)");
        assertThat(error(tight, "[[[[1]]]]").reason()).contains("LoadLimits.maxDepth");
        assertThat(error(tight, "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]").reason()).contains("LoadLimits.maxNodes");
        assertThat(error(tight, "[[], ref(1), ref(1), ref(1)]").reason()).contains("LoadLimits.maxRefs");
        assertThat(error(tight, "123456").reason()).contains("LoadLimits.maxIntegerDigits");
        assertThat(error(tight, "[[1, 2, 3, 4, 5, 6], ref(7), ref(1)]").reason())
                .contains("LoadLimits.maxExpandedNodes");
        assertThatThrownBy(() -> LoadLimits.defaults().withMaxDepth(5_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 1000");
        assertThatThrownBy(() -> LoadLimits.defaults().withMaxNodes(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxNodes must be at least 1");
    }

    private static TextFormatException error(TextCodec codec, String text) {
        try {
            Object v = codec.load(text);
            throw new AssertionError("expected an error for " + text + ", loaded " + v);
        } catch (TextFormatException e) {
            return e;
        }
    }
}
