package io.fauxtp.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text format examples of docs/text-format.md (the regions between tag markers are copied there verbatim). */
class TextReadmeExamplesTest {

    record Point(int x, int y) {}

    enum Color { RED, GREEN }

    record Labelled(String label, Object at) {}

    @Test
    void plainData() {
        // tag::text-plain[]
        List<Object> shared = new ArrayList<>(List.of(1, 2));
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", 42);
        order.put("price", 9.5);
        order.put("lines", List.of(shared, shared));   // the same list twice
        order.put("key", Tuple.of("it's", 1e16));

        String text = Text.dump(order);
        assertThat(text).isEqualTo(
                "{'id': 42, 'price': 9.5, 'lines': [[1, 2], ref(3)], 'key': tuple([\"it's\", 1e+16])}");

        Map<?, ?> back = (Map<?, ?>) Text.load(text);
        List<?> lines = (List<?>) back.get("lines");
        assertThat(lines.get(0)).isSameAs(lines.get(1));   // sharing survives the round trip
        assertThat(back.get("id")).isEqualTo(42L);           // integers load as Long
        // end::text-plain[]
    }

    @Test
    void prettyFormat() {
        // tag::text-pretty[]
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", 10_000_000);
        order.put("lines", List.of(List.of("apple", 3), List.of("pear", 1)));
        order.put("note", "deliver after 6 pm, ring twice");

        // width 60, indent 4: a group stays on one line when it fits
        assertThat(Text.dump(order, TextFormat.pretty())).isEqualTo("""
                {
                    'id': 10_000_000,
                    'lines': [['apple', 3], ['pear', 1]],
                    'note': 'deliver after 6 pm, ring twice'
                }""");
        // end::text-pretty[]
    }

    @Test
    void customTypes() {
        // tag::text-codec[]
        TextCodec codec = TextCodec.builder()
                .record(Point.class, "geo.Point")       // a record: one line
                .enumType(Color.class, "geo.Color")     // an enum: one line
                .build();

        String text = codec.dump(Map.of(Color.RED, new Point(1, 2)));
        assertThat(text).isEqualTo("{geo.Color('RED'): geo.Point(1, 2)}");
        assertThat(codec.load("{geo.Color('RED'): geo.Point(y=2, x=1)}")).isEqualTo(Map.of(Color.RED, new Point(1, 2)));
        // end::text-codec[]
    }

    @Test
    void writer() {
        // tag::text-writer[]
        TextCodec codec = TextCodec.builder()
                .constructor("geo.Labelled", c -> new Labelled(c.arg(0, String.class), c.kwargs().get("at")))
                .writer(Labelled.class, "geo.Labelled", (l, out) -> {
                    out.arg(l.label());
                    if (l.at() != null) {
                        out.kwarg("at", l.at());
                    }
                })
                .build();

        assertThat(codec.dump(List.of(new Labelled("a", 1L), new Labelled("b", null))))
                .isEqualTo("[geo.Labelled('a', at=1), geo.Labelled('b')]");
        assertThat(codec.load("geo.Labelled('a', at=1)")).isEqualTo(new Labelled("a", 1L));
        // end::text-writer[]
    }

    @Test
    void errorsAndLimits() {
        // tag::text-errors[]
        TextCodec strict = TextCodec.builder()
                .limits(LoadLimits.defaults().withMaxInputChars(64 * 1024).withMaxDepth(32))
                .build();
        assertThatThrownBy(() -> strict.load("[1, 2,\n os.system('rm -rf /')]"))
                .isInstanceOfSatisfying(TextFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(2);
                    assertThat(e.reason()).startsWith("unknown constructor 'os.system'");
                });
        // end::text-errors[]
    }
}
