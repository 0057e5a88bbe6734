package io.fauxtp.spring;

import io.fauxtp.genserver.CallExitException;
import io.fauxtp.process.Pid;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A stable reference to a GenServer by registered name. Every named child declared under
 * {@code fauxtp.supervisors} is a {@code ServerRef} bean, injectable with {@code @Qualifier("<name>")}.
 *
 * <p>The name is resolved on every use, so the reference follows the server across restarts: after a crash the
 * supervisor starts a new process (a new pid) under the same name and the reference reaches it.
 */
public final class ServerRef {

    private final String name;

    private final FauxtpTemplate template;

    /**
     * Creates a reference.
     * @param name the registered name
     * @param template the template that carries the operations
     */
    public ServerRef(String name, FauxtpTemplate template) {
        this.name = Objects.requireNonNull(name, "name");
        this.template = Objects.requireNonNull(template, "template");
    }

    /** @return the registered name */
    public String name() {
        return this.name;
    }

    /** @return the pid registered under the name now, or empty when the server is not running */
    public Optional<Pid> whereis() {
        return this.template.whereis(this.name);
    }

    /**
     * Calls the server and returns its reply as {@code replyType}, waiting at most {@code fauxtp.call-timeout}.
     * @param request the request
     * @param replyType the reply's type
     * @param <T> the reply type
     * @return the reply
     * @throws CallExitException when the server is not running or exited before replying
     * @see FauxtpTemplate#call(String, Object, Class)
     */
    public <T> @Nullable T call(Object request, Class<T> replyType) {
        return this.template.call(this.name, request, replyType);
    }

    /**
     * Calls the server, waiting up to {@code timeout}.
     * @param request the request
     * @param replyType the reply's type
     * @param timeout how long to wait
     * @param <T> the reply type
     * @return the reply
     */
    public <T> @Nullable T call(Object request, Class<T> replyType, Duration timeout) {
        return this.template.call(this.name, request, replyType, timeout);
    }

    /**
     * Casts a request to the server; dropped when it is not running.
     * @param request the request
     */
    public void cast(Object request) {
        this.template.cast(this.name, request);
    }

    /**
     * Sends a plain message to the server (its {@code handleInfo}).
     * @param message the message
     * @throws IllegalArgumentException when the server is not running
     */
    public void send(Object message) {
        this.template.send(this.name, message);
    }

    @Override
    public String toString() {
        return "ServerRef[" + this.name + "]";
    }

}
