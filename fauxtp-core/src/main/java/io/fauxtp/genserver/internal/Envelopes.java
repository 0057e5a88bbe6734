package io.fauxtp.genserver.internal;

import io.fauxtp.genserver.From;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Pid;

/** The messages the client side sends to a GenServer process. */
final class Envelopes {
    private Envelopes() {}

    /**
     * A call: the caller and its tag travel flat, and the server builds the {@link From} it hands to
     * {@code handleCall} itself, so a call moves one object less between the caller's core and the server's.
     */
    record CallRequest(Pid caller, long tag, Object request) {
        From from() {
            return new From(caller, tag);
        }
    }

    record CastRequest(Object request) {}

    record StopRequest(ExitReason reason) {}

    /** Asks a server for {@code formatStatus(state)}, as the request of a {@link CallRequest} (OTP's sys:get_status). */
    enum StatusRequest { INSTANCE }
}
