package io.fauxtp.spring;

import io.fauxtp.genserver.CallExitException;
import io.fauxtp.genserver.CallTimeoutException;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Talks to the processes of the application's {@link Node} from ordinary Spring code, in the spirit of
 * {@code JdbcTemplate}: {@code call} (request and typed reply), {@code cast} (fire and forget) and {@code send}
 * (a plain message), addressed by registered name or by pid, and {@code call}/{@code cast} to sharded GenServers
 * by type and id ({@link ShardAddress}) when the application runs them. Calls wait at most
 * {@code fauxtp.call-timeout} unless given a timeout.
 *
 * <p>A name is resolved on every operation, so a name keeps working after its process was restarted.
 */
public class FauxtpTemplate {

    private final Node node;

    private final Duration callTimeout;

    private final Supplier<@Nullable ShardRouter> shardRouter;

    private final List<CallObserver> callObservers = new CopyOnWriteArrayList<>();

    /**
     * Creates a template without sharded GenServers.
     * @param node the node whose processes it addresses
     * @param callTimeout how long calls wait for a reply when no timeout is given
     */
    public FauxtpTemplate(Node node, Duration callTimeout) {
        this(node, callTimeout, () -> null);
    }

    /**
     * Creates a template.
     * @param node the node whose processes it addresses
     * @param callTimeout how long calls wait for a reply when no timeout is given
     * @param shardRouter gives the router of sharded GenServers, or null when the application has none; asked
     * at each use, so the router may be created after the template
     */
    public FauxtpTemplate(Node node, Duration callTimeout, Supplier<@Nullable ShardRouter> shardRouter) {
        this.node = Objects.requireNonNull(node, "node");
        this.shardRouter = Objects.requireNonNull(shardRouter, "shardRouter");
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("callTimeout must be positive, not " + callTimeout);
        }
        this.callTimeout = callTimeout;
    }

    /** @return the node this template works on */
    public Node node() {
        return this.node;
    }

    /** @return the timeout of calls that do not give one */
    public Duration callTimeout() {
        return this.callTimeout;
    }

    /**
     * Calls the GenServer registered as {@code name} and returns its reply as {@code replyType}.
     * @param name the registered name
     * @param request the request
     * @param replyType the reply's type (primitive types are accepted for their wrappers)
     * @param <T> the reply type
     * @return the reply, null when the server replied null
     * @throws CallExitException when no process has that name, or it exited before replying
     * @throws CallTimeoutException when no reply came within the call timeout
     * @throws ClassCastException when the reply is not a {@code replyType}
     */
    public <T> @Nullable T call(String name, Object request, Class<T> replyType) {
        return call(name, request, replyType, this.callTimeout);
    }

    /**
     * Calls the GenServer registered as {@code name}, waiting up to {@code timeout}.
     * @param name the registered name
     * @param request the request
     * @param replyType the reply's type
     * @param timeout how long to wait for the reply
     * @param <T> the reply type
     * @return the reply
     * @see #call(String, Object, Class)
     */
    public <T> @Nullable T call(String name, Object request, Class<T> replyType, Duration timeout) {
        // no lambda, and no text for a failure that did not happen, per call: this is the path of every ServerRef
        Object reply = (this.callObservers.isEmpty()) ? GenServer.call(this.node, name, request, timeout)
                : observed(name, () -> GenServer.call(this.node, name, request, timeout));
        return typed(name, request, reply, replyType);
    }

    /**
     * Calls the GenServer {@code server} and returns its reply as {@code replyType}.
     * @param server the server's pid
     * @param request the request
     * @param replyType the reply's type
     * @param <T> the reply type
     * @return the reply
     * @see #call(String, Object, Class)
     */
    public <T> @Nullable T call(Pid server, Object request, Class<T> replyType) {
        return call(server, request, replyType, this.callTimeout);
    }

    /**
     * Calls the GenServer {@code server}, waiting up to {@code timeout}.
     * @param server the server's pid
     * @param request the request
     * @param replyType the reply's type
     * @param timeout how long to wait for the reply
     * @param <T> the reply type
     * @return the reply
     * @see #call(String, Object, Class)
     */
    public <T> @Nullable T call(Pid server, Object request, Class<T> replyType, Duration timeout) {
        Object reply = (this.callObservers.isEmpty()) ? GenServer.call(server, request, timeout)
                : observed(this.node.registry().nameOf(server).orElse(null),
                        () -> GenServer.call(server, request, timeout));
        return typed(server, request, reply, replyType);
    }

    /**
     * Calls a sharded GenServer, on whichever member runs it, and returns its reply as {@code replyType}.
     * @param entity the entity, e.g. {@code ShardAddress.shard("account", "bob")}
     * @param request the request
     * @param replyType the reply's type
     * @param <T> the reply type
     * @return the reply
     * @throws IllegalStateException when the application runs no sharded GenServers
     * @throws IllegalArgumentException when no {@code fauxtp.shards.<type>} is configured for the entity's type
     * @throws CallExitException when the entity's member left during the call or the entity failed handling it
     * @throws CallTimeoutException when no reply came within the call timeout
     */
    public <T> @Nullable T call(ShardAddress entity, Object request, Class<T> replyType) {
        return call(entity, request, replyType, this.callTimeout);
    }

    /**
     * Calls a sharded GenServer, waiting up to {@code timeout}.
     * @param entity the entity
     * @param request the request
     * @param replyType the reply's type
     * @param timeout how long to wait for the reply
     * @param <T> the reply type
     * @return the reply
     * @see #call(ShardAddress, Object, Class)
     */
    public <T> @Nullable T call(ShardAddress entity, Object request, Class<T> replyType, Duration timeout) {
        ShardRouter router = shardRouter(entity);
        Object reply = observed(entity.type(), () -> router.call(entity, request, timeout));
        return typed(entity, request, reply, replyType);
    }

    /**
     * Casts {@code request} to a sharded GenServer, on whichever member runs it; at most once.
     * @param entity the entity
     * @param request the request
     * @throws IllegalStateException when the application runs no sharded GenServers
     * @throws IllegalArgumentException when no {@code fauxtp.shards.<type>} is configured for the entity's type
     */
    public void cast(ShardAddress entity, Object request) {
        shardRouter(entity).cast(entity, request);
    }

    /**
     * Casts {@code request} to the GenServer registered as {@code name}; dropped when there is none.
     * @param name the registered name
     * @param request the request
     */
    public void cast(String name, Object request) {
        GenServer.cast(this.node, name, request);
    }

    /**
     * Casts {@code request} to {@code server}; dropped when it is dead.
     * @param server the server's pid
     * @param request the request
     */
    public void cast(Pid server, Object request) {
        GenServer.cast(server, request);
    }

    /**
     * Sends a plain message (a GenServer receives it in {@code handleInfo}) to the process registered as
     * {@code name}.
     * @param name the registered name
     * @param message the message
     * @throws IllegalArgumentException when no process has that name, as Erlang's {@code Name ! Msg}
     */
    public void send(String name, Object message) {
        this.node.send(name, message);
    }

    /**
     * Sends a plain message to {@code pid}; dropped when it is dead.
     * @param pid the process
     * @param message the message
     */
    public void send(Pid pid, Object message) {
        this.node.send(pid, message);
    }

    /**
     * Looks up a registered name.
     * @param name the registered name
     * @return the pid registered under it now, or empty
     */
    public Optional<Pid> whereis(String name) {
        return this.node.registry().whereis(name);
    }

    /**
     * Adds an observer of the calls this template makes (metrics use it to time them).
     * @param observer the observer
     * @return a handle that removes the observer when closed
     */
    public AutoCloseable observeCalls(CallObserver observer) {
        Objects.requireNonNull(observer, "observer");
        this.callObservers.add(observer);
        return () -> this.callObservers.remove(observer);
    }

    private ShardRouter shardRouter(ShardAddress entity) {
        ShardRouter router = this.shardRouter.get();
        if (router == null) {
            throw new IllegalStateException(("cannot reach sharded GenServer %s: this application runs no sharded "
                    + "GenServers. Declare the type under fauxtp.shards.%s and add fauxtp-cluster-hazelcast with "
                    + "fauxtp.cluster.enabled=true (docs/cluster.md)").formatted(entity, entity.type()));
        }
        return router;
    }

    private @Nullable Object observed(@Nullable String server, Supplier<@Nullable Object> call) {
        if (this.callObservers.isEmpty()) {
            return call.get();
        }
        long start = System.nanoTime();
        Throwable failure = null;
        try {
            return call.get();
        }
        catch (RuntimeException | Error ex) {
            failure = ex;
            throw ex;
        }
        finally {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            for (CallObserver observer : this.callObservers) {
                observer.callEnded(server, elapsed, failure);
            }
        }
    }

    /** {@code reply} as a {@code replyType}; {@code server} is a registered name, a pid or a shard address. */
    private static <T> @Nullable T typed(Object server, Object request, @Nullable Object reply, Class<T> replyType) {
        if (reply == null || replyType.isInstance(reply)
                || (replyType.isPrimitive() && MethodType.methodType(replyType).wrap().returnType().isInstance(reply))) {
            @SuppressWarnings("unchecked")
            T result = (T) reply;
            return result;
        }
        throw new ClassCastException("call %s with %s replied with a %s (%s), not the expected %s"
                .formatted((server instanceof String name) ? "'" + name + "'" : server, request,
                        reply.getClass().getName(), reply, replyType.getName()));
    }

}
