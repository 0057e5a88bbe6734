package io.fauxtp.text.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fauxtp.text.LoadLimits;
import io.fauxtp.text.TextFormatException;
import io.fauxtp.text.Tuple;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * A codec's loads share one set of arrays ({@link LoadScratch}): what one load left in them must change nothing
 * in the next, and the kept arrays hold none of the loaded value's objects.
 */
class LoadSpareTest {

    private final LoadSpare spare = new LoadSpare();

    private Object load(String text, LoadLimits limits) {
        return spare.load(text, Map.of(), limits);
    }

    @Test
    void aBracketMarkedInOneDocumentIsUnmarkedInTheNext() {
        assertThat(load("('a', 1)", LoadLimits.defaults())).isEqualTo(Tuple.of("a", 1L));
        // the '(' at offset 0 was a tuple's: here it is a parenthesis, and '{' at 6 a set's
        assertThat(load("(1)", LoadLimits.defaults())).isEqualTo(1L);
        assertThat(load("{'a': {1}}", LoadLimits.defaults())).isEqualTo(Map.of("a", java.util.Set.of(1L)));
        assertThat(load("{1, (2)}", LoadLimits.defaults())).isEqualTo(java.util.Set.of(1L, 2L));
    }

    @Test
    void aSlotThatWasAContainerCountsAsAConstantWhenItIsOne() {
        // slot 2 is the list [1] here; in the next document it is the constant 1, which ref(1) copies: 4 expanded
        // nodes (the list, 0, 1 and the copy), 5 if the copy still counted the old list's two
        load("[0, [1]]", LoadLimits.defaults());
        LoadLimits four = LoadLimits.defaults().withMaxExpandedNodes(4);
        assertThat(load("[0, 1, ref(1)]", four)).isEqualTo(List.of(0L, 1L, 1L));
        assertThatThrownBy(() -> load("[0, 1, ref(1), 2]", four)).isInstanceOf(TextFormatException.class);
    }

    @Test
    void theKeptArraysHoldNoneOfTheValue() {
        Object value = load("{'k': ['a long string of more than sixteen characters', (1, 2.5), b'x']}",
                LoadLimits.defaults());
        assertThat(value).isNotNull();
        LoadScratch kept = spare.peek();
        assertThat(kept).isNotNull();
        assertThat(Arrays.stream(kept.values).allMatch(Objects::isNull)).isTrue();
        assertThat(Arrays.stream(kept.marks).allMatch(w -> w == 0)).isTrue();
        assertThat(Arrays.stream(kept.plainCloses).allMatch(w -> w == 0)).isTrue();
    }

    @Test
    void aRefusedLoadLeavesTheArraysClearedToo() {
        assertThatThrownBy(() -> load("['a', 'b', (1, 2), [ref(1)", LoadLimits.defaults()))
                .isInstanceOf(TextFormatException.class);
        assertThatThrownBy(() -> load("['a', 'b', (1, 2), ref(9)]", LoadLimits.defaults()))
                .isInstanceOf(TextFormatException.class);
        LoadScratch kept = spare.peek();
        assertThat(Arrays.stream(kept.values).allMatch(Objects::isNull)).isTrue();
        assertThat(Arrays.stream(kept.marks).allMatch(w -> w == 0)).isTrue();
        assertThat(load("[(1)]", LoadLimits.defaults())).isEqualTo(List.of(1L));
    }

    @Test
    void arraysLeftHalfGrownAreNotKeptForTheNextLoad() {
        // what an OutOfMemoryError between the two allocations of a pair would leave: a long memo beside short
        // container numbers; a load reusing them would write past the short one and be refused as an internal error
        LoadScratch halfGrown = new LoadScratch();
        halfGrown.slotArrays(new Object[1_000], new int[16]);
        spare.keep(halfGrown, 0, 0);
        String hundred = java.util.stream.IntStream.range(0, 100).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        assertThat(load(hundred, LoadLimits.defaults())).asList().hasSize(100);
        assertThat(spare.peek()).isNotSameAs(halfGrown);
    }
}
