package io.fauxtp.genserver;

/** A GenServer did not start: its {@code init} threw (the cause), timed out, or its name was taken. */
public class StartException extends RuntimeException {
    public StartException(String message, Throwable cause) {
        super(message, cause);
    }
}
