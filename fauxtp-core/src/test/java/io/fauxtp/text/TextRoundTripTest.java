package io.fauxtp.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random values with shared parts survive dump and load in both formats, sharing included. */
class TextRoundTripTest {

    @Test
    void randomValuesRoundTripInBothFormats() {
        RandomValues values = new RandomValues(new Random(7));
        for (int i = 0; i < 3_000; i++) {
            Object v = values.value(0);
            String compact = Text.dump(v);
            Object loaded = Text.load(compact);
            assertThat(loaded).as(compact).isEqualTo(v);
            // the same text again means the same sharing: every ref points where it pointed before
            assertThat(Text.dump(loaded)).isEqualTo(compact);
            String pretty = Text.dump(v, TextFormat.pretty(30, 2));
            assertThat(Text.dump(Text.load(pretty))).as(pretty).isEqualTo(compact);
        }
    }

    @Test
    void theExecutableFormatOfOtfsTestsLoadsToTheSameNodesAsCompact() {
        // otf's test_dump_exec: shared values hoisted into bindings
        Object v = Text.load("""
                _0 = {}

                _1 = tuple([_0, _0])

                [_1, _1, _1, _1]
                """);
        assertThat(Text.dump(v)).isEqualTo("[tuple([{}, ref(1)]), ref(4), ref(1), ref(1)]");
        List<?> list = (List<?>) v;
        assertThat(list.get(0)).isSameAs(list.get(3));
        assertThat(((Tuple) list.get(0)).get(0)).isSameAs(((Tuple) list.get(0)).get(1));
    }

    @Test
    void sharedValuesInsideDictKeysAndCustomArgumentsKeepTheirIdentity() {
        Tuple key = Tuple.of(1L, "k");
        List<Object> shared = new ArrayList<>(List.of(1L));
        java.util.Map<Object, Object> m = new java.util.LinkedHashMap<>();
        m.put(key, shared);
        m.put("again", List.of(key, shared, new java.util.LinkedHashSet<>(List.of(key))));
        String text = Text.dump(m);
        assertThat(text).isEqualTo("{tuple([1, 'k']): [1], 'again': [ref(8), ref(5), set([ref(4)])]}");
        java.util.Map<?, ?> back = (java.util.Map<?, ?>) Text.load(text);
        List<?> again = (List<?>) back.get("again");
        assertThat(again.get(0)).isSameAs(back.keySet().iterator().next());
        assertThat(again.get(1)).isSameAs(back.get(key));
    }
}
