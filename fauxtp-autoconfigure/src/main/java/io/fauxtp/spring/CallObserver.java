package io.fauxtp.spring;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Told about every call a {@link FauxtpTemplate} (or a {@link ServerRef}) made, after it ended; metrics use it to
 * time calls. Runs on the calling thread: it must be quick and must not throw.
 */
@FunctionalInterface
public interface CallObserver {

    /**
     * A call ended.
     * @param server the registered name of the server called (for a sharded GenServer, its type), or null when
     * it was called by a pid that has no name
     * @param elapsed how long the call took
     * @param failure why it failed (e.g. a {@link io.fauxtp.genserver.CallTimeoutException}), or null when it got
     * a reply
     */
    void callEnded(@Nullable String server, Duration elapsed, @Nullable Throwable failure);

}
