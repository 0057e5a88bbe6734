package io.fauxtp.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact text otf writes: the examples of its documentation and test suite. */
class TextDumpTest {

    @Test
    void theExamplesOfOtfsDocumentation() {
        assertThat(Text.dump(Arrays.asList(1, 2, 3, 4, null))).isEqualTo("[1, 2, 3, 4, None]");
        List<Object> v = new ArrayList<>();
        assertThat(Text.dump(List.of(v, v))).isEqualTo("[[], ref(1)]");
        assertThat(Text.dump(List.of(1.0, 2.0, Double.NEGATIVE_INFINITY))).isEqualTo("[1.0, 2.0, -inf]");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("nan", Double.NaN);
        d.put("1_5", List.of(1, 2, 3, 4, 5));
        assertThat(Text.dump(List.of(d, d))).isEqualTo("[{'nan': nan, '1_5': [1, 2, 3, 4, 5]}, ref(10)]");
    }

    @Test
    void thePrettyExampleOfOtfsDocumentation() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("nan", Double.NaN);
        d.put("1_5", List.of(1, 2, 3, 4, 5));
        assertThat(Text.dump(List.of(d, d), TextFormat.pretty(20, 4))).isEqualTo("""
                [
                    {
                        'nan': nan,
                        '1_5': [
                            1,
                            2,
                            3,
                            4,
                            5
                        ]
                    },
                    ref(10)
                ]""");
        assertThat(Text.dump(d, TextFormat.pretty(40, 4))).isEqualTo("{'nan': nan, '1_5': [1, 2, 3, 4, 5]}");
    }

    @Test
    void refCountsBackToTheMostRecentOccurrence() {
        List<Object> v = new ArrayList<>();
        assertThat(Text.dump(List.of(v, v, v))).isEqualTo("[[], ref(1), ref(1)]");
        assertThat(Text.dump(List.of(v, 2, v))).isEqualTo("[[], 2, ref(2)]");
        // otf's test_dump_text: shared tuple keys count the custom node and its list
        Tuple t01 = Tuple.of(0, 1);
        Tuple t12 = Tuple.of(1, 2);
        Tuple t23 = Tuple.of(2, 3);
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(t01, t12);
        m.put(t12, t23);
        m.put(t23, Tuple.of(3, 4));
        assertThat(Text.dump(m)).isEqualTo(
                "{tuple([0, 1]): tuple([1, 2]), ref(4): tuple([2, 3]), ref(4): tuple([3, 4])}");
    }

    @Test
    void builtInTypesAsOtfWritesThem() {
        assertThat(Text.dump(Tuple.of(4, -5.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)))
                .isEqualTo("tuple([4, -5.0, nan, inf, -inf])");
        assertThat(Text.dump(new LinkedHashSet<>(List.of(1, 2, 3)))).isEqualTo("set([1, 2, 3])");
        assertThat(Text.dump(List.of(List.of(), Map.of(), new LinkedHashSet<>(), Tuple.of())))
                .isEqualTo("[[], {}, set([]), tuple([])]");
        assertThat(Text.dump(Arrays.asList(true, false, null, 1.0, -0.0, 1e100, 1000000, 1e16, 1e-5)))
                .isEqualTo("[True, False, None, 1.0, -0.0, 1e+100, 1000000, 1e+16, 1e-05]");
        assertThat(Text.dump(new byte[] {0, (byte) 0xff, 'a'})).isEqualTo("b'\\x00\\xffa'");
        assertThat(Text.dump(new BigInteger("123456789012345678901234567890")))
                .isEqualTo("123456789012345678901234567890");
        assertThat(Text.dump(List.of("it's", "say \"hi\"", "both ' \"", "é ünï \t\n\u0000 😀")))
                .isEqualTo("[\"it's\", 'say \"hi\"', 'both \\' \"', 'é ünï \\t\\n\\x00 😀']");
        assertThat(Text.dump(3.0f)).isEqualTo("3.0");
    }

    @Test
    void longStringsAreSharedByEqualityShortOnesNever() {
        String a = "x".repeat(32);
        String b = new String("x".repeat(32)); // equal, not the same object
        assertThat(Text.dump(List.of(a, b))).isEqualTo("['" + a + "', ref(1)]");
        String s = "x".repeat(31);
        assertThat(Text.dump(List.of(s, new String(s)))).isEqualTo("['" + s + "', '" + s + "']");
        byte[] bytes = new byte[40];
        assertThat(Text.dump(List.of(bytes, bytes.clone()))).endsWith(", ref(1)]");
    }

    @Test
    void largeRefsGetUnderscores() {
        List<Object> shared = new ArrayList<>();
        List<Object> doc = new ArrayList<>();
        doc.add(shared);
        for (int i = 0; i < 1023; i++) {
            doc.add(i);
        }
        doc.add(shared);
        assertThat(Text.dump(doc)).endsWith(", 1022, ref(1_024)]");
    }

    @Test
    void prettyWritesIntegersWithUnderscoresAndSplitsLongMultiLineStrings() {
        assertThat(Text.dump(List.of(10_000_000, -1234, 999), TextFormat.pretty()))
                .isEqualTo("[10_000_000, -1_234, 999]");
        String body = "def f(x):\n    return x + 1\n" + "# a comment line that makes this long enough\n";
        String text = Text.dump(Map.of("body", body), TextFormat.pretty());
        assertThat(text).isEqualTo("""
                {
                    'body': (
                        'def f(x):\\n'
                        '    return x + 1\\n'
                        '# a comment line that makes this long enough\\n'
                    )
                }""");
        assertThat(Text.load(text)).isEqualTo(Map.of("body", body));
    }

    @Test
    void aValueThatContainsItselfCannotBeDumped() {
        List<Object> self = new ArrayList<>();
        self.add(1);
        self.add(self);
        assertThatThrownBy(() -> Text.dump(Map.of("k", self)))
                .isInstanceOfSatisfying(TextDumpException.class, e -> {
                    assertThat(e.path()).isEqualTo("['k'][1]");
                    assertThat(e.getMessage()).contains("contains itself");
                });
    }

    @Test
    void unregisteredTypesAreRefusedWithTheWayToRegisterThem() {
        record Point(int x, int y) {}
        assertThatThrownBy(() -> Text.dump(List.of(new Point(1, 2))))
                .isInstanceOf(TextDumpException.class)
                .hasMessageContaining("[0]")
                .hasMessageContaining("no reducer for")
                .hasMessageContaining(".record(Point.class");
        assertThatThrownBy(() -> Text.dump(new Object())).isInstanceOf(TextDumpException.class)
                .hasMessageContaining("TextCodec.builder().type(");
    }

    @Test
    void nestingBeyondTheLoadDepthLimitIsRefusedWhenDumping() {
        Object deep = List.of();
        for (int i = 0; i < 250; i++) {
            deep = List.of(deep);
        }
        Object tooDeep = deep;
        assertThatThrownBy(() -> Text.dump(tooDeep)).isInstanceOf(TextDumpException.class)
                .hasMessageContaining("deeper than 200");
        TextCodec relaxed = TextCodec.builder().limits(LoadLimits.defaults().withMaxDepth(300)).build();
        assertThat(relaxed.load(relaxed.dump(tooDeep))).isEqualTo(tooDeep);
    }

    @Test
    void longsAreHeldToTheIntegerDigitLimitWhenDumpingAsWhenLoading() {
        long[] values = {99_999L, -123_456L, 999_999_999_999_999_999L, -1_000_000_000_000_000_000L, Long.MAX_VALUE,
            Long.MIN_VALUE};
        for (int limit : new int[] {5, 18, 19}) {
            TextCodec codec = TextCodec.builder().limits(LoadLimits.defaults().withMaxIntegerDigits(limit)).build();
            for (long v : values) {
                List<Long> value = List.of(v);
                String digits = Long.toString(Math.abs(v)).replace("-", "");
                if (digits.length() <= limit) {
                    assertThat(codec.load(codec.dump(value))).as("%d within %d digits", v, limit).isEqualTo(value);
                } else {
                    assertThatThrownBy(() -> codec.dump(value)).as("%d over %d digits", v, limit)
                            .isInstanceOf(TextDumpException.class).hasMessageContaining("LoadLimits.maxIntegerDigits")
                            .hasMessageContaining("[0]");
                    assertThatThrownBy(() -> codec.load(Long.toString(v))).as("%d over %d digits", v, limit)
                            .isInstanceOf(TextFormatException.class).hasMessageContaining("LoadLimits.maxIntegerDigits");
                }
            }
        }
    }
}
