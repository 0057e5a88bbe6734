package io.fauxtp.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Registered custom types: records, enums and hand-written reducers and constructors. */
class TextCodecTest {

    record Point(int x, int y) {}

    record Segment(Point from, Point to, String label, double weight, List<Object> tags) {}

    enum Color { RED, GREEN }

    sealed interface Shape permits Circle, Square {}

    record Circle(long radius) implements Shape {}

    record Square(long side) implements Shape {}

    private static final TextCodec CODEC = TextCodec.builder()
            .record(Point.class, "geo.Point")
            .record(Segment.class, "geo.Segment")
            .enumType(Color.class, "geo.Color")
            .type(Duration.class, "time.Duration", d -> Call.of("time.Duration", d.toString()),
                    call -> Duration.parse(call.arg(0, String.class)))
            .build();

    @Test
    void recordsAreWrittenAsCallsOfTheirComponents() {
        Segment s = new Segment(new Point(1, 2), new Point(3, -4), "it's", 0.5, List.of(Color.RED));
        String text = CODEC.dump(s);
        assertThat(text).isEqualTo(
                "geo.Segment(geo.Point(1, 2), geo.Point(3, -4), \"it's\", 0.5, [geo.Color('RED')])");
        assertThat(CODEC.load(text)).isEqualTo(s);
    }

    @Test
    void recordsLoadFromKeywordsAndConvertNumbers() {
        assertThat(CODEC.load("geo.Point(y=2, x=1)")).isEqualTo(new Point(1, 2));
        assertThat(CODEC.load("geo.Point(1, y=2)")).isEqualTo(new Point(1, 2));
        assertThat(CODEC.load("geo.Segment(geo.Point(0, 0), geo.Point(0, 0), 'l', 2, [])"))
                .isEqualTo(new Segment(new Point(0, 0), new Point(0, 0), "l", 2.0, List.of()));
    }

    @Test
    void recordArgumentErrorsArePositionedAndSayWhatIsWrong() {
        assertThat(error("[geo.Point(1)]").getMessage())
                .startsWith("line 1, column 2: geo.Point(...) could not be built: geo.Point is missing component(s) [y]");
        assertThat(error("geo.Point(1, 2, 3)").reason()).contains("takes 2 argument(s) [x, y], got 3 positional");
        assertThat(error("geo.Point(1, z=2)").reason()).contains("has no component 'z'");
        assertThat(error("geo.Point('a', 2)").reason()).contains("geo.Point.x must be a int, got a String ('a')");
        assertThat(error("geo.Point(99999999999, 2)").reason()).contains("out of its range");
        assertThat(error("geo.Point(None, 2)").reason()).contains("cannot be None");
        assertThat(error("geo.Color('BLUE')").reason()).contains("has no constant 'BLUE'; it has [RED, GREEN]");
        TextFormatException e = error("time.Duration('soon')");
        assertThat(e.getCause()).isInstanceOf(java.time.format.DateTimeParseException.class);
    }

    @Test
    void sharedRecordsAreWrittenOnceAndLoadAsOneObject() {
        Point p = new Point(1, 2);
        String text = CODEC.dump(List.of(p, p));
        assertThat(text).isEqualTo("[geo.Point(1, 2), ref(3)]");
        List<?> loaded = (List<?>) CODEC.load(text);
        assertThat(loaded.get(0)).isSameAs(loaded.get(1));
        // records as dict keys and set elements
        assertThat(CODEC.load("{geo.Point(1, 2): 'a', geo.Color('RED'): set([geo.Point(0, 0)])}"))
                .isEqualTo(Map.of(new Point(1, 2), "a", Color.RED, java.util.Set.of(new Point(0, 0))));
    }

    @Test
    void handWrittenTypesAndSubtypesOfARegisteredType() {
        assertThat(CODEC.dump(Duration.ofSeconds(5))).isEqualTo("time.Duration('PT5S')");
        assertThat(CODEC.load("time.Duration('PT5S')")).isEqualTo(Duration.ofSeconds(5));
        TextCodec shapes = TextCodec.builder()
                .reducer(Shape.class, s -> switch (s) {
                    case Circle c -> Call.of("shape.Circle").withKeyword("r", c.radius());
                    case Square q -> Call.of("shape.Square", q.side());
                })
                .constructor("shape.Circle", c -> new Circle(c.kwarg("r", Long.class)))
                .constructor("shape.Square", c -> new Square(c.arg(0, Long.class)))
                .build();
        List<Shape> value = List.of(new Circle(2), new Square(3));
        assertThat(shapes.dump(value)).isEqualTo("[shape.Circle(r=2), shape.Square(3)]");
        assertThat(shapes.load(shapes.dump(value))).isEqualTo(value);
        assertThat(shapes.dump(value, TextFormat.pretty(20, 2))).isEqualTo("""
                [
                  shape.Circle(r=2),
                  shape.Square(3)
                ]""");
    }

    @Test
    void onlyRegisteredConstructorsAreEverCalled() {
        AtomicInteger calls = new AtomicInteger();
        TextCodec codec = TextCodec.builder().constructor("app.Thing", c -> {
            calls.incrementAndGet();
            return new ArrayList<>(c.args());
        }).build();
        assertThat(codec.load("app.Thing(1)")).isEqualTo(List.of(1L));
        assertThat(error(codec, "app.Thing.x(1)").reason()).contains("unknown constructor 'app.Thing.x'")
                .contains("known: tuple, set, app.Thing");
        assertThat(error(codec, "java.util.ArrayList()").reason()).contains("unknown constructor 'java.util.ArrayList'");
        // a failing argument stops before the constructor runs
        assertThat(error(codec, "app.Thing(1, nope.X())").reason()).contains("unknown constructor 'nope.X'");
        assertThat(calls).hasValue(1);
        assertThat(codec.constructorNames()).containsExactly("app.Thing");
    }

    @Test
    void typesAreTheClassesRegisteredWithAReducerInRegistrationOrder() {
        TextCodec codec = TextCodec.builder().record(Point.class, "geo.Point")
                .constructor("app.Thing", c -> c.args())
                .reducer(CharSequence.class, c -> Call.of("app.Chars", c.toString()))
                .build();
        assertThat(codec.types()).containsExactly(Point.class, CharSequence.class);
        assertThat(codec.toBuilder().build().types()).isEqualTo(codec.types());
        assertThat(TextCodec.standard().types()).isEmpty();
    }

    @Test
    void registrationRejectsNamesThatWouldNotParse() {
        assertThatThrownBy(() -> TextCodec.builder().record(Point.class, "geo Point"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dotted ASCII identifiers");
        assertThatThrownBy(() -> TextCodec.builder().record(Point.class, "tuple"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> TextCodec.builder().record(Point.class, "a.class"))
                .isInstanceOf(IllegalArgumentException.class);
        TextCodec bad = TextCodec.builder().reducer(Point.class, p -> Call.of("not valid")).build();
        assertThatThrownBy(() -> bad.dump(new Point(1, 1))).isInstanceOf(TextDumpException.class)
                .hasMessageContaining("not a valid constructor name");
    }

    @Test
    void toBuilderDerivesACodecWithOtherLimits() {
        TextCodec strict = CODEC.toBuilder().limits(LoadLimits.defaults().withMaxNodes(3)).build();
        assertThat(strict.load("geo.Point(1, 2)")).isEqualTo(new Point(1, 2));
        assertThat(error(strict, "[geo.Point(1, 2)]").reason()).contains("LoadLimits.maxNodes");
        assertThat(CODEC.limits()).isEqualTo(LoadLimits.defaults());
    }

    private static TextFormatException error(String text) {
        return error(CODEC, text);
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
