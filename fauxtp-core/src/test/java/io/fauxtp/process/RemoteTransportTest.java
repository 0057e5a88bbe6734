package io.fauxtp.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fauxtp.genserver.CallExitException;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.spi.RemoteTransport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

    /** Carries calls and casts for one node id, answering calls with what it was asked, and records casts. */
    private record CallCarrier(int nodeId, List<Object> casts) implements RemoteTransport {
        @Override
        public boolean send(Pid to, Object message) {
            return false;
        }

        @Override
        public boolean carriesCalls(Pid server) {
            return server.node() == nodeId;
        }

        @Override
        public Object call(Pid server, Object request, Duration timeout) {
            if (server.serial() == 0) {
                throw new CallExitException(server, request, ExitReason.NO_CONNECTION);
            }
            return "carried " + request;
        }

        @Override
        public boolean cast(Pid server, Object request) {
            return server.node() == nodeId && casts.add(request);
        }
    }

    @Test
    void genServerCallsAndCastsToPidsOfOtherJvmsGoThroughATransportThatCarriesThem() {
        CallCarrier carrier = new CallCarrier(CLUSTER_ID + 2, new CopyOnWriteArrayList<>());
        node.remoteTransport(carrier);
        Pid remote = new Pid(CLUSTER_ID + 2, 7);

        assertThat(GenServer.<String>call(remote, "from a thread")).isEqualTo("carried from a thread");
        CompletableFuture<Object> fromProcess = new CompletableFuture<>();
        node.spawn(self -> {
            fromProcess.complete(GenServer.call(remote, "from a process", Duration.ofSeconds(5)));
            GenServer.cast(remote, "cast from a process");
        });
        assertThat(fromProcess).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("carried from a process");
        GenServer.cast(remote, "cast from a thread");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> carrier.casts().size() == 2);
        assertThat(carrier.casts()).containsExactlyInAnyOrder("cast from a process", "cast from a thread");
        assertThatThrownBy(() -> GenServer.call(new Pid(CLUSTER_ID + 2, 0), "lost", Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(CallExitException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExitReason.NO_CONNECTION));

        // formattedStatus stays within this JVM: the transport is not asked.
        assertThatThrownBy(() -> GenServer.formattedStatus(remote, Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(CallExitException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExitReason.NO_PROCESS));
        // A pid of a node no transport carries calls to cannot exist here: noproc at once, as before.
        assertThatThrownBy(() -> GenServer.call(new Pid(CLUSTER_ID + 3, 7), "nobody", Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(CallExitException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExitReason.NO_PROCESS));
        node.remoteTransport((to, message) -> false);   // a send-only transport carries no calls
        assertThatThrownBy(() -> GenServer.call(remote, "send-only", Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(CallExitException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExitReason.NO_PROCESS));
    }
}
