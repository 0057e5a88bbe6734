package io.fauxtp.text;

/**
 * How {@link TextCodec#dump(Object, TextFormat)} lays out its text. Both formats load back to the same value.
 *
 * <ul>
 *   <li>{@link #compact()}: one line, byte-for-byte what otf's {@code COMPACT} format writes for plain data;</li>
 *   <li>{@link #pretty()}: otf's {@code PRETTY} layout: a bracket group fits on one line or puts every element
 *       on its own indented line; integers get {@code _} separators; long multi-line strings are split into
 *       one literal per line.</li>
 * </ul>
 */
public sealed interface TextFormat {

    /** One line. */
    record Compact() implements TextFormat {}

    /**
     * Lines of at most {@code width} characters where possible, counted in code points as otf counts them (an
     * emoji is one character, not two UTF-16 units), nested groups indented by {@code indent}.
     *
     * @param width the line width a group must fit in to stay on one line; greater than {@code indent}
     * @param indent spaces per nesting level; at least 1
     */
    record Pretty(int width, int indent) implements TextFormat {
        public Pretty {
            if (indent < 1) {
                throw new IllegalArgumentException("indent must be at least 1, got " + indent);
            }
            if (width <= indent) {
                throw new IllegalArgumentException(
                        "width must be greater than indent (otf asserts the same), got width " + width
                                + " and indent " + indent);
            }
        }
    }

    /** The one-line format (the default). */
    static TextFormat compact() {
        return new Compact();
    }

    /** The pretty format with otf's defaults: width 60, indent 4. */
    static TextFormat pretty() {
        return new Pretty(60, 4);
    }

    /** The pretty format with the given line width and indentation. */
    static TextFormat pretty(int width, int indent) {
        return new Pretty(width, indent);
    }
}
