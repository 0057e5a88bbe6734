package io.fauxtp.process.spi;

import io.fauxtp.process.Pid;

/**
 * Carries messages to processes of other nodes, possibly in other JVMs (a cluster adapter implements it and
 * sets it with {@link io.fauxtp.process.Node#remoteTransport(RemoteTransport)}).
 *
 * <p>{@link io.fauxtp.process.Node#send(Pid, Object)} asks the transport first for every pid whose node id is
 * not the sending node's own. Like Erlang distribution, delivery is at most once and ordered per sender: a
 * transport must keep the order of the messages one thread hands it for one target node.
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
}
