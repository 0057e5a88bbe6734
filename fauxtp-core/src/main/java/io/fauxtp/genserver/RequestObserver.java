package io.fauxtp.genserver;

import io.fauxtp.process.Pid;

/**
 * A hook around the GenServer requests of one node: it sees each call and cast when it is sent, on the sender's
 * thread, and can hand the server a context (for example the sender's trace and logging context) that it restores
 * around {@code handleCall}/{@code handleCast}. Metrics, tracing and context propagation are built on it (fauxtp's
 * Spring Boot module adds Micrometer {@code Observation}s); the core knows nothing of them.
 *
 * <p>Set with {@link GenServer#observeRequests}. Without an observer a request pays one volatile read to find out,
 * and nothing else. With one, every method runs on the path of every request: keep them quick; they must not throw
 * (a hook that throws fails the request, as the sender's own code would).
 *
 * <p>Requests to a node of another JVM (through a {@link io.fauxtp.process.spi.RemoteTransport}) and the runtime's
 * own status requests are not observed.
 */
public interface RequestObserver {

    /** What was sent. */
    enum Kind {
        /** {@link GenServer#call}: the sender waits for the reply. */
        CALL,
        /** {@link GenServer#cast}: the sender goes on at once. */
        CAST
    }

    /**
     * A request is about to be sent, on the sender's thread (a process or ordinary code).
     * @param kind call or cast
     * @param server the server it is sent to
     * @param request the request
     * @return what to carry to the server with the request and back to {@link #ended}, or null for nothing (then
     * neither {@link #ended} nor {@link #handling} is called for this request)
     */
    Object sending(Kind kind, Pid server, Object request);

    /**
     * The sender is done with the request, on its thread: a call got its reply or failed; a cast was sent.
     * @param context what {@link #sending} returned
     * @param failure why the call failed ({@link CallExitException}, {@link CallTimeoutException}, ...), or null
     */
    void ended(Object context, Throwable failure);

    /**
     * The server is about to handle a request that carried a context, in the server's process, right before
     * {@code handleCall} or {@code handleCast}.
     * @param context what {@link #sending} returned
     * @param kind call or cast
     * @param server the server
     * @param request the request
     * @return a scope, closed once the callback returned or threw
     */
    Handling handling(Object context, Kind kind, Pid server, Object request);

    /** The server's handling of one request. */
    interface Handling extends AutoCloseable {

        /**
         * The callback threw (the server crashes); called before {@link #close()}.
         * @param failure what it threw
         */
        default void failed(Throwable failure) {
        }

        /** The callback is done. */
        @Override
        void close();

    }

}
