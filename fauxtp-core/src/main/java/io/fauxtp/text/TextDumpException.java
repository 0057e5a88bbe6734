package io.fauxtp.text;

/**
 * A value could not be dumped: a type with no registered reducer, a value that contains itself, nesting deeper
 * than the codec's {@link LoadLimits#maxDepth()} (its text could not be loaded back), or a reducer that failed.
 * {@link #path()} says where in the value, e.g. {@code [2]['items'][0]}.
 */
public class TextDumpException extends IllegalArgumentException {

    private final String path;
    private final String reason;

    public TextDumpException(String path, String reason, Throwable cause) {
        super((path.isEmpty() ? "at the top-level value" : "at " + path) + ": " + reason, cause);
        this.path = path;
        this.reason = reason;
    }

    /** Where the problem is in the dumped value: indexes and keys from the top, empty for the value itself. */
    public String path() {
        return path;
    }

    /** What is wrong, without the path. */
    public String reason() {
        return reason;
    }
}
