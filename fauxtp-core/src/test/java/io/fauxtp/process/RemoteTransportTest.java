package io.fauxtp.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RemoteTransportTest {

    private static final int CLUSTER_ID = 1_900_001;
    private final Node node = Node.create("local", CLUSTER_ID);
    private final Node other = Node.create();

    @AfterEach
    void close() {
        node.close();
        other.close();
    }

    @Test
    void explicitIdIsThePidNodeAndCannotBeTakenTwice() {
        assertThat(node.id()).isEqualTo(CLUSTER_ID);
        assertThat(node.spawn(self -> self.receive()).node()).isEqualTo(CLUSTER_ID);
        assertThatThrownBy(() -> Node.create("again", CLUSTER_ID))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already used");
        assertThatThrownBy(() -> Node.create("bad", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pidsOfUnknownNodesGoToTheTransportAndOwnPidsStayLocal() throws Exception {
        List<Object> carried = new CopyOnWriteArrayList<>();
        Pid remote = new Pid(CLUSTER_ID + 1, 7);
        node.remoteTransport((to, message) -> to.node() == remote.node() && carried.add(message));
        node.send(remote, "over the wire");
        assertThat(carried).containsExactly("over the wire");

        // A node of this JVM that the transport does not know is still reached directly.
        Pid neighbour = other.spawn(self -> self.send(self.receive(Matcher.type(Pid.class)), "pong"));
        Pid waiter = node.spawn(self -> {
            self.send(neighbour, self.self());
            carried.add(self.receive(Matcher.type(String.class), Duration.ofSeconds(10)).orElse("timeout"));
        });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> carried.size() == 2);
        assertThat(carried).containsExactly("over the wire", "pong");
        assertThat(waiter.node()).isEqualTo(CLUSTER_ID);
    }
}
