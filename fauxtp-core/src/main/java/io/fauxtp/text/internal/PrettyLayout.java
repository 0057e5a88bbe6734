package io.fauxtp.text.internal;

import java.util.Arrays;

/**
 * otf's PRETTY layout: every bracket group is all-or-nothing. It goes on one line when it fits in the width
 * (counting what follows it on its line up to the next comma, and that comma), otherwise each element goes on
 * its own line, indented one level, and the closing bracket on a line of its own, without a trailing comma.
 *
 * <p>The dumper writes the value once, as one line of text ({@link #text}), and marks where each group opens,
 * where its elements are separated and where it closes. A group's one-line width is then the width of its slice
 * of that text, so laying out copies slices (a group that fits is one copy) instead of building a tree of
 * strings and measuring it. Both the line and the laid-out text are {@link TextBuffer}s, and a group's marks
 * are one record of {@link #FIELDS} ints in one array.
 *
 * <p>A layout is reused from one dump to the next ({@link #reset}), with its arrays: they grew to the size of a
 * large document once, and growing them again on every dump was a tenth of a suspension's dump.
 */
final class PrettyLayout {

    // a group's record in {@link #marks}, one per group in the order they open
    /** Where the group starts in {@link #text} (its name, if any, then the bracket). */
    private static final int START = 0;
    /** Where its first element starts: after the opening bracket. */
    private static final int BODY_START = 1;
    /** Where it ends: after the closing bracket (a closing bracket is one character). */
    private static final int END = 2;
    /** Its first and end index in {@link #events}. */
    private static final int FIRST_EVENT = 3;
    private static final int END_EVENT = 4;
    /** {@link #COMMAS} and {@link #BREAKS}. */
    private static final int FLAGS = 5;
    private static final int FIELDS = 6;
    /** Elements separated by ", " (else by " ", for a long string's lines). */
    private static final int COMMAS = 1;
    /** Never on one line: a long string's lines, or a group holding one. */
    private static final int BREAKS = 2;

    private int width;
    private int indent;

    /** Everything on one line: what the compact text would be, with the pretty format's atoms. */
    private final TextBuffer text;
    /** The laid-out text, made on the first render. */
    private TextBuffer out;

    private int groups;
    private int[] marks = new int[64 * FIELDS];

    /**
     * In text order, for every group: a nested group's opening (its number, >= 0) or the offset of a separator
     * of its own ({@code -1 - offset}). The events of a nested group lie between its opening and its
     * {@link #END_EVENT}.
     */
    private int[] events = new int[256];
    private int eventCount;
    private int[] open = new int[16];
    private int depth;
    /** The line breaks and indentation the layout would add if no group fitted on a line: at most this many. */
    private long allBroken;

    /** A layout that writes its line into {@code text}: {@link #reset} it before each dump. */
    PrettyLayout(TextBuffer text) {
        this.text = text;
    }

    /** Starts a dump in this width and indent, the text empty. */
    void reset(int width, int indent) {
        this.width = width;
        this.indent = indent;
        text.clear();
        groups = 0;
        eventCount = 0;
        depth = 0;
        allBroken = 0;
    }

    /** About how many bytes its arrays take, besides the line's (which the dumper counts). */
    long retainedBytes() {
        return 4L * (marks.length + events.length + open.length) + (out == null ? 0 : 2L * out.capacity());
    }

    /** Opens a group: {@code opening} (a name and a bracket) is written into the text. */
    void open(String name, char bracket, boolean withCommas, boolean forceBreak) {
        int g = groups++;
        int m = g * FIELDS;
        if (m == marks.length) {
            marks = Arrays.copyOf(marks, m * 2);
        }
        int[] mk = marks;
        mk[m + START] = text.length();
        if (name != null) {
            text.append(name);
        }
        text.append(bracket);
        mk[m + BODY_START] = text.length();
        mk[m + FLAGS] = (withCommas ? COMMAS : 0) | (forceBreak ? BREAKS : 0);
        event(g);
        mk[m + FIRST_EVENT] = eventCount;
        // a line break and indentation before its first element and before its closing bracket
        allBroken += 2 + (2L * depth + 1) * indent;
        if (depth == open.length) {
            open = Arrays.copyOf(open, depth * 2);
        }
        open[depth++] = g;
    }

    /** Separates two elements of the innermost open group. */
    void sep() {
        event(-1 - text.length());
        allBroken += 1 + (long) depth * indent;
        if ((marks[open[depth - 1] * FIELDS + FLAGS] & COMMAS) != 0) {
            text.append(',', ' ');
        } else {
            text.append(' ');
        }
    }

    /** Closes the innermost open group with {@code bracket}. */
    void close(char bracket) {
        int m = open[--depth] * FIELDS;
        text.append(bracket);
        marks[m + END] = text.length();
        marks[m + END_EVENT] = eventCount;
        if ((marks[m + FLAGS] & BREAKS) != 0 && depth > 0) {
            marks[open[depth - 1] * FIELDS + FLAGS] |= BREAKS;
        }
    }

    private void event(int e) {
        if (eventCount == events.length) {
            events = Arrays.copyOf(events, eventCount * 2);
        }
        events[eventCount++] = e;
    }

    /** The characters written so far, on one line. */
    int length() {
        return text.length();
    }

    /** The text laid out; the top level is one element that is not in a group. */
    String render() {
        if (groups == 0) {
            return text.toString();
        }
        // sized for every group broken, which large documents come close to (a suspension: within a quarter),
        // but not over three times the line (else grown)
        long line = text.length();
        int capacity = (int) Math.min(line + allBroken, Math.min(3 * line + 16, Integer.MAX_VALUE - 16));
        if (out == null) {
            out = new TextBuffer(capacity);
        } else {
            out.clear();
            out.reserve(capacity);
        }
        Render render = new Render(text.chars(), out);
        render.element(0, text.length(), 0, eventCount, 0, 0);
        return render.out.toString();
    }

    /** One rendering: the text on one line, the output and where its current line starts. */
    private final class Render {
        private final char[] line;
        private final TextBuffer out;
        private final boolean astral = text.astral();
        private int lineStart;

        Render(char[] line, TextBuffer out) {
            this.line = line;
            this.out = out;
        }

        private int widthOf(int from, int to) {
            return astral ? Character.codePointCount(line, from, to - from) : to - from;
        }

        /** The current column in code points, as otf (Python's {@code len}) counts it. */
        private int column() {
            return astral ? out.codePoints(lineStart, out.length()) : out.length() - lineStart;
        }

        /**
         * The element {@code line[from, to)}, whose nested groups open at {@code events[fromEvent, toEvent)};
         * {@code trailing} is the width that must fit after it on its line (its comma).
         */
        void element(int from, int to, int fromEvent, int toEvent, int level, int trailing) {
            int p = from;
            int e = fromEvent;
            int[] mk = marks;
            while (e < toEvent) {
                int g = events[e];
                int m = g * FIELDS;
                out.append(line, p, mk[m + START]);
                group(m, level, widthOf(mk[m + END], to) + trailing);
                p = mk[m + END];
                e = mk[m + END_EVENT];
            }
            out.append(line, p, to);
        }

        /** The group whose record starts at {@code m}. */
        private void group(int m, int level, int trailing) {
            int[] mk = marks;
            int start = mk[m + START];
            int end = mk[m + END];
            int bodyStart = mk[m + BODY_START];
            int closeAt = end - 1;
            int flags = mk[m + FLAGS];
            if (bodyStart == closeAt
                    || ((flags & BREAKS) == 0 && (long) column() + widthOf(start, end) + trailing <= width)) {
                out.append(line, start, end);
                return;
            }
            out.append(line, start, bodyStart);
            boolean withCommas = (flags & COMMAS) != 0;
            int from = bodyStart;
            int fromEvent = mk[m + FIRST_EVENT];
            int endEvent = mk[m + END_EVENT];
            int e = fromEvent;
            while (e < endEvent) {
                int event = events[e];
                if (event >= 0) {
                    e = mk[event * FIELDS + END_EVENT];
                    continue;
                }
                int sepAt = -1 - event;
                newline(level + 1);
                element(from, sepAt, fromEvent, e, level + 1, withCommas ? 1 : 0);
                if (withCommas) {
                    out.append(',');
                }
                from = sepAt + (withCommas ? 2 : 1);
                e++;
                fromEvent = e;
            }
            newline(level + 1);
            element(from, closeAt, fromEvent, endEvent, level + 1, 0);
            newline(level);
            out.append(line, closeAt, end);
        }

        private void newline(int level) {
            out.append('\n');
            lineStart = out.length();
            out.repeat(' ', level * indent);
        }
    }
}
