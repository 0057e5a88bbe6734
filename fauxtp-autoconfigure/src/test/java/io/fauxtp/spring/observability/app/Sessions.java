package io.fauxtp.spring.observability.app;

import io.fauxtp.spring.GenServer;

/** Holds a secret; keeps the default {@code formatStatus}, so its state never shows on the actuator. */
@GenServer("sessions")
public class Sessions implements io.fauxtp.genserver.GenServer<String> {

    /** The state a leak would show. */
    public static final String SECRET = "s3cr3t-session-key";

    @Override
    public String init(Object args) {
        return SECRET;
    }

}
