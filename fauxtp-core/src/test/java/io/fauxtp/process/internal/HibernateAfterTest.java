package io.fauxtp.process.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A GenServer hibernates when idle. One whose hibernation a message cut short (within the node's hibernate-after
 * time) waits that long before hibernating again, so its next message wakes its parked thread instead of
 * starting a new one; it still hibernates once the time passes without a message.
 */
class HibernateAfterTest {

    static final Duration LONG = Duration.ofSeconds(10);

    private final Node node = Node.create("hibernate-after");
    private final NodeRuntime runtime = NodeRuntime.of(node);

    @AfterEach
    void close() {
        node.close();
    }

    /** Answers every call with the number of calls so far. */
    static final class Echo implements GenServer<int[]> {
        @Override
        public int[] init(Object args) {
            return new int[1];
        }

        @Override
        public CallResult<int[]> handleCall(Object request, From from, int[] calls) {
            calls[0]++;
            return CallResult.reply(calls[0], calls);
        }
    }

    private ProcessImpl start() {
        Pid pid = GenServer.start(node, new Echo(), null);
        return runtime.lookup(pid);
    }

    /** Calls the server each time it has hibernated, until a call finds it woken soon after hibernating. */
    private int callUntilWokenSoon(ProcessImpl server) {
        int[] calls = {0};
        await().atMost(LONG).pollInterval(Duration.ofMillis(1)).until(() -> {
            await().atMost(LONG).pollInterval(Duration.ofMillis(1)).until(server::hibernating);
            calls[0] = GenServer.call(server.self(), "hello", LONG);
            return server.wokeSoonAfterHibernating();
        });
        return calls[0];
    }

    @Test
    void aServerNeverWokenSinceItsStartHibernatesAtOnce() {
        runtime.hibernateAfter(Duration.ofHours(1));
        ProcessImpl server = start();
        // idle since init: nothing says it will get messages soon
        await().atMost(LONG).until(server::hibernating);
        assertThat((int) GenServer.call(server.self(), "hello", LONG)).isEqualTo(1);
        // the first wake-up teaches nothing either: it hibernates again at once
        await().atMost(LONG).until(server::hibernating);
        assertThat(server.wokeSoonAfterHibernating()).isFalse();
    }

    @Test
    void aServerWokenSoonAfterHibernatingKeepsItsThreadWhileIdleAndAnswersOnIt() throws Exception {
        runtime.hibernateAfter(Duration.ofHours(1));
        ProcessImpl server = start();
        int calls = callUntilWokenSoon(server);
        // now idle, but within the hour it waits before hibernating: its thread stays, parked
        await().atMost(LONG).until(() -> {
            Thread thread = server.thread();
            return thread != null && thread.getState() == Thread.State.TIMED_WAITING;
        });
        Thread parked = server.thread();
        assertThat(server.hibernating()).isFalse();
        assertThat((int) GenServer.call(server.self(), "hello", LONG)).isEqualTo(calls + 1);
        assertThat(server.thread()).isSameAs(parked); // answered on the same thread, none started
        assertThat(server.hibernating()).isFalse();
    }

    @Test
    void aServerWokenSoonHibernatesOnceTheHibernateAfterTimePassesWithoutAMessage() {
        runtime.hibernateAfter(Duration.ofMillis(50));
        ProcessImpl server = start();
        int calls = callUntilWokenSoon(server);
        await().atMost(LONG).until(server::hibernating);
        assertThat(server.thread()).isNull();
        assertThat((int) GenServer.call(server.self(), "hello", LONG)).isEqualTo(calls + 1);
    }

    @Test
    void aZeroHibernateAfterTimeHibernatesEveryIdleServerAtOnce() {
        runtime.hibernateAfter(Duration.ZERO);
        ProcessImpl server = start();
        for (int i = 1; i <= 20; i++) {
            await().atMost(LONG).until(server::hibernating);
            assertThat((int) GenServer.call(server.self(), "hello", LONG)).isEqualTo(i);
        }
        await().atMost(LONG).until(server::hibernating);
    }

    @Test
    void aReceiverCutsTheLinksOfNodesItHasLetGoOfNowAndThen() throws Exception {
        int messages = 3 * 1024 + 10;
        CompletableFuture<List<QueueMailbox.Node>> letGo = new CompletableFuture<>();
        node.spawn(self -> {
            QueueMailbox mailbox = ((ProcessImpl) self).mailboxForTests();
            for (int i = 0; i < messages; i++) {
                self.send(self.self(), i); // plain messages: each gets a node of its own
            }
            List<QueueMailbox.Node> nodes = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                nodes.add(mailbox.head); // the node the next take lets go of
                assertThat(self.receive()).isEqualTo(i); // in order, cuts or not
            }
            letGo.complete(nodes);
        });
        List<QueueMailbox.Node> nodes = letGo.get(10, TimeUnit.SECONDS);
        long cut = nodes.stream().filter(n -> n.next == null).count();
        // every 1024th node let go of is cut from the rest; the others keep their links (no store per message)
        assertThat(cut).isEqualTo(messages / 1024);
    }
}
