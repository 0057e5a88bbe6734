package io.fauxtp.text.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.text.Text;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pre-scan's count of opening brackets, which sizes the containers' part of the slot memo once: every
 * {@code (}, {@code [} and <code>{</code> outside strings and comments. Only a size hint: a document with more
 * containers than it says (a tuple or set takes two) or than the memo sets aside loads the same, its references
 * to late containers included.
 */
class BracketScanTest {

    @Test
    void countsTheBracketsOutsideStringsAndComments() {
        String doc = "[1, [2, 3], {'a': (4, 5, 6), 'b': '[,,]', 'c': set()}, f(1, x=2,), # [,,\n ()]";
        assertThat(BracketScan.of(new Source(doc)).bracketCount()).isEqualTo(7);
        assertThat(BracketScan.of(new Source("'(' # [")).bracketCount()).isZero();
    }

    @Test
    void moreContainersThanTheMemoSetsAsideLoadTheSame() {
        // tuples and sets take two containers for one bracket, and past Slots.CONTAINERS_PRESIZE_CEILING the
        // sizes grow: references to the last containers still stand for their values
        int n = Slots.CONTAINERS_PRESIZE_CEILING + 10;
        StringBuilder doc = new StringBuilder("[");
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            doc.append(i % 2 == 0 ? "(" + i + ",), " : "{" + i + "}, ");
            expected.add(i % 2 == 0 ? io.fauxtp.text.Tuple.of((long) i) : java.util.Set.of((long) i));
        }
        // a reference back to the last element, and to the one before it, each 2 slots apart per container of
        // two plus one per element
        doc.append("ref(3), ref(7)]");
        expected.add(expected.get(n - 1));
        expected.add(expected.get(n - 2));
        assertThat(Text.load(doc.toString())).isEqualTo(expected);
    }
}
