package io.fauxtp.spring.observation;

import io.fauxtp.genserver.RequestObserver;
import io.micrometer.observation.Observation;
import java.util.Objects;

/**
 * What an observation of a GenServer request knows: which side (the sender, or the server handling it), call or
 * cast, the server's name tag and the request's type. Only bounded values: the name tag comes from the declared
 * names and a limited number of other registered names ({@code other} beyond), never from a caller's string, and
 * the request is its class, never its content.
 */
public final class GenServerRequestContext extends Observation.Context {

    /** The side of a request an observation covers. */
    public enum Side {
        /** The sender, from sending to the reply (a call) or to the send (a cast). */
        SEND,
        /** The server, around {@code handleCall} or {@code handleCast}. */
        HANDLE
    }

    private final Side side;

    private final RequestObserver.Kind kind;

    private final String server;

    private final Class<?> requestType;

    /**
     * Creates a context.
     * @param side the sender's or the server's side
     * @param kind call or cast
     * @param server the server's name tag
     * @param requestType the request's class
     */
    public GenServerRequestContext(Side side, RequestObserver.Kind kind, String server, Class<?> requestType) {
        this.side = Objects.requireNonNull(side, "side");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.server = Objects.requireNonNull(server, "server");
        this.requestType = Objects.requireNonNull(requestType, "requestType");
    }

    /** @return the side observed */
    public Side side() {
        return this.side;
    }

    /** @return call or cast */
    public RequestObserver.Kind kind() {
        return this.kind;
    }

    /** @return the server's name tag (a declared or admitted registered name, {@code other} or {@code unnamed}) */
    public String server() {
        return this.server;
    }

    /** @return the request's class */
    public Class<?> requestType() {
        return this.requestType;
    }

}
