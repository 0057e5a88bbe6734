package io.fauxtp.spring.autoconfigure;

import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import java.util.function.Function;

/**
 * Runs a root supervision tree declared with {@code fauxtp.supervisors.<name>.singleton: true} on exactly one
 * member of a cluster. A cluster module (such as {@code fauxtp-cluster-hazelcast}) provides the bean; without
 * one, a singleton tree fails the start-up with a message saying so.
 */
@FunctionalInterface
public interface SingletonTreeHost {

    /**
     * Starts competing for the tree {@code name}: whenever this member is chosen, {@code startTree} starts it
     * on the given node and returns its top supervisor.
     *
     * @return closing it stops the local copy, if any, and withdraws this member from the competition
     */
    AutoCloseable host(String name, Function<Node, Pid> startTree);
}
