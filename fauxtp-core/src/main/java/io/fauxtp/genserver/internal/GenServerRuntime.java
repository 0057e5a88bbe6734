package io.fauxtp.genserver.internal;

import io.fauxtp.genserver.CallExitException;
import io.fauxtp.genserver.CallTimeoutException;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.genserver.RequestObserver;
import io.fauxtp.genserver.StartException;
import io.fauxtp.genserver.StartOptions;
import io.fauxtp.genserver.internal.Envelopes.CallRequest;
import io.fauxtp.genserver.internal.Envelopes.CastRequest;
import io.fauxtp.genserver.internal.Envelopes.StopRequest;
import io.fauxtp.process.Down;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.MonitorRef;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.process.SpawnOptions;
import io.fauxtp.process.internal.CallDown;
import io.fauxtp.process.internal.CallWatch;
import io.fauxtp.process.internal.CallerSide;
import io.fauxtp.process.internal.ExitHook;
import io.fauxtp.process.internal.NodeRuntime;
import io.fauxtp.process.internal.OrdinaryCaller;
import io.fauxtp.process.internal.ProcessImpl;
import io.fauxtp.process.spi.RemoteTransport;
import io.fauxtp.process.NameTakenException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The client side of GenServer. A call watches the server for its duration, so a missing or dying server
 * fails it at once. The caller, a process or ordinary code, waits for the reply in the request envelope it sent,
 * which the server writes it into (a late reply is refused: see ReplyCell); ordinary code needs no process.
 */
public final class GenServerRuntime {

    private static final System.Logger LOG = System.getLogger("io.fauxtp.genserver");

    private GenServerRuntime() {}


    /** The exit hook of every synchronously started server: one object, its state is in the ServerLoop. */
    private static final ExitHook START_FAILED =
            (process, reason) -> ((ServerLoop<?>) process.body()).startFailed(reason, ServerDown::new);

    /** The server went down while a caller from ordinary code waited. */
    private static final class ServerDown extends RuntimeException {
        final transient ExitReason reason;

        ServerDown(ExitReason reason) {
            super(null, null, false, false);
            this.reason = reason;
        }
    }

    public static void logUnexpected(GenServer<?> behaviour, String kind, Object message) {
        ProcessImpl self = ProcessImpl.current();
        LOG.log(Level.WARNING, () -> behaviour.getClass().getName() + (self == null ? "" : " " + self.self())
                + " ignored an unexpected " + kind + ": " + message);
    }

    static long deadline(Duration timeout) {
        return ProcessImpl.deadline(timeout);
    }

    /** {@code duration} in nanoseconds, saturated at {@code Long.MAX_VALUE} (about 292 years: no limit). */
    static long nanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    // ----- start -----

    public static Pid start(Node node, GenServer<?> behaviour, Object args, StartOptions options, boolean link) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(behaviour, "behaviour");
        Objects.requireNonNull(options, "options");
        return startTyped(NodeRuntime.of(node), behaviour, args, options, link);
    }

    private static <S> Pid startTyped(NodeRuntime runtime, GenServer<S> behaviour, Object args,
                                      StartOptions options, boolean link) {
        ProcessImpl parent = ProcessImpl.current();
        if (link && parent == null) {
            throw new IllegalStateException("startLink must be called from inside a process (it links the server"
                    + " to the caller); use start(node, ...) from ordinary code");
        }
        if (parent != null) {
            parent.checkAlive();
        }
        String what = behaviour.getClass().getName();
        // The parent (whose exit signal a trapping server takes as a shutdown) is the process it is linked to at
        // start: an unlinked server has none, as gen_server:start makes a server its own parent.
        ServerLoop<S> loop = new ServerLoop<>(behaviour, args, options, link ? parent.self() : null);
        loop.starter = Thread.currentThread();
        Pid pid;
        try {
            pid = runtime.spawnProcess(null, spawnOptions(options, link), loop, parent, START_FAILED, true).self();
        } catch (NameTakenException e) {
            throw new StartException("cannot start " + what + ": " + e.getMessage(), e);
        }
        try {
            awaitInit(loop, nanos(options.startTimeout()));
        } catch (TimeoutException e) {
            abandon(runtime, parent, pid, link);
            throw new StartException("init of " + what + " " + pid + " did not finish within "
                    + options.startTimeout() + "; the server was killed", null);
        } catch (InterruptedException e) {
            abandon(runtime, parent, pid, link);
            if (parent != null) {
                parent.checkAlive();
            }
            Thread.currentThread().interrupt();
            throw new StartException("interrupted while waiting for " + what + " to start", e);
        }
        Object outcome = loop.starter;
        if (outcome == ServerLoop.STARTED) {
            return pid;
        }
        if (outcome instanceof ServerDown down) {
            throw new StartException(what + " " + pid + " exited with " + down.reason + " before its init"
                    + " finished", down.reason instanceof ExitReason.Error err ? err.cause() : null);
        }
        Throwable cause = (Throwable) outcome;
        throw new StartException("init of " + what + " failed: " + cause, cause);
    }

    /**
     * Waits until the start of {@code loop}'s server has settled (see {@link ServerLoop#starter}), for at most
     * {@code nanos}. Its init is usually quick: a virtual starter lets it run first, which spares a park on most
     * starts, then spins while it may be running on the other carrier, then parks until the server unparks it
     * ({@link NodeRuntime#parkNanos}: without a JDK timer when the time left is a second or more). It tells the
     * server it parks ({@link ServerLoop#starterParks}), so a start settled before that leaves no stray permit on
     * the starter's thread.
     */
    private static void awaitInit(ServerLoop<?> loop, long nanos) throws TimeoutException, InterruptedException {
        if (loop.startSettled()) {
            return;
        }
        long start = System.nanoTime();
        if (Thread.currentThread().isVirtual()) {
            Thread.yield();
            if (loop.startSettled()) {
                return;
            }
        }
        NodeRuntime.spinUntil(loop::startSettled);
        if (loop.startSettled()) {
            return;
        }
        // Announced before the check that precedes each park (all volatile, so sequentially consistent): a server
        // that settles the start and then reads the flag false settled it before this write, and the check below
        // sees it settled, so the server unparks only a starter that may park.
        loop.starterParks = true;
        while (!loop.startSettled()) {
            long left = nanos - (System.nanoTime() - start);
            if (left <= 0) {
                throw new TimeoutException();
            }
            NodeRuntime.parkNanos(loop, left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /**
     * Spawns a server and returns at once, without waiting for {@code init} (which runs in the new process before
     * it takes its first message). {@code link}: linked to the calling process, which must be one.
     */
    public static Pid spawn(Node node, GenServer<?> behaviour, Object args, StartOptions options, boolean link) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(behaviour, "behaviour");
        Objects.requireNonNull(options, "options");
        ProcessImpl parent = ProcessImpl.current(); // not null when link: spawnLink found the calling process
        if (parent != null) {
            parent.checkAlive();
        }
        ServerLoop<?> loop = new ServerLoop<>(behaviour, args, options, link ? parent.self() : null);
        try {
            return NodeRuntime.of(node).spawnProcess(null, spawnOptions(options, link), loop, parent, null, true)
                    .self();
        } catch (NameTakenException e) {
            throw new StartException("cannot spawn " + behaviour.getClass().getName() + ": " + e.getMessage(), e);
        }
    }

    /** The process's options for a server's: the shared defaults for most (no object per start). */
    private static SpawnOptions spawnOptions(StartOptions options, boolean link) {
        return link || options.trapExit() || options.name() != null
                ? new SpawnOptions(link, false, options.trapExit(), options.name())
                : SpawnOptions.defaults();
    }

    private static void abandon(NodeRuntime runtime, ProcessImpl parent, Pid pid, boolean link) {
        if (link && parent.isAlive()) {
            parent.unlink(pid);
        }
        runtime.exitSignal(pid, ExitReason.KILL);
    }

    // ----- call -----

    public static <R> R call(Node node, String name, Object request, Duration timeout) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(name, "name");
        NodeRuntime runtime = NodeRuntime.byId(node.id());
        ProcessImpl server = runtime == null ? null : runtime.registryImpl().lookup(name);
        if (server == null) {
            throw new CallExitException("'" + name + "'", request, ExitReason.NO_PROCESS);
        }
        return call(server.self(), request, timeout);
    }

    public static <R> R call(Pid server, Object request, Duration timeout) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(timeout, "timeout");
        NodeRuntime runtime = NodeRuntime.byId(server.node());
        if (runtime == null) {
            return callThroughTransport(server, request, timeout);
        }
        Object observer = runtime.requestObserver();
        if (observer == null) {
            return callRaw(server, timeout, request, true, null);
        }
        return observedCall((RequestObserver) observer, server, request, timeout);
    }

    /** A call the node's observer sees: sent with its context, and ended with the reply or the failure. */
    private static <R> R observedCall(RequestObserver observer, Pid server, Object request, Duration timeout) {
        Object context = observer.sending(RequestObserver.Kind.CALL, server, request);
        if (context == null) {
            return callRaw(server, timeout, request, true, null);
        }
        R reply;
        try {
            reply = callRaw(server, timeout, request, true, context);
        } catch (RuntimeException | Error e) {
            observer.ended(context, e);
            throw e;
        }
        observer.ended(context, null);
        return reply;
    }

    // ----- observation -----

    /** Sets the node's request observer; see {@link GenServer#observeRequests}. */
    public static AutoCloseable observeRequests(Node node, RequestObserver observer) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(observer, "observer");
        NodeRuntime runtime = NodeRuntime.of(node);
        if (!runtime.swapRequestObserver(null, observer)) {
            throw new IllegalStateException("node " + node + " already has a request observer: "
                    + runtime.requestObserver());
        }
        return () -> runtime.swapRequestObserver(observer, null);
    }

    /** The observer's handling around a callback in the server, for a request that carried {@code context}. */
    static RequestObserver.Handling handling(ProcessImpl self, Object context, RequestObserver.Kind kind,
                                             Object request) {
        Object observer = self.runtime().requestObserver();
        return observer == null ? null
                : ((RequestObserver) observer).handling(context, kind, self.self(), request);
    }

    /**
     * A call to a pid of a node not in this JVM: the caller's node's transport (any node's for a caller outside
     * processes) carries it when it knows that node; otherwise the process cannot exist here (noproc).
     */
    private static <R> R callThroughTransport(Pid server, Object request, Duration timeout) {
        ProcessImpl self = ProcessImpl.current();
        RemoteTransport transport = self != null
                ? self.runtime().callTransport(server)
                : NodeRuntime.anyCallTransport(server);
        if (transport == null) {
            throw new CallExitException(server, request, ExitReason.NO_PROCESS);
        }
        @SuppressWarnings("unchecked")
        R result = (R) transport.call(server, request, timeout);
        return result;
    }

    /** Sends {@code CallRequest(from, request)} and waits for the reply to {@code from}. */
    private static <R> R callRaw(Pid server, Duration timeout, Object request, boolean mayCrossNodes,
                                 Object context) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(timeout, "timeout");
        NodeRuntime runtime = NodeRuntime.byId(server.node());
        if (runtime == null) {
            throw new CallExitException(server, request, ExitReason.NO_PROCESS);
        }
        ProcessImpl self = ProcessImpl.current();
        if (self != null && server.node() != self.runtime().id() && mayCrossNodes) {
            // a process calling a server of another node: the caller's transport, when it has one for that node,
            // keeps the call in order with the caller's other messages to it and reports a lost node as such
            RemoteTransport transport = self.runtime().callTransport(server);
            if (transport != null) {
                @SuppressWarnings("unchecked")
                R result = (R) transport.call(server, request, timeout);
                return result;
            }
        }
        Object value = self != null
                ? callFromProcess(self, runtime, server, request, timeout, context)
                : callFromOrdinaryCode(runtime, server, request, timeout, context);
        @SuppressWarnings("unchecked")
        R result = (R) value;
        return result;
    }

    private static Object callFromProcess(ProcessImpl self, NodeRuntime serverRuntime, Pid server,
                                          Object request,
                                          Duration timeout, Object context) {
        if (self.self().equals(server)) {
            throw new IllegalStateException("process " + server + " called itself with " + request
                    + "; that can never be answered (handle it directly instead)");
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        long tag = CallerSide.newCallTag(self);
        CallRequest call = new CallRequest(self.self(), tag, request, self, context);
        CallerSide.awaitReply(self, call);
        boolean settled = false;
        try {
            ProcessImpl target = CallerSide.watchCall(self, server, tag);
            if (target != null) {
                self.sendTo(target, call);
            }
            // The reply comes into the request envelope, not the caller's mailbox: nothing else can be received
            // meanwhile.
            Object reply = CallerSide.takeReply(self, call, timeout);
            settled = true;
            if (reply == CallerSide.NO_REPLY) {
                throw new CallTimeoutException(server, request, timeout);
            }
            if (reply instanceof CallDown down) {
                throw new CallExitException(server, request, down.reason());
            }
            return reply;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("call to " + server + " interrupted");
        } finally {
            if (!settled) {
                CallerSide.abandonReply(self, call);
            }
            CallerSide.endCallWatch(self);
        }
    }

    /**
     * A call from ordinary code (no process): the request is the reply's cell, as for a process, and the server is
     * watched by a {@code CallWatch} on its mailbox, as for a process; the calling thread waits on the cell
     * ({@link OrdinaryCaller}). The tag is also registered with the node, for a reply sent later through the
     * {@code From}.
     */
    private static Object callFromOrdinaryCode(NodeRuntime runtime, Pid server,
                                               Object request,
                                               Duration timeout, Object context) {
        long tag = runtime.newTag();
        CallRequest call = new CallRequest(runtime.externalPid(), tag, request, null, context);
        OrdinaryCaller.awaitReply(call);
        CallWatch watch = OrdinaryCaller.watchCall(runtime, server, call);
        if (watch == null) {
            throw new CallExitException(server, request, ExitReason.NO_PROCESS);
        }
        runtime.awaitExternalReply(call);
        boolean settled = false;
        try {
            OrdinaryCaller.send(watch, call);
            Object reply = OrdinaryCaller.takeReply(watch, nanos(timeout));
            settled = true;
            if (reply == OrdinaryCaller.NO_REPLY) {
                throw new CallTimeoutException(server, request, timeout);
            }
            if (reply instanceof CallDown down) {
                throw new CallExitException(server, request, down.reason());
            }
            return reply;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("call to " + server + " interrupted");
        } finally {
            if (!settled) {
                OrdinaryCaller.abandonReply(call);
            }
            runtime.forgetExternalReply(call);
            OrdinaryCaller.endCallWatch(watch);
        }
    }

    public static void reply(From from, Object value) {
        Objects.requireNonNull(from, "from");
        NodeRuntime runtime = NodeRuntime.byId(from.caller().node());
        if (runtime == null) {
            return;
        }
        if (from.callerIsProcess()) {
            runtime.deliverReply(from.caller(), from.tag(), value);
        } else {
            runtime.completeExternalReply(from.tag(), value);
        }
    }

    // ----- cast -----

    /** The server's {@code formatStatus(state)}; empty when the behaviour shows nothing. */
    public static java.util.Optional<Object> formattedStatus(Pid server, Duration timeout) {
        // a status request is a runtime envelope that no transport can write: it stays within this JVM
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(timeout, "timeout");
        if (NodeRuntime.byId(server.node()) == null) {
            throw new CallExitException(server, "formattedStatus", ExitReason.NO_PROCESS);
        }
        return java.util.Optional.ofNullable(callRaw(server, timeout, Envelopes.StatusRequest.INSTANCE, false, null));
    }

    public static void cast(Pid server, Object request) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(request, "request");
        NodeRuntime runtime = NodeRuntime.byId(server.node());
        if (runtime != null) {
            Object observer = runtime.requestObserver();
            if (observer == null) {
                runtime.send(server, new CastRequest(request, null));
            } else {
                observedCast((RequestObserver) observer, runtime, server, request);
            }
            return;
        }
        // a node not in this JVM: a transport that knows it carries the cast; otherwise it is dropped
        ProcessImpl self = ProcessImpl.current();
        RemoteTransport transport = self != null
                ? self.runtime().callTransport(server)
                : NodeRuntime.anyCallTransport(server);
        if (transport != null) {
            transport.cast(server, request);
        }
    }

    private static void observedCast(RequestObserver observer, NodeRuntime runtime, Pid server, Object request) {
        Object context = observer.sending(RequestObserver.Kind.CAST, server, request);
        try {
            runtime.send(server, new CastRequest(request, context));
        } catch (RuntimeException | Error e) {
            if (context != null) {
                observer.ended(context, e);
            }
            throw e;
        }
        if (context != null) {
            observer.ended(context, null);
        }
    }

    public static void cast(Node node, String name, Object request) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(request, "request");
        NodeRuntime runtime = NodeRuntime.byId(node.id());
        if (runtime != null) {
            Pid pid = runtime.registryImpl().whereis(name).orElse(null);
            if (pid == null) {
                return;
            }
            Object observer = runtime.requestObserver();
            if (observer == null) {
                runtime.send(pid, new CastRequest(request, null));
            } else {
                observedCast((RequestObserver) observer, runtime, pid, request);
            }
        }
    }

    // ----- stop -----

    public static void stop(Pid server, ExitReason reason, Duration timeout) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(timeout, "timeout");
        NodeRuntime runtime = NodeRuntime.byId(server.node());
        if (runtime == null) {
            throw new CallExitException(server, "stop", ExitReason.NO_PROCESS);
        }
        ExitReason expected = reason instanceof ExitReason.Kill ? ExitReason.KILLED : reason;
        ExitReason actual;
        ProcessImpl self = ProcessImpl.current();
        if (self != null) {
            if (self.self().equals(server)) {
                throw new IllegalStateException("a GenServer cannot stop itself with GenServer.stop (it would wait"
                        + " for its own exit); return CallResult.stop/CastResult.stop instead");
            }
            MonitorRef ref = self.monitor(server);
            runtime.send(server, new StopRequest(reason));
            Down down;
            try {
                down = self.take(m -> m instanceof Down d && d.ref().equals(ref) ? d : null, deadline(timeout));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("stop of " + server + " interrupted");
            }
            if (down == null) {
                self.demonitor(ref);
                throw new CallTimeoutException(server, "stop", timeout);
            }
            actual = down.reason();
        } else {
            CompletableFuture<ExitReason> downed = new CompletableFuture<>();
            MonitorRef ref = runtime.monitorExternal(server, d -> downed.complete(d.reason()));
            try {
                if (!downed.isDone()) {
                    runtime.send(server, new StopRequest(reason));
                }
                actual = downed.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new CallTimeoutException(server, "stop", timeout);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("stop of " + server + " interrupted");
            } finally {
                runtime.demonitorExternal(server, ref);
            }
        }
        if (!actual.equals(expected)) {
            throw new CallExitException(server, "stop", actual);
        }
    }
}
