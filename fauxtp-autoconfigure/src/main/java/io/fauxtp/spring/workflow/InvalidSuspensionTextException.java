package io.fauxtp.spring.workflow;

import io.fauxtp.text.TextFormatException;

/**
 * A text that {@link TextToSuspensionConverter} refused to read as a suspension: where (line and column, from
 * 1) and why. Nothing is built from such a text, so nothing stored can change because of it.
 */
public final class InvalidSuspensionTextException extends IllegalArgumentException {

    private final int line;

    private final int column;

    private final String reason;

    InvalidSuspensionTextException(TextFormatException cause) {
        super("Not a valid suspension text at line %d, column %d: %s".formatted(cause.line(), cause.column(),
                cause.reason()), cause);
        this.line = cause.line();
        this.column = cause.column();
        this.reason = cause.reason();
    }

    /** @return the line of the offending text, from 1 */
    public int line() {
        return this.line;
    }

    /** @return the column of the offending text, from 1 */
    public int column() {
        return this.column;
    }

    /** @return what is wrong there */
    public String reason() {
        return this.reason;
    }

}
