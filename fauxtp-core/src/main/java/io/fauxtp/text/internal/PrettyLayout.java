package io.fauxtp.text.internal;

import java.util.ArrayList;

/**
 * otf's PRETTY layout: every bracket group is all-or-nothing. It goes on one line when it fits in the width
 * (counting the comma that follows it), otherwise each element goes on its own line, indented one level, and
 * the closing bracket on a line of its own, without a trailing comma.
 */
final class PrettyLayout {

    /** A bracketed group of items; an item is a sequence of text atoms and nested groups. */
    static final class Group {
        final String open;
        final String close;
        final boolean commas;
        final boolean forceBreak;
        final ArrayList<ArrayList<Object>> items = new ArrayList<>();
        /** The item {@link #add} appends to. */
        private ArrayList<Object> last;
        private int flat = -1;
        private boolean breaks;

        Group(String open, String close, boolean commas, boolean forceBreak) {
            this.open = open;
            this.close = close;
            this.commas = commas;
            this.forceBreak = forceBreak;
        }

        void newItem() {
            last = new ArrayList<>(3);
            items.add(last);
        }

        void add(Object part) {
            if (last == null) {
                newItem();
            }
            last.add(part);
        }

        /** The width on one line; computes {@link #breaks} too. */
        int flatWidth() {
            if (flat < 0) {
                long w = open.length() + close.length();
                boolean mustBreak = forceBreak;
                for (int i = 0; i < items.size(); i++) {
                    if (i > 0) {
                        w += commas ? 2 : 1;
                    }
                    ArrayList<Object> parts = items.get(i);
                    for (int k = 0; k < parts.size(); k++) {
                        Object part = parts.get(k);
                        if (part instanceof Group g) {
                            w += g.flatWidth();
                            mustBreak |= g.breaks;
                        } else {
                            w += codePoints((String) part);
                        }
                    }
                }
                flat = (int) Math.min(Integer.MAX_VALUE / 2, w);
                breaks = mustBreak;
            }
            return flat;
        }
    }

    private final int width;
    private final int indent;
    private final StringBuilder out = new StringBuilder();
    private int lineStart;

    PrettyLayout(int width, int indent) {
        this.width = width;
        this.indent = indent;
    }

    String render(Group root) {
        for (int i = 0; i < root.items.size(); i++) {
            item(root.items.get(i), 0, 0);
        }
        return out.toString();
    }

    /** The current column in code points, as otf (Python's {@code len}) counts it. */
    private int column() {
        return out.codePointCount(lineStart, out.length());
    }

    /** Widths are in code points, as otf counts them: an astral character is one, not two UTF-16 units. */
    private static int codePoints(String s) {
        return s.codePointCount(0, s.length());
    }

    private void item(ArrayList<Object> parts, int level, int trailing) {
        for (int i = 0; i < parts.size(); i++) {
            Object part = parts.get(i);
            if (part instanceof Group g) {
                int after = trailing;
                for (int k = i + 1; k < parts.size(); k++) {
                    Object next = parts.get(k);
                    after += next instanceof Group ng ? ng.flatWidth() : codePoints((String) next);
                }
                group(g, level, after);
            } else {
                out.append((String) part);
            }
        }
    }

    private void group(Group g, int level, int trailing) {
        int w = g.flatWidth();
        if (g.items.isEmpty() || (!g.breaks && column() + w + trailing <= width)) {
            flat(g);
            return;
        }
        out.append(g.open);
        for (int i = 0; i < g.items.size(); i++) {
            newline(level + 1);
            boolean last = i == g.items.size() - 1;
            item(g.items.get(i), level + 1, !last && g.commas ? 1 : 0);
            if (!last && g.commas) {
                out.append(',');
            }
        }
        newline(level);
        out.append(g.close);
    }

    private void flat(Group g) {
        out.append(g.open);
        for (int i = 0; i < g.items.size(); i++) {
            if (i > 0) {
                out.append(g.commas ? ", " : " ");
            }
            ArrayList<Object> parts = g.items.get(i);
            for (int k = 0; k < parts.size(); k++) {
                Object part = parts.get(k);
                if (part instanceof Group ng) {
                    flat(ng);
                } else {
                    out.append((String) part);
                }
            }
        }
        out.append(g.close);
    }

    private void newline(int level) {
        out.append('\n');
        lineStart = out.length();
        out.repeat(' ', level * indent);
    }
}
