package io.fauxtp.text.internal;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * The pretty layout as it was before it wrote into a {@link TextBuffer}, for {@link StringBuilderDumper} (tests
 * only).
 *
 * <p>otf's PRETTY layout: every bracket group is all-or-nothing. It goes on one line when it fits in the width
 * (counting what follows it on its line up to the next comma, and that comma), otherwise each element goes on
 * its own line, indented one level, and the closing bracket on a line of its own, without a trailing comma.
 *
 * <p>The dumper writes the value once, as one line of text ({@link #text()}), and marks where each group opens,
 * where its elements are separated and where it closes. A group's one-line width is then the width of its slice
 * of that text, so laying out copies slices (a group that fits is one copy) instead of building a tree of
 * strings and measuring it.
 */
final class StringBuilderPrettyLayout {

    private final int width;
    private final int indent;

    /** Everything on one line: what the compact text would be, with the pretty format's atoms. */
    private final StringBuilder text = new StringBuilder(1024);
    /** Whether {@link #text} holds a supplementary character: widths are then counted in code points. */
    private boolean astral;

    // one entry per group, in the order they open
    private int groups;
    /** Where the group starts in {@link #text} (its name, if any, then the bracket). */
    private int[] start = new int[64];
    /** Where its first element starts: after the opening bracket. */
    private int[] bodyStart = new int[64];
    /** Where it ends: after the closing bracket (a closing bracket is one character). */
    private int[] end = new int[64];
    /** Its first and end index in {@link #events}. */
    private int[] firstEvent = new int[64];
    private int[] endEvent = new int[64];
    /** Elements separated by ", " (else by " ", for a long string's lines). */
    private boolean[] commas = new boolean[64];
    /** Never on one line: a long string's lines, or a group holding one. */
    private boolean[] breaks = new boolean[64];

    /**
     * In text order, for every group: a nested group's opening (its number, >= 0) or the offset of a separator
     * of its own ({@code -1 - offset}). The events of a nested group lie between its opening and its
     * {@link #endEvent}.
     */
    private int[] events = new int[256];
    private int eventCount;
    private int[] open = new int[16];
    private int depth;

    StringBuilderPrettyLayout(int width, int indent) {
        this.width = width;
        this.indent = indent;
    }

    /** Where atoms are written. */
    StringBuilder text() {
        return text;
    }

    /** Must be called when a supplementary character (two UTF-16 units) was written into {@link #text()}. */
    void astral() {
        astral = true;
    }

    /** Opens a group: {@code opening} (a name and a bracket) is written into the text. */
    void open(String name, char bracket, boolean withCommas, boolean forceBreak) {
        int g = groups++;
        if (g == start.length) {
            int n = g * 2;
            start = Arrays.copyOf(start, n);
            bodyStart = Arrays.copyOf(bodyStart, n);
            end = Arrays.copyOf(end, n);
            firstEvent = Arrays.copyOf(firstEvent, n);
            endEvent = Arrays.copyOf(endEvent, n);
            commas = Arrays.copyOf(commas, n);
            breaks = Arrays.copyOf(breaks, n);
        }
        start[g] = text.length();
        if (name != null) {
            text.append(name);
        }
        text.append(bracket);
        bodyStart[g] = text.length();
        commas[g] = withCommas;
        breaks[g] = forceBreak;
        event(g);
        firstEvent[g] = eventCount;
        if (depth == open.length) {
            open = Arrays.copyOf(open, depth * 2);
        }
        open[depth++] = g;
    }

    /** Separates two elements of the innermost open group. */
    void sep() {
        event(-1 - text.length());
        text.append(commas[open[depth - 1]] ? ", " : " ");
    }

    /** Closes the innermost open group with {@code bracket}. */
    void close(char bracket) {
        int g = open[--depth];
        text.append(bracket);
        end[g] = text.length();
        endEvent[g] = eventCount;
        if (breaks[g] && depth > 0) {
            breaks[open[depth - 1]] = true;
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
        // slices of a String are copied in bulk; of a StringBuilder, one character at a time
        String line = text.toString();
        Render render = new Render(line);
        render.element(0, line.length(), 0, eventCount, 0, 0);
        return render.finish();
    }

    /**
     * The laid-out text is moved out of the render's builder as a String of about this many characters at a line
     * break, and the parts joined with one copy at the end, instead of growing (and copying) one builder.
     */
    static final int CHUNK = 8192;

    /** One rendering: the text on one line, the output and where its current line starts. */
    private final class Render {
        private final String text;
        private StringBuilder out = new StringBuilder(CHUNK + 256);
        /** The lines moved out of {@link #out}, in order. */
        private final ArrayList<String> chunks = new ArrayList<>();
        private int lineStart;

        Render(String text) {
            this.text = text;
        }

        String finish() {
            if (chunks.isEmpty()) {
                return out.toString();
            }
            chunks.add(out.toString());
            return String.join("", chunks);
        }

        private int widthOf(int from, int to) {
            return astral ? text.codePointCount(from, to) : to - from;
        }

        /** The current column in code points, as otf (Python's {@code len}) counts it. */
        private int column() {
            return astral ? out.codePointCount(lineStart, out.length()) : out.length() - lineStart;
        }

        /**
         * The element {@code text[from, to)}, whose nested groups open at {@code events[fromEvent, toEvent)};
         * {@code trailing} is the width that must fit after it on its line (its comma).
         */
        void element(int from, int to, int fromEvent, int toEvent, int level, int trailing) {
            int p = from;
            int e = fromEvent;
            while (e < toEvent) {
                int g = events[e];
                out.append(text, p, start[g]);
                group(g, level, widthOf(end[g], to) + trailing);
                p = end[g];
                e = endEvent[g];
            }
            out.append(text, p, to);
        }

        private void group(int g, int level, int trailing) {
            int closeAt = end[g] - 1;
            if (bodyStart[g] == closeAt
                    || (!breaks[g] && (long) column() + widthOf(start[g], end[g]) + trailing <= width)) {
                out.append(text, start[g], end[g]);
                return;
            }
            out.append(text, start[g], bodyStart[g]);
            boolean withCommas = commas[g];
            int from = bodyStart[g];
            int fromEvent = firstEvent[g];
            int e = fromEvent;
            while (e < endEvent[g]) {
                int event = events[e];
                if (event >= 0) {
                    e = endEvent[event];
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
            element(from, closeAt, fromEvent, endEvent[g], level + 1, 0);
            newline(level);
            out.append(text, closeAt, end[g]);
        }

        private void newline(int level) {
            out.append('\n');
            if (out.length() >= CHUNK) {
                // at a line start: the column counts from here, so nothing before it is needed again
                chunks.add(out.toString());
                // a new builder, not setLength(0): a cleared one that held a non-Latin-1 character stays two
                // bytes per character and tries to compress every part it gives before copying it
                out = new StringBuilder(CHUNK + 256);
            }
            lineStart = out.length();
            out.repeat(' ', level * indent);
        }
    }
}
