package io.fauxtp.text;

/**
 * A document could not be loaded: a syntax error, an unknown constructor, a bad {@code ref(N)}, a value a
 * registered constructor refused, or a {@link LoadLimits limit} exceeded. It says where ({@link #line()},
 * {@link #column()}, both from 1) and what to change ({@link #reason()}); the message adds the offending line
 * with a caret under the column. Both are bounded: a reason longer than {@value #MAX_REASON_CHARS} characters is
 * cut, and the context shows at most about 80 characters of the line.
 */
public class TextFormatException extends IllegalArgumentException {

    /** The most characters of a reason: longer ones (quoting a huge name or value) are cut. */
    public static final int MAX_REASON_CHARS = 2_000;

    private final int line;
    private final int column;
    private final String reason;

    /**
     * @param line the line of the problem, from 1
     * @param column the column of the problem, from 1 (in {@code char}s)
     * @param reason what is wrong and how to fix it
     * @param context lines that show the problem (the source line and a caret under the column), or {@code null}
     * @param cause the underlying exception (for example a constructor's), or {@code null}
     */
    public TextFormatException(int line, int column, String reason, String context, Throwable cause) {
        this(line, column, bounded(reason), context, cause, true);
    }

    private TextFormatException(int line, int column, String reason, String context, Throwable cause, boolean bounded) {
        super(message(line, column, reason, context), cause);
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    /** The line of the problem, from 1. */
    public int line() {
        return line;
    }

    /** The column of the problem, from 1. */
    public int column() {
        return column;
    }

    /** What is wrong, without the position. */
    public String reason() {
        return reason;
    }

    private static String bounded(String reason) {
        if (reason == null || reason.length() <= MAX_REASON_CHARS) {
            return reason;
        }
        return reason.substring(0, MAX_REASON_CHARS) + "… (" + (reason.length() - MAX_REASON_CHARS)
                + " more characters)";
    }

    private static String message(int line, int column, String reason, String context) {
        String head = "line " + line + ", column " + column + ": " + reason;
        return context == null ? head : head + "\n" + context;
    }
}
