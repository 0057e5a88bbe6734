package io.fauxtp.testkit;

import io.fauxtp.process.Node;
import io.fauxtp.process.internal.NodeRuntime;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that gives a test a {@link Node} and closes it afterwards, failing the test when the node
 * left a process or a process thread behind (a body that ignores interrupts keeps its thread after
 * {@link Node#close()}).
 *
 * <p>Registered on an instance field, the node lives for one test; on a static field, for the test class:
 *
 * <pre>{@code
 * @RegisterExtension
 * final TestNode fauxtp = new TestNode("genserver");
 * private final Node node = fauxtp.node();
 * }</pre>
 */
public final class TestNode implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private final Node node;

    /** Read while the node is open (a closed node no longer gives its runtime). */
    private final NodeRuntime runtime;

    private boolean perClass;

    /**
     * A new node for a test or a test class.
     * @param name the node's name (in logs and pids' descriptions)
     */
    public TestNode(String name) {
        this.node = Node.create(name);
        this.runtime = NodeRuntime.of(this.node);
    }

    /** @return the node */
    public Node node() {
        return this.node;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // only an extension in a static field takes part in the class's callbacks
        this.perClass = true;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!this.perClass) {
            closeAndCheck();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (this.perClass) {
            closeAndCheck();
        }
    }

    /**
     * Closes the node and fails when a process or a process thread is left; what the extension does after the
     * test (or the class). For a fixture that owns the node itself.
     */
    public void closeAndCheck() {
        this.node.close();
        int processes = this.node.processCount();
        long threads = this.runtime.liveThreads();
        if (processes != 0 || threads != 0) {
            throw new AssertionError(this.node + " was closed with " + processes + " processes and " + threads
                    + " process threads left running (a process that ignores interrupts?)");
        }
    }
}
