package io.fauxtp.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fauxtp.text.TextCodec.Reducer;
import io.fauxtp.text.internal.Dumper;
import io.fauxtp.text.internal.RandomStrings;
import io.fauxtp.text.internal.StringBuilderDumper;
import io.fauxtp.text.internal.WrittenType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The dumper, which writes into a {@code char[]} of its own, writes every value character for character as the
 * {@code StringBuilder} dumper it replaced ({@link StringBuilderDumper}, kept in the tests): on the generator's
 * random values with random strings and doubles mixed in, compact and pretty in several widths and indents,
 * and with limits low enough that both refuse the same values with the same error.
 */
class TextBufferDumpTest {

    record Item(String name, Object value) {}

    /** Written by a {@link TextCodec.Writer}: the dumper writes it directly, the reference dumper as a Call. */
    record Tagged(String tag, Object value, Object note) {}

    private static final Map<Class<?>, Reducer<?>> REDUCERS = Map.of(Item.class,
            (Reducer<Item>) i -> Call.of("app.Item", i.name()).withKeyword("value", i.value()),
            Tagged.class, new WrittenType<Tagged>("app.Tagged", (t, out) -> {
                out.arg(t.tag()).arg(t.value());
                if (t.note() != null) {
                    out.kwarg("note", t.note()).kwarg("again", t.value());
                }
            }));

    private static final List<TextFormat> FORMATS = List.of(TextFormat.compact(), TextFormat.pretty(),
            TextFormat.pretty(20, 2), TextFormat.pretty(100, 3), TextFormat.pretty(8, 1));

    @Test
    void randomValuesAreWrittenAsTheStringBuilderDumperWroteThem() {
        compare(LoadLimits.defaults(), 3_000);
    }

    @Test
    void valuesOverTheLimitsAreRefusedAsTheStringBuilderDumperRefusedThem() {
        LoadLimits small = LoadLimits.defaults().withMaxInputChars(300).withMaxNodes(60).withMaxDepth(6)
                .withMaxIntegerDigits(18);
        assertThat(compare(small, 3_000)).as("values refused").isGreaterThan(300);
    }

    /**
     * A dumper keeps its buffers and its table of containers for the next dump: nothing of one dump may show in
     * the next, not even of a dump refused half-way, which leaves its open containers marked as being written.
     */
    @Test
    void aDumpSeesNothingOfTheDumpsBeforeIt() {
        Dumper dumper = new Dumper(REDUCERS, LoadLimits.defaults());
        List<Object> shared = new ArrayList<>(List.of(1L, "two"));
        List<Object> twice = List.of(shared, new Item("x", shared));
        List<Object> refused = new ArrayList<>(List.of(shared, List.of(twice, new Object())));
        for (TextFormat format : FORMATS) {
            String expected = new StringBuilderDumper(REDUCERS, LoadLimits.defaults()).dump(twice, format);
            assertThat(dumper.dump(twice, format)).as("%s", format).isEqualTo(expected);
            assertThat(dumper.dump(twice, format)).as("%s, again", format).isEqualTo(expected);
            assertThat(catchThrowable(() -> dumper.dump(refused, format))).isInstanceOf(TextDumpException.class);
            assertThat(dumper.dump(twice, format)).as("%s, after a refusal", format).isEqualTo(expected);
        }
    }

    /**
     * A writer that gives a positional argument after a keyword, the same keyword twice or a keyword that is no
     * identifier is refused as the same reducer's {@code Call} would be, with the same message and path.
     */
    @Test
    void misusedArgumentsAreRefusedAsTheirCallWouldBe() {
        List<TextCodec.Writer<Tagged>> misuses = List.of(
                (t, out) -> out.kwarg("a", 1L).arg(2L),
                (t, out) -> out.arg(t.value()).kwarg("a", 1L).kwarg("a", 2L),
                (t, out) -> out.arg(t.value()).kwarg("not valid", 1L),
                (t, out) -> {
                    throw new IllegalStateException("no");
                });
        for (TextCodec.Writer<Tagged> misuse : misuses) {
            Map<Class<?>, Reducer<?>> reducers = Map.of(Tagged.class, new WrittenType<>("app.Tagged", misuse));
            Object value = Map.of("k", List.of(1L, new Tagged("t", List.of(2L), null)));
            for (TextFormat format : FORMATS) {
                Throwable expected = catchThrowable(
                        () -> new StringBuilderDumper(reducers, LoadLimits.defaults()).dump(value, format));
                assertThat(expected).isInstanceOf(TextDumpException.class);
                assertThat(catchThrowable(() -> new Dumper(reducers, LoadLimits.defaults()).dump(value, format)))
                        .isInstanceOf(TextDumpException.class).hasMessage(expected.getMessage());
            }
        }
    }

    /**
     * What a value given to a writer throws while it is written is no failure of the writer: it escapes as it
     * does from the same value among a reducer's {@code Call}'s arguments, and a writer that catches it and goes
     * on still fails the dump, since the text written so far is unusable.
     */
    @Test
    void whatAGivenValueThrowsEscapesAsFromAReducersCall() {
        List<Object> failing = new java.util.AbstractList<>() {
            @Override
            public Object get(int index) {
                throw new java.util.ConcurrentModificationException("changed while dumped");
            }

            @Override
            public int size() {
                return 2;
            }
        };
        List<TextCodec.Writer<Tagged>> writers = List.of(
                (t, out) -> out.arg(t.tag()).arg(failing),
                (t, out) -> {
                    try {
                        out.arg(failing);
                    } catch (RuntimeException ignored) {
                        // carries on as if nothing happened
                    }
                    out.arg(t.tag());
                },
                (t, out) -> {
                    try {
                        out.arg(new Object());
                    } catch (TextDumpException ignored) {
                        // carries on as if nothing happened
                    }
                    out.arg(t.tag());
                });
        for (TextCodec.Writer<Tagged> writer : writers) {
            Map<Class<?>, Reducer<?>> reducers = Map.of(Tagged.class, new WrittenType<>("app.Tagged", writer));
            Object value = List.of(1L, new Tagged("t", 2L, null));
            for (TextFormat format : FORMATS) {
                Throwable expected = catchThrowable(
                        () -> new StringBuilderDumper(reducers, LoadLimits.defaults()).dump(value, format));
                assertThat(expected).isNotNull();
                assertThat(catchThrowable(() -> new Dumper(reducers, LoadLimits.defaults()).dump(value, format)))
                        .as("%s", format).isInstanceOf(expected.getClass()).hasMessage(expected.getMessage());
            }
        }
    }

    /** Compares both dumpers on {@code count} seeded values; returns how many both refused. */
    private static int compare(LoadLimits limits, int count) {
        Dumper dumper = new Dumper(REDUCERS, limits);
        StringBuilderDumper reference = new StringBuilderDumper(REDUCERS, limits);
        int refused = 0;
        for (int seed = 0; seed < count; seed++) {
            Object value = value(seed);
            for (TextFormat format : FORMATS) {
                String expected;
                try {
                    expected = reference.dump(value, format);
                } catch (TextDumpException e) {
                    Throwable thrown = catchThrowable(() -> dumper.dump(value, format));
                    assertThat(thrown).as("seed %d, %s", seed, format).isInstanceOf(TextDumpException.class)
                            .hasMessage(e.getMessage());
                    refused++;
                    continue;
                }
                assertThat(dumper.dump(value, format)).as("seed %d, %s", seed, format).isEqualTo(expected);
            }
        }
        return refused;
    }

    /** A random value of the property tests' generator, with random strings, doubles and records in it. */
    private static Object value(int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        RandomValues values = new RandomValues(new Random(seed));
        List<Object> all = new ArrayList<>();
        for (int i = random.nextInt(1, 6); i > 0; i--) {
            all.add(values.value(random.nextInt(3)));
        }
        Map<Object, Object> more = new LinkedHashMap<>();
        for (int i = random.nextInt(8); i > 0; i--) {
            more.put(RandomStrings.of(random, 8), switch (random.nextInt(6)) {
                case 0 -> RandomStrings.of(random, 80);
                case 1 -> random.nextLong(-100_000_000, 100_000_000) / Math.pow(10, random.nextInt(6));
                case 2 -> Double.longBitsToDouble(random.nextLong());
                case 3 -> new Item(RandomStrings.of(random, 4),
                        values.value(random.nextInt(4)));
                case 4 -> new Tagged(RandomStrings.of(random, 4), values.value(random.nextInt(4)),
                        random.nextBoolean() ? null : new Tagged("inner", values.value(random.nextInt(3)),
                                random.nextBoolean() ? null : all.get(0)));
                default -> random.nextLong() >> random.nextInt(64);
            });
        }
        all.add(more);
        // a long string with newlines: the pretty format writes it line by line
        all.add(RandomStrings.of(random, 150));
        return random.nextBoolean() ? all : new Item("top", all);
    }
}
