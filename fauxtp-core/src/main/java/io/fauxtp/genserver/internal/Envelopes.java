package io.fauxtp.genserver.internal;

import io.fauxtp.genserver.From;
import io.fauxtp.process.ExitReason;

/** The messages the client side sends to a GenServer process. */
final class Envelopes {
    private Envelopes() {}

    record CallRequest(From from, Object request) {}

    record CastRequest(Object request) {}

    record StopRequest(ExitReason reason) {}

    /** Asks a server for {@code formatStatus(state)}, as the request of a {@link CallRequest} (OTP's sys:get_status). */
    enum StatusRequest { INSTANCE }
}
