package io.fauxtp.genserver;

import java.time.Duration;

/** A call got no reply within its timeout (the server may still be alive; a late reply is discarded). */
public class CallTimeoutException extends RuntimeException {
    public CallTimeoutException(Object server, Object request, Duration timeout) {
        super("call to " + server + " got no reply within " + timeout + " (request: " + request + ")");
    }
}
