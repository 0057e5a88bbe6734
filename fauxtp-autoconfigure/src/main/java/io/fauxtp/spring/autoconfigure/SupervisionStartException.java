package io.fauxtp.spring.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * A root supervision tree failed to start when the application context was refreshed, usually because a child's
 * {@code init} threw. Trees started before it have been stopped again.
 */
public class SupervisionStartException extends RuntimeException {

    private final String tree;

    private final @Nullable String child;

    private final @Nullable String genServer;

    public SupervisionStartException(String tree, Throwable cause) {
        this(tree, null, null, cause);
    }

    /**
     * Creates the exception for a child that failed to start.
     * @param tree the root supervisor's name
     * @param child the property that declares the failing child, e.g.
     * {@code fauxtp.supervisors.warehouses.children[0]}, or null when not known
     * @param genServer the bean name of the failing child's GenServer, or null when it is not a GenServer child
     * @param cause what the start threw
     */
    public SupervisionStartException(String tree, @Nullable String child, @Nullable String genServer,
            Throwable cause) {
        super("supervision tree '" + tree + "' failed to start"
                + (child != null ? " because its child '" + child + "' did" : ""), cause);
        this.tree = tree;
        this.child = child;
        this.genServer = genServer;
    }

    /** @return the name of the root supervisor that failed to start */
    public String tree() {
        return this.tree;
    }

    /** @return the property that declares the child that failed to start, or null when not known */
    public @Nullable String child() {
        return this.child;
    }

    /** @return the bean name of the failing child's GenServer, or null */
    public @Nullable String genServer() {
        return this.genServer;
    }

}
