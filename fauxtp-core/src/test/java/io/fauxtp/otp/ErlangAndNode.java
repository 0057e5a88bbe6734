package io.fauxtp.otp;

import io.fauxtp.process.Node;
import io.fauxtp.testkit.TestNode;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension, on a static field of a differential test class, that starts the Erlang side
 * ({@link ErlangDriver}) and a fauxtp node before the class's tests and closes both after them (the node through
 * {@link TestNode#closeAndCheck()}). Nothing starts when {@link ErlangAvailable} skips the class.
 */
final class ErlangAndNode implements BeforeAllCallback, AfterAllCallback {

    private final String nodeName;

    private ErlangDriver erlang;

    private TestNode node;

    /** @param nodeName the fauxtp node's name */
    ErlangAndNode(String nodeName) {
        this.nodeName = nodeName;
    }

    /** @return the Erlang side */
    ErlangDriver erlang() {
        return this.erlang;
    }

    /** @return the fauxtp side */
    Node node() {
        return this.node.node();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        this.erlang = ErlangDriver.start();
        this.node = new TestNode(this.nodeName);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (this.node != null) {
                this.node.closeAndCheck();
            }
        } finally {
            if (this.erlang != null) {
                this.erlang.close();
            }
        }
    }
}
