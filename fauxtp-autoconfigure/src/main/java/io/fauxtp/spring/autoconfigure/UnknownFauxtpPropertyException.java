package io.fauxtp.spring.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * A {@code fauxtp.*} property is set that no fauxtp module defines, usually a misspelt one: left alone it would be
 * ignored silently and its default used (or, for {@code fauxtp.supervisor.<name>}, a whole tree dropped).
 */
public class UnknownFauxtpPropertyException extends RuntimeException {

    private final String property;

    private final @Nullable String origin;

    private final @Nullable String suggestion;

    /**
     * Creates the exception.
     * @param property the unknown property as set
     * @param origin where it is set (a file and line, an environment variable), or null when not known
     * @param suggestion the known property it most likely means, or null when none is close
     */
    public UnknownFauxtpPropertyException(String property, @Nullable String origin, @Nullable String suggestion) {
        super("'" + property + "'" + (origin != null ? " (from " + origin + ")" : "")
                + " is not a fauxtp property, so it would be ignored");
        this.property = property;
        this.origin = origin;
        this.suggestion = suggestion;
    }

    /** @return the unknown property */
    public String property() {
        return this.property;
    }

    /** @return where it is set, or null */
    public @Nullable String origin() {
        return this.origin;
    }

    /** @return the known property it most likely means, or null */
    public @Nullable String suggestion() {
        return this.suggestion;
    }

}
