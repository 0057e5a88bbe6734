package io.fauxtp.spring.autoconfigure;

/**
 * A root supervision tree failed to start when the application context was refreshed, usually because a child's
 * {@code init} threw. Trees started before it have been stopped again.
 */
public class SupervisionStartException extends RuntimeException {

    private final String tree;

    public SupervisionStartException(String tree, Throwable cause) {
        super("supervision tree '" + tree + "' failed to start: " + cause.getMessage(), cause);
        this.tree = tree;
    }

    /** @return the name of the root supervisor that failed to start */
    public String tree() {
        return this.tree;
    }

}
