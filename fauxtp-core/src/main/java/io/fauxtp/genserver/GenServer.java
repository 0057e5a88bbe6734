package io.fauxtp.genserver;

import io.fauxtp.genserver.internal.GenServerRuntime;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.process.ProcessContext;
import java.time.Duration;

/**
 * A server behaviour: the code of a process that holds a state and answers calls, casts and other messages
 * one at a time (Erlang's {@code gen_server}). The object holds code, not state: every callback receives the
 * current state and returns the next, so records and immutable collections make good states. Restarting a
 * server calls {@link #init} again on the same object.
 *
 * <p>A callback that throws ends the server with {@link ExitReason.Error} carrying the exception; callers
 * waiting for it get a {@link CallExitException} at once.
 *
 * <p>The static methods are the client side. They address a server by pid or by registered name and work
 * from processes and from ordinary threads alike.
 *
 * @param <S> the state type
 */
public interface GenServer<S> {

    /** Default timeout of {@link #call(Pid, Object)}. */
    Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Returns the initial state. Runs in the new server process before {@code start} returns; throwing fails
     * the start with a {@link StartException} whose cause is the exception.
     */
    S init(Object args) throws Exception;

    /**
     * Answers a {@link #call}. The default fails (the server crashes) because a behaviour that receives calls
     * must say what they mean.
     */
    default CallResult<S> handleCall(Object request, From from, S state) throws Exception {
        throw new UnsupportedOperationException(getClass().getName() + " received call " + request
                + " but does not override handleCall");
    }

    /** Handles a {@link #cast}. The default logs the request and keeps the state. */
    default CastResult<S> handleCast(Object request, S state) throws Exception {
        GenServerRuntime.logUnexpected(this, "cast", request);
        return CastResult.noReply(state);
    }

    /**
     * Handles any other message: {@link io.fauxtp.process.Exit} when trapping exits,
     * {@link io.fauxtp.process.Down}, {@link io.fauxtp.process.TaskResult}, {@link IdleTimeout}, plain sends. The
     * default logs the message (an {@code IdleTimeout} silently) and keeps the state.
     */
    default CastResult<S> handleInfo(Object message, S state) throws Exception {
        if (!(message instanceof IdleTimeout)) {
            GenServerRuntime.logUnexpected(this, "info", message);
        }
        return CastResult.noReply(state);
    }

    /** Runs after a callback that returned {@code thenContinue(cont)}, before any further message. */
    default CastResult<S> handleContinue(Object cont, S state) throws Exception {
        throw new UnsupportedOperationException(getClass().getName() + " asked to continue with " + cont
                + " but does not override handleContinue");
    }

    /**
     * Runs when the server stops: after a stop result, {@link #stop}, a callback that threw (reason
     * {@link ExitReason.Error}), or an exit signal from its parent (the process that started it linked, with
     * {@code startLink} or {@code spawnLink}; an unlinked server has no parent, as in {@code gen_server:start})
     * while the server traps exits (a supervisor's {@code shutdown}). Not called when the server is killed or gets an
     * exit signal while not trapping exits. If it throws, the server exits with that error instead.
     */
    default void terminate(ExitReason reason, S state) throws Exception {}

    /** An opt-in view of the state for tools (the actuator); null keeps the state hidden. */
    default Object formatStatus(S state) {
        return null;
    }

    // ----- client side -----

    /** Starts a server on {@code node}, not linked; returns after {@code init} succeeded. */
    static Pid start(Node node, GenServer<?> behaviour, Object args) {
        return GenServerRuntime.start(node, behaviour, args, StartOptions.defaults(), false);
    }

    /** Starts a server with options; returns after {@code init} succeeded. */
    static Pid start(Node node, GenServer<?> behaviour, Object args, StartOptions options) {
        return GenServerRuntime.start(node, behaviour, args, options, false);
    }

    /** From inside a process: starts a server linked to the caller; returns after {@code init} succeeded. */
    static Pid startLink(GenServer<?> behaviour, Object args) {
        return startLink(behaviour, args, StartOptions.defaults());
    }

    /** From inside a process: starts a linked server with options. */
    static Pid startLink(GenServer<?> behaviour, Object args, StartOptions options) {
        return GenServerRuntime.start(ProcessContext.current().node(), behaviour, args, options, true);
    }

    /**
     * Spawns a server on {@code node}, not linked, and returns at once, before {@code init} has run (Erlang's
     * {@code proc_lib:spawn} and {@code gen_server:enter_loop}; the original fauxtp's {@code start}). {@code init}
     * runs in the new process before it takes any message, and messages sent meanwhile wait in its mailbox. An
     * {@code init} that throws is a crash like any other: logged, and seen only by monitors (there is no link).
     * For starting many servers fast; use {@link #start} when the caller must know that {@code init} succeeded.
     * As with {@code start}, only a linked server has a parent (see {@link #terminate}).
     */
    static Pid spawn(Node node, GenServer<?> behaviour, Object args) {
        return GenServerRuntime.spawn(node, behaviour, args, StartOptions.defaults(), false);
    }

    /**
     * Spawns a server with options and returns at once (see {@link #spawn(Node, GenServer, Object)}); a name is
     * registered before this returns, so a clash throws {@link StartException}. The start timeout is not used.
     */
    static Pid spawn(Node node, GenServer<?> behaviour, Object args, StartOptions options) {
        return GenServerRuntime.spawn(node, behaviour, args, options, false);
    }

    /**
     * From inside a process: spawns a server linked to the caller and returns at once; an {@code init} that throws
     * ends the server with that error, which the link carries to the caller.
     */
    static Pid spawnLink(GenServer<?> behaviour, Object args) {
        return spawnLink(behaviour, args, StartOptions.defaults());
    }

    /**
     * From inside a process: spawns a linked server with options and returns at once; the start timeout is not
     * used.
     */
    static Pid spawnLink(GenServer<?> behaviour, Object args, StartOptions options) {
        return GenServerRuntime.spawn(ProcessContext.current().node(), behaviour, args, options, true);
    }

    /** Calls {@code server} and waits up to 5 s for the reply. */
    static <R> R call(Pid server, Object request) {
        return GenServerRuntime.call(server, request, DEFAULT_CALL_TIMEOUT);
    }

    /**
     * Calls {@code server} and waits up to {@code timeout} for the reply. A pid of another JVM's node goes
     * through the {@link io.fauxtp.process.spi.RemoteTransport} of the caller's node (of any node of this JVM for
     * a caller outside processes) when it carries calls; without one such a pid is noproc.
     *
     * @throws CallExitException    the server does not exist, or exited before replying
     * @throws CallTimeoutException no reply in time
     */
    static <R> R call(Pid server, Object request, Duration timeout) {
        return GenServerRuntime.call(server, request, timeout);
    }

    /** Calls the server registered as {@code name} on {@code node} (no such name: {@link CallExitException} noproc). */
    static <R> R call(Node node, String name, Object request) {
        return GenServerRuntime.call(node, name, request, DEFAULT_CALL_TIMEOUT);
    }

    static <R> R call(Node node, String name, Object request, Duration timeout) {
        return GenServerRuntime.call(node, name, request, timeout);
    }

    /** From inside a process: calls the server registered as {@code name} on the caller's node. */
    static <R> R call(String name, Object request) {
        return GenServerRuntime.call(ProcessContext.current().node(), name, request, DEFAULT_CALL_TIMEOUT);
    }

    static <R> R call(String name, Object request, Duration timeout) {
        return GenServerRuntime.call(ProcessContext.current().node(), name, request, timeout);
    }

    /**
     * Asks {@code server} for its behaviour's {@link #formatStatus} view of the state (OTP's
     * {@code sys:get_status}): a message to the server, answered between two callbacks, that never reaches
     * {@code handleCall}. Empty when the behaviour shows nothing (the default) or its formatter failed.
     *
     * @throws CallExitException    the server does not exist, or exited before answering
     * @throws CallTimeoutException no answer in time (the server is busy in a long callback)
     */
    static java.util.Optional<Object> formattedStatus(Pid server, Duration timeout) {
        return GenServerRuntime.formattedStatus(server, timeout);
    }

    /**
     * Sends a cast; never fails (a cast to a dead server is dropped). A pid of another JVM's node goes through a
     * {@link io.fauxtp.process.spi.RemoteTransport} that carries calls, as in {@link #call(Pid, Object, Duration)}.
     */
    static void cast(Pid server, Object request) {
        GenServerRuntime.cast(server, request);
    }

    /** Casts to the server registered as {@code name}; dropped when there is none. */
    static void cast(Node node, String name, Object request) {
        GenServerRuntime.cast(node, name, request);
    }

    /**
     * Sets the hook that sees every call and cast sent to the servers of {@code node} (see {@link RequestObserver}).
     * A node has at most one; closing the handle removes it.
     *
     * @throws IllegalStateException the node already has one
     */
    static AutoCloseable observeRequests(Node node, RequestObserver observer) {
        return GenServerRuntime.observeRequests(node, observer);
    }

    /** Answers a call kept with {@link CallResult#noReply}; from any thread. Extra or late replies are dropped. */
    static void reply(From from, Object value) {
        GenServerRuntime.reply(from, value);
    }

    /** Stops {@code server} with reason normal, waiting until it has exited ({@code terminate} has run). */
    static void stop(Pid server) {
        GenServerRuntime.stop(server, ExitReason.NORMAL, Duration.ofSeconds(30));
    }

    /**
     * Stops {@code server} with {@code reason}, waiting up to {@code timeout} until it has exited.
     *
     * @throws CallExitException    the server did not exist
     * @throws CallTimeoutException it did not stop in time
     */
    static void stop(Pid server, ExitReason reason, Duration timeout) {
        GenServerRuntime.stop(server, reason, timeout);
    }
}
