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
    void keysCraftedToShareOneHashCodeAreRefused() {
        // "Aa" and "BB" have the same String.hashCode, so do all 2^k strings made of k such blocks; Longs
        // (i << 32 | (i ^ h)) all hash to h. Mixed in one dict they would make HashMap search linearly.
        List<String> strings = new java.util.ArrayList<>(List.of(""));
        for (int k = 0; k < 7; k++) {
            List<String> next = new java.util.ArrayList<>();
            for (String s : strings) {
                next.add(s + "Aa");
                next.add(s + "BB");
            }
            strings = next;
        }
        int h = strings.get(0).hashCode();
        StringBuilder doc = new StringBuilder("{");
        for (int i = 0; i < strings.size(); i++) {
            long colliding = ((long) i << 32) | ((i ^ h) & 0xFFFFFFFFL);
            assertThat(Long.hashCode(colliding)).isEqualTo(h);
            doc.append('\'').append(strings.get(i)).append("': 1, ").append(colliding).append(": 2, ");
        }
        String flood = doc.append('}').toString();
        assertThatThrownBy(() -> Text.load(flood)).isInstanceOf(TextFormatException.class)
                .hasMessageContaining("share a hash code");
        // ordinary big dicts and sets are fine
        StringBuilder ok = new StringBuilder("[{");
        for (int i = 0; i < 5_000; i++) {
            ok.append("'k").append(i).append("': ").append(i).append(", ").append(i).append(": 'v', ");
        }
        ok.append("}, set([");
        for (int i = 0; i < 5_000; i++) {
            ok.append("'s").append(i).append("', ");
        }
        List<?> loaded = (List<?>) Text.load(ok.append("])]").toString());
        assertThat((java.util.Map<?, ?>) loaded.get(0)).hasSize(10_000);
        assertThat((Set<?>) loaded.get(1)).hasSize(5_000);
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
