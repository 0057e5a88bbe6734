package io.fauxtp.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One regression test per finding of the attack run on the text format (numbered as in the issue): bounded
 * messages, linear loading, only {@link TextFormatException} out of the loader, every binding checked, generic
 * record components checked, and dumping within the load limits. (Refusal times are measured by
 * {@code TextAmplificationBenchmark}; the timeouts here are tens of times the time the fixed loader takes and only
 * catch a return of the quadratic passes.)
 */
class TextHostileInputTest {

    public record Point(long x, long y) {}

    public record Tags(List<String> tags) {}

    public record Counts(List<Integer> counts, Map<String, Set<Long>> byName) {}

    private static final TextCodec CODEC = TextCodec.builder().record(Point.class, "geo.Point")
            .record(Tags.class, "app.Tags").record(Counts.class, "app.Counts").build();

    /** A list of {@code 2^levels} references to one string, built by doubling: a few lines of text. */
    static String doublingStrings(String leaf, int levels) {
        StringBuilder b = new StringBuilder("l0 = ['" + leaf + "']\n");
        for (int i = 1; i <= levels; i++) {
            b.append('l').append(i).append(" = [l").append(i - 1).append(", l").append(i - 1).append("]\n");
        }
        return b.toString();
    }

    // 1. messages print shared values once, within a budget; the load limits count characters

    @Test
    void aRefusedConstructorArgumentIsQuotedWithinABudget() {
        String doc = doublingStrings("x".repeat(100), 16) + "geo.Point(l16, 2)";
        assertThatThrownBy(() -> CODEC.load(doc)).isInstanceOfSatisfying(TextFormatException.class, e -> {
            assertThat(e.reason()).contains("geo.Point.x must be a long, got a ArrayList");
            assertThat(e.getMessage().length()).isLessThan(1_000);
        });
    }

    @Test
    void oneLongStringSharedManyTimesCountsItsCharacters() {
        String doc = "['" + "s".repeat(1_000) + "'" + ", ref(1)".repeat(99_999) + "]";
        assertThat(doc.length()).isLessThan(1_000_000);
        assertThatThrownBy(() -> Text.load(doc)).isInstanceOfSatisfying(TextFormatException.class,
                e -> assertThat(e.reason()).contains("LoadLimits.maxExpandedChars"));
        assertThat((List<?>) Text.load("['" + "s".repeat(1_000) + "'" + ", ref(1)".repeat(9_999) + "]"))
                .hasSize(10_000);
    }

    @Test
    void aSummaryOfAHugeSharedValueStaysWithinItsBudget() {
        Object dag = List.of("x".repeat(100));
        for (int i = 0; i < 60; i++) {
            dag = List.of(dag, dag);
        }
        String summary = Text.summary(dag, 300);
        assertThat(summary.length()).isLessThan(320);
        assertThat(summary).startsWith("[[[[").endsWith("…");
        Map<String, Object> shared = new java.util.LinkedHashMap<>();
        List<String> leaf = List.of("x".repeat(20));
        shared.put("a", leaf);
        shared.put("b", leaf);
        shared.put("s", "y".repeat(10_000));
        assertThat(Text.summary(shared, 300)).startsWith("{'a': ['" + "x".repeat(20) + "'], 'b': <shared>, 's': 'yyy")
                .hasSizeLessThan(320);
    }

    @Test
    void aReasonQuotingAHugeNameIsCut() {
        String name = "n" + "x".repeat(100_000);
        assertThatThrownBy(() -> Text.load(name)).isInstanceOfSatisfying(TextFormatException.class,
                e -> assertThat(e.getMessage().length()).isLessThan(TextFormatException.MAX_REASON_CHARS + 300));
    }

    // 2. loading is linear: no pass multiplies bindings by literals or depth by keys

    @Test
    void manyBindingsAndManyTupleLiteralsLoadInLinearTime() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            b.append('b').append(i).append(" = ").append(i).append('\n');
        }
        b.append("[b0, ");
        for (int i = 0; i < 100_000; i++) {
            b.append("((0, ),), ");
        }
        String doc = b.append(']').toString();
        // the quadratic pass took minutes on this document
        List<?> loaded = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> (List<?>) Text.load(doc));
        assertThat(loaded).hasSize(100_001);
        assertThat(loaded.get(1)).isEqualTo(Tuple.of(Tuple.of(0L)));
        // the same, never closed: refused by the bracket scan before any value is built
        String unclosed = doc.substring(0, doc.length() - 1);
        assertThatThrownBy(() -> Text.load(unclosed)).isInstanceOfSatisfying(TextFormatException.class, e -> {
            assertThat(e.reason()).isEqualTo("this '[' is never closed: add the closing ']'");
            assertThat(e.line()).isEqualTo(20_001);
            assertThat(e.column()).isEqualTo(1);
        });
    }

    // 3. nothing but TextFormatException leaves the loader

    @Test
    void aCommentEndedByACarriageReturnEndsTheSameForTheBracketScanAndTheParser() {
        String doc = "(#\r[" + "0,".repeat(4_096) + "],";
        assertThatThrownBy(() -> Text.load(doc)).isExactlyInstanceOf(TextFormatException.class);
        assertThat(Text.load("(#c\r1, 2)")).isEqualTo(Tuple.of(1L, 2L));
        assertThat(Text.load("{#c\r1: 2}")).isEqualTo(Map.of(1L, 2L));
        assertThat(Text.load("('a\\\r\nb', 1)")).isEqualTo(Tuple.of("ab", 1L));
    }

    // 5. every binding is parsed and checked

    @Test
    void anUnusedBindingIsCheckedLikeAUsedOne() {
        assertThatThrownBy(() -> Text.load("x = java.lang.ProcessBuilder(['sh']).start()\nNone"))
                .isInstanceOfSatisfying(TextFormatException.class, e -> assertThat(e.line()).isEqualTo(1));
        assertThatThrownBy(() -> Text.load("a = unknown.thing(1)\n5"))
                .isInstanceOf(TextFormatException.class).hasMessageContaining("unknown constructor 'unknown.thing'");
        assertThatThrownBy(() -> Text.load("a = [1,\n5")).isInstanceOf(TextFormatException.class);
        assertThat(Text.load("a = [1]\nb = [a, a]\n5")).isEqualTo(5L);
    }

    // 6. generic record components are checked against their element types

    @Test
    void aGenericComponentRefusesElementsOfAnotherType() {
        assertThatThrownBy(() -> CODEC.load("app.Tags([1, None, geo.Point(1, 2)])"))
                .isInstanceOfSatisfying(TextFormatException.class,
                        e -> assertThat(e.reason()).contains("app.Tags.tags[0] must be a String, got a Long"));
        assertThatThrownBy(() -> CODEC.load("app.Tags(['a', geo.Point(1, 2)])"))
                .isInstanceOfSatisfying(TextFormatException.class,
                        e -> assertThat(e.reason()).contains("app.Tags.tags[1] must be a String, got a Point"));
        assertThat(CODEC.load("app.Tags(['a', 'b'])")).isEqualTo(new Tags(List.of("a", "b")));
        Counts counts = CODEC.load("app.Counts([1, 2], {'a': {3}})", Counts.class);
        assertThat(counts.counts()).containsExactly(1, 2);
        assertThat(counts.counts().getFirst()).isInstanceOf(Integer.class);
        assertThat(counts.byName().get("a")).containsExactly(3L);
        assertThatThrownBy(() -> CODEC.load("app.Counts([1], {'a': {'x'}})"))
                .isInstanceOfSatisfying(TextFormatException.class,
                        e -> assertThat(e.reason()).contains("must be a Long, got a String"));
    }

    // 7. big integers are read in sub-quadratic time; long literals are refused before they are read

    @Test
    void bigIntegersAreReadExactly() {
        for (int digits : new int[] {19, 400, 401, 1_000, 4_299, 4_300}) {
            String text = "9" + "1234567890".repeat(digits / 10 + 1).substring(0, digits - 1);
            assertThat(Text.load(text).toString()).isEqualTo(text);
            assertThat(Text.load("-" + text).toString()).isEqualTo("-" + text);
        }
        assertThatThrownBy(() -> Text.load("0x" + "f".repeat(1_000_000)))
                .isInstanceOfSatisfying(TextFormatException.class, e -> {
                    assertThat(e.reason()).contains("LoadLimits.maxIntegerDigits");
                    assertThat(e.column()).isEqualTo(1);
                });
    }

    // 8. whatever a codec writes, it can read: dumping enforces the load limits and names the path

    @Test
    void dumpingRefusesWhatLoadingWouldRefuse() {
        BigInteger big = BigInteger.TEN.pow(4_300);
        assertThatThrownBy(() -> Text.dump(Map.of("n", List.of(1, big))))
                .isInstanceOfSatisfying(TextDumpException.class, e -> {
                    assertThat(e.path()).isEqualTo("['n'][1]");
                    assertThat(e.reason()).contains("LoadLimits.maxIntegerDigits");
                });
        assertThat(Text.load(Text.dump(BigInteger.TEN.pow(4_299)))).isEqualTo(BigInteger.TEN.pow(4_299));

        String huge = "x".repeat(LoadLimits.defaults().maxInputChars());
        assertThatThrownBy(() -> Text.dump(List.of("a", huge)))
                .isInstanceOfSatisfying(TextDumpException.class, e -> {
                    assertThat(e.path()).isEqualTo("[1]");
                    assertThat(e.reason()).contains("LoadLimits.maxInputChars");
                });

        TextCodec tight = TextCodec.builder().limits(new LoadLimits(1_000, 3, 10, 1, 5, 20, 50)).build();
        assertThatThrownBy(() -> tight.dump(List.of(List.of(List.of(List.of())))))
                .isInstanceOfSatisfying(TextDumpException.class,
                        e -> assertThat(e.reason()).contains("LoadLimits.maxDepth"));
        assertThatThrownBy(() -> tight.dump(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)))
                .isInstanceOfSatisfying(TextDumpException.class, e -> {
                    assertThat(e.path()).isEqualTo("[9]");
                    assertThat(e.reason()).contains("LoadLimits.maxNodes");
                });
        List<Object> shared = List.of(1);
        assertThatThrownBy(() -> tight.dump(List.of(shared, shared, shared)))
                .isInstanceOfSatisfying(TextDumpException.class, e -> {
                    assertThat(e.path()).isEqualTo("[2]");
                    assertThat(e.reason()).contains("LoadLimits.maxRefs");
                });
        List<Object> eight = List.of(1, 2, 3, 4, 5, 6, 7);
        TextCodec fewExpanded = TextCodec.builder().limits(new LoadLimits(1_000, 3, 100, 10, 5, 20, 500)).build();
        assertThatThrownBy(() -> fewExpanded.dump(List.of(eight, eight, eight)))
                .isInstanceOfSatisfying(TextDumpException.class,
                        e -> assertThat(e.reason()).contains("LoadLimits.maxExpandedNodes"));
        String s40 = "s".repeat(40);
        TextCodec fewChars = TextCodec.builder().limits(new LoadLimits(1_000, 3, 100, 10, 5, 100, 100)).build();
        assertThatThrownBy(() -> fewChars.dump(List.of(s40, s40, s40)))
                .isInstanceOfSatisfying(TextDumpException.class, e -> {
                    assertThat(e.path()).isEqualTo("[2]");
                    assertThat(e.reason()).contains("LoadLimits.maxExpandedChars");
                });
        // just within every limit: written and read back
        List<Object> within = List.of(s40, s40);
        assertThat(fewChars.load(fewChars.dump(within))).isEqualTo(within);
    }

    @Test
    void whatADumpOfManySharedValuesWritesLoadsBack() {
        List<Object> values = new ArrayList<>();
        List<Object> leaf = List.of("x".repeat(50), BigInteger.TEN.pow(100));
        for (int i = 0; i < 1_000; i++) {
            values.add(List.of(leaf, Tuple.of(leaf), Set.of((long) i)));
        }
        assertThat(Text.load(Text.dump(values))).isEqualTo(values);
        assertThat(Text.load(Text.dump(values, TextFormat.pretty()))).isEqualTo(values);
    }

    // 9. the pretty layout measures width in code points, as otf (Python's len) does

    @Test
    void thePrettyLayoutCountsCodePointsNotUtf16Units() {
        String astral = "\uD83D\uDE00".repeat(25);
        List<Object> value = List.of(astral, "abcdefghijkl");
        // flat: 1 + 27 + 2 + 14 + 1 = 45 code points, within 60; 70 UTF-16 units, beyond it
        assertThat(Text.dump(value, TextFormat.pretty())).isEqualTo("['" + astral + "', 'abcdefghijkl']");
        List<Object> wider = List.of(astral + "x".repeat(20), "abcdefghijkl");
        assertThat(Text.dump(wider, TextFormat.pretty())).contains("\n");
    }
}
