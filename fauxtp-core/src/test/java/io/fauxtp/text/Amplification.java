package io.fauxtp.text;

/**
 * Hostile documents, shared by {@code TextSafetyTest} (which checks that each is refused with the format's own
 * error) and the benchmark that measures how fast they are refused.
 */
public final class Amplification {

    private Amplification() {}

    /**
     * A list of 61 lists where each refers twice to the previous one: a few KiB that stand for a tree of 2^60
     * values. When {@code asSetKeys} is set, each level is a tuple and the last is put in a set, so building the
     * set would hash the whole tree if hashing were not bounded.
     */
    public static String doublingRefs(int levels, boolean asSetKeys) {
        // Node positions: the outer list is 0 and level 0 starts at 1. A level takes 3 nodes as a list
        // (the list and its 2 refs) or 4 as a tuple (custom node, its list, 2 refs). The first ref of a level
        // points back at the previous level, the second at the first ref (the same object, most recent use).
        StringBuilder b = new StringBuilder(asSetKeys ? "[tuple([]), " : "[[], ");
        for (int level = 1; level <= levels; level++) {
            int back = asSetKeys ? (level == 1 ? 4 : 6) : (level == 1 ? 2 : 4);
            b.append(asSetKeys ? "tuple([ref(" : "[ref(").append(back).append(asSetKeys ? "), ref(1)]), " : "), ref(1)], ");
        }
        return b.append(asSetKeys ? "set([ref(6)])]" : "None]").toString();
    }

    /** {@code [[[...]]]} nested {@code depth} times. */
    public static String deepBrackets(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    /** An integer literal of {@code digits} digits. */
    public static String hugeInteger(int digits) {
        return "1" + "0".repeat(digits - 1);
    }

    /** A string literal of {@code chars} characters. */
    public static String hugeString(int chars) {
        return "'" + "a".repeat(chars) + "'";
    }

    /** A list holding one empty list and {@code count} references to it. */
    public static String manyRefs(int count) {
        return "[[]" + ", ref(1)".repeat(count) + "]";
    }
}
