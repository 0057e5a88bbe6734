package io.fauxtp.workflow;

import java.util.Objects;

/**
 * A signal delivered to a workflow that has not consumed it yet.
 *
 * @param name the signal's name
 * @param value its value (may be null)
 */
public record SignalMessage(String name, Object value) {

    public SignalMessage {
        Objects.requireNonNull(name, "name");
    }
}
