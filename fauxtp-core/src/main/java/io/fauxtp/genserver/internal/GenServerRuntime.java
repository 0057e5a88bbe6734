package io.fauxtp.genserver.internal;

import io.fauxtp.genserver.*;
import io.fauxtp.process.*;
import java.time.Duration;

/** The implementation behind the static methods of {@link GenServer}. */
public final class GenServerRuntime {
    private GenServerRuntime() {}
    public static void logUnexpected(GenServer<?> b, String kind, Object m) {}
    public static Pid start(Node node, GenServer<?> b, Object args, StartOptions o, boolean link) { throw new UnsupportedOperationException("not yet"); }
    public static <R> R call(Pid server, Object request, Duration timeout) { throw new UnsupportedOperationException("not yet"); }
    public static <R> R call(Node node, String name, Object request, Duration timeout) { throw new UnsupportedOperationException("not yet"); }
    public static void cast(Pid server, Object request) { throw new UnsupportedOperationException("not yet"); }
    public static void cast(Node node, String name, Object request) { throw new UnsupportedOperationException("not yet"); }
    public static void reply(From from, Object value) { throw new UnsupportedOperationException("not yet"); }
    public static void stop(Pid server, ExitReason reason, Duration timeout) { throw new UnsupportedOperationException("not yet"); }
}
