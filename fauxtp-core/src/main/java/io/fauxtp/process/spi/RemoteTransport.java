package io.fauxtp.process.spi;

import io.fauxtp.process.MonitorRef;
import io.fauxtp.process.Pid;
import java.time.Duration;

/**
 * Carries messages to processes of other nodes, possibly in other JVMs (a cluster adapter implements it and
 * sets it with {@link io.fauxtp.process.Node#remoteTransport(RemoteTransport)}).
 *
 * <p>{@link io.fauxtp.process.Node#send(Pid, Object)} asks the transport first for every pid whose node id is
 * not the sending node's own. Like Erlang distribution, delivery is at most once and ordered per sender: a
 * transport must keep the order of the messages one thread hands it for one target node.
 *
 * <p>A transport may also carry GenServer calls and casts ({@link #carriesCalls}, {@link #call}, {@link #cast}):
 * then {@code GenServer.call(pid, ..)} and {@code GenServer.cast(pid, ..)} on a pid of another node go through
 * it rather than through a local monitor, which cannot watch a process of another JVM. By default a transport
 * carries only plain messages.
 *
 * <p>A transport may also take monitors of pids of other nodes ({@link #monitor}, {@link #demonitor}): then
 * {@code ProcessContext.monitor(pid)} on such a pid reports that process's exit, or its node's loss, instead of
 * an immediate {@code noproc}.
 */
@FunctionalInterface
public interface RemoteTransport {

    /**
     * Sends {@code message} to {@code to}, a process of node {@code to.node()}.
     *
     * @return whether this transport knows that node and took the message (even if it may be lost later);
     *         false lets the node deliver it locally, to another node of this JVM, or drop it
     */
    boolean send(Pid to, Object message);

    /**
     * Whether {@link #call} and {@link #cast} handle {@code server}, a pid of another node; false (the default)
     * leaves GenServer calls to that pid to the node itself.
     */
    default boolean carriesCalls(Pid server) {
        return false;
    }

    /**
     * Calls the GenServer {@code server} (one {@link #carriesCalls} accepted) and waits up to {@code timeout}
     * for its reply, with the semantics of a local call: a {@code CallExitException} with reason
     * {@code noconnection} when its node is unreachable, {@code noproc} when it is not alive, or its exit reason;
     * a {@code CallTimeoutException} when no reply came in time.
     */
    default Object call(Pid server, Object request, Duration timeout) {
        throw new UnsupportedOperationException(getClass().getName() + " does not carry GenServer calls;"
                + " implement carriesCalls and call together");
    }

    /**
     * Casts {@code request} to the GenServer {@code server}.
     *
     * @return whether this transport took the cast (a cast to an unreachable node is dropped and still counts
     *         as taken); false (the default) lets the node handle it
     */
    default boolean cast(Pid server, Object request) {
        return false;
    }

    /**
     * Makes process {@code watcher} of this node monitor {@code target}, a process of another node, under
     * {@code ref}: the transport later sends {@code watcher} exactly one {@link io.fauxtp.process.Down} with
     * {@code ref} (the target's exit reason, {@code noproc} if it was not alive, {@code noconnection} when its node
     * becomes unreachable), unless {@link #demonitor} removes the monitor first.
     *
     * @return whether this transport took the monitor; false (the default) lets the node handle it, which gives
     *         an immediate {@code Down(noproc)} for a pid it cannot find
     */
    default boolean monitor(Pid watcher, Pid target, MonitorRef ref) {
        return false;
    }

    /**
     * Removes a monitor {@link #monitor} took. Once it returns, no {@code Down} for {@code ref} will be sent any
     * more: one already sent is in the watcher's mailbox.
     *
     * @return true if the monitor was still active (no {@code Down} was sent for it)
     */
    default boolean demonitor(MonitorRef ref) {
        return false;
    }
}
