package io.fauxtp.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lengths that change the text are counted in code points, as otf counts them with Python's {@code len}: an
 * astral character such as U+1F600 is one, not two UTF-16 units.
 */
class CodePointLengthTest {

    private static final String GRIN = "\uD83D\uDE00"; // U+1F600, two UTF-16 units

    @Test
    void aPrettyLineOfSixtyCodePointsStaysOnOneLine() {
        // ['😀…'] with 56 astral characters: 60 code points, 116 UTF-16 units
        List<String> fits = List.of(GRIN.repeat(56));
        assertThat(Text.dump(fits, TextFormat.pretty())).isEqualTo("['" + GRIN.repeat(56) + "']");
        // one more code point and the group breaks
        List<String> over = List.of(GRIN.repeat(57));
        assertThat(Text.dump(over, TextFormat.pretty())).isEqualTo("[\n    '" + GRIN.repeat(57) + "'\n]");
    }

    @Test
    void aPrettyGroupFitsByCodePointsWhenAnAstralCharacterEndsTheLine() {
        // 'a' x 55 + one astral character: 56 code points inside the quotes, the line is 60 with [' and ']
        String s = "a".repeat(55) + GRIN;
        assertThat(Text.dump(List.of(s), TextFormat.pretty())).isEqualTo("['" + s + "']");
        assertThat(Text.dump(List.of(s + "b"), TextFormat.pretty())).isEqualTo("[\n    '" + s + "b'\n]");
    }

    @Test
    void stringsAreSharedFromThirtyTwoCodePoints() {
        // 16 astral characters are 32 UTF-16 units but 16 code points: not shared, as otf
        String sixteen = GRIN.repeat(16);
        assertThat(Text.dump(List.of(sixteen, sixteen))).isEqualTo("['" + sixteen + "', '" + sixteen + "']");
        String thirtyOne = "a".repeat(30) + GRIN;
        assertThat(Text.dump(List.of(thirtyOne, thirtyOne))).isEqualTo("['" + thirtyOne + "', '" + thirtyOne + "']");
        String thirtyTwo = "a".repeat(31) + GRIN;
        assertThat(Text.dump(List.of(thirtyTwo, thirtyTwo))).isEqualTo("['" + thirtyTwo + "', ref(1)]");
    }

    @Test
    void aPrettyStringIsSplitIntoLinesOverSixtyCodePoints() {
        // 60 code points with a newline (61 UTF-16 units): written as one literal, as otf
        String sixty = GRIN + "a".repeat(57) + "\nb";
        assertThat(Text.dump(sixty, TextFormat.pretty())).isEqualTo("'" + GRIN + "a".repeat(57) + "\\nb'");
        String sixtyOne = sixty + "c";
        assertThat(Text.dump(sixtyOne, TextFormat.pretty()))
                .isEqualTo("(\n    '" + GRIN + "a".repeat(57) + "\\n'\n    'bc'\n)");
    }
}
