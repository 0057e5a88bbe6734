package io.fauxtp.text.internal;

import java.util.Arrays;

/**
 * Where the dumper is in the value, for the path a {@code TextDumpException} names ({@code ['orders'][3].app.Item(#2)}):
 * one frame per open list, dict or call, updated in place as the walk moves from element to element, so that
 * following the path costs no allocation per element; the text is only made for an error.
 */
final class DumpPath {

    private static final byte INDEX = 0;
    private static final byte KEY = 1;
    private static final byte ARG = 2;

    private byte[] kinds = new byte[16];
    private int[] indexes = new int[16];
    /** The dict key, or the call's name. */
    private Object[] objects = new Object[16];
    /** The keyword of a keyword argument, else null. */
    private String[] keywords = new String[16];
    private int top;

    /** Enters a list or set: {@link #index} says which element. */
    void pushIndex() {
        push(INDEX, null);
    }

    /** Enters a dict: {@link #key} says which entry. */
    void pushKey() {
        push(KEY, null);
    }

    /** Enters the arguments of the call {@code name}: {@link #index} or {@link #keyword} says which. */
    void pushArg(String name) {
        push(ARG, name);
    }

    void index(int index) {
        indexes[top - 1] = index;
        keywords[top - 1] = null;
    }

    void key(Object key) {
        objects[top - 1] = key;
    }

    void keyword(String keyword) {
        keywords[top - 1] = keyword;
    }

    /** The frames open. */
    int depth() {
        return top;
    }

    /** Closes frames down to {@code depth} of them (an error's path, past frames a failure left open). */
    void truncate(int depth) {
        while (top > depth) {
            pop();
        }
    }

    void pop() {
        top--;
        objects[top] = null;
        keywords[top] = null;
    }

    private void push(byte kind, Object object) {
        if (top == kinds.length) {
            int n = top * 2;
            kinds = Arrays.copyOf(kinds, n);
            indexes = Arrays.copyOf(indexes, n);
            objects = Arrays.copyOf(objects, n);
            keywords = Arrays.copyOf(keywords, n);
        }
        kinds[top] = kind;
        indexes[top] = 0;
        objects[top] = object;
        keywords[top] = null;
        top++;
    }

    @Override
    public String toString() {
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < top; i++) {
            switch (kinds[i]) {
                case INDEX -> p.append('[').append(indexes[i]).append(']');
                case KEY -> p.append('[').append(Summary.of(objects[i], 60)).append(']');
                default -> p.append(keywords[i] != null ? "." + objects[i] + "(" + keywords[i] + "=)"
                        : "." + objects[i] + "(#" + (indexes[i] + 1) + ")");
            }
        }
        return p.toString();
    }
}
