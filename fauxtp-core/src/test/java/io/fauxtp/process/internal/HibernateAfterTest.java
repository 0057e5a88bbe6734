package io.fauxtp.process.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.genserver.StartOptions;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.testkit.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A GenServer hibernates when idle. One whose hibernation a message cut short (within the node's hibernate-after
 * time) waits that long before hibernating again, so its next message wakes its parked thread instead of
 * starting a new one; it still hibernates once the time passes without a message.
 */
class HibernateAfterTest {

    static final Duration LONG = Duration.ofSeconds(10);

    @RegisterExtension
    final TestNode fauxtp = new TestNode("hibernate-after");
    private final Node node = fauxtp.node();
    private final NodeRuntime runtime = NodeRuntime.of(node);

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
        awaitParked(server);
        Thread parked = server.thread();
        assertThat((int) GenServer.call(server.self(), "hello", LONG)).isEqualTo(calls + 1);
        assertThat(server.thread()).isSameAs(parked); // answered on the same thread, none started
        assertThat(server.hibernating()).isFalse();
    }

    @Test
    void aServerWokenSoonHibernatesOnceTheHibernateAfterTimePassesWithoutAMessage() {
        runtime.hibernateAfter(Duration.ofHours(1));
        ProcessImpl server = start();
        int calls = callUntilWokenSoon(server);
        awaitParked(server); // it waits, rather than hibernating at once...
        runtime.hibernateAfter(Duration.ofMillis(50));
        // ...and after the next message, idle again, it waits 50 ms, then hibernates
        assertThat((int) GenServer.call(server.self(), "hello", LONG)).isEqualTo(calls + 1);
        await().atMost(LONG).until(server::hibernating);
        assertThat(server.thread()).isNull();
        assertThat((int) GenServer.call(server.self(), "hello", LONG)).isEqualTo(calls + 2);
    }

    @Test
    void aZeroHibernateAfterTimeHibernatesEveryIdleServerAtOnceAndForgetsItWasWokenSoon() {
        runtime.hibernateAfter(Duration.ofHours(1));
        ProcessImpl server = start();
        int calls = callUntilWokenSoon(server);
        awaitParked(server);
        runtime.hibernateAfter(Duration.ZERO);
        for (int i = 1; i <= 20; i++) {
            // the first call finds it parked; after that each call wakes it from hibernation, at once, and a
            // wake-up is never "soon" within zero time
            assertThat((int) GenServer.call(server.self(), "hello", LONG)).isEqualTo(calls + i);
            if (i > 1) {
                assertThat(server.wokeSoonAfterHibernating()).isFalse();
            }
            await().atMost(LONG).pollInterval(Duration.ofMillis(1)).until(server::hibernating);
        }
    }

    private ProcessImpl start(StartOptions options) {
        return runtime.lookup(GenServer.start(node, new Echo(), null, options));
    }

    @Test
    void aServersOwnHibernateAfterKeepsItsThreadFromTheStartWokenSoonOrNot() {
        runtime.hibernateAfter(Duration.ZERO); // the node would hibernate every idle server at once
        ProcessImpl server = start(StartOptions.defaults().withHibernateAfter(Duration.ofHours(1)));
        awaitParked(server); // idle since init, never woken, and still it keeps its thread
        Thread parked = server.thread();
        for (int i = 1; i <= 5; i++) {
            assertThat((int) GenServer.call(server.self(), "hello", LONG)).isEqualTo(i);
            awaitParked(server);
            assertThat(server.thread()).isSameAs(parked); // every call answered on the one thread
        }
    }

    @Test
    void aServersOwnHibernateAfterStillHibernatesWhenTheTimePasses() {
        ProcessImpl server = start(StartOptions.defaults().withHibernateAfter(Duration.ofMillis(50)));
        for (int i = 1; i <= 3; i++) {
            await().atMost(LONG).until(server::hibernating);
            assertThat(server.thread()).isNull();
            assertThat((int) GenServer.call(server.self(), "hello", LONG)).isEqualTo(i);
        }
    }

    @Test
    void aServersOwnZeroHibernateAfterHibernatesAtOnceEvenWhenWokenSoon() {
        runtime.hibernateAfter(Duration.ofHours(1)); // the node would keep a server woken soon parked for an hour
        ProcessImpl server = start(StartOptions.defaults().withHibernateAfter(Duration.ZERO));
        for (int i = 1; i <= 20; i++) {
            await().atMost(LONG).pollInterval(Duration.ofMillis(1)).until(server::hibernating);
            assertThat((int) GenServer.call(server.self(), "hello", LONG)).isEqualTo(i);
        }
        // woken within the hour each time: the node's rule would have kept it parked; its own option does not
        await().atMost(LONG).pollInterval(Duration.ofMillis(1)).until(server::hibernating);
        assertThat(server.wokeSoonAfterHibernating()).isTrue();
    }

    @Test
    void aNegativeHibernateAfterIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> StartOptions.defaults().withHibernateAfter(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hibernateAfter");
    }

    /**
     * Waits until the server's thread waits before hibernating: parked without a time limit, as its deadline is kept
     * by {@link LongParks} rather than a JDK timer set and cancelled on every idle period.
     */
    private static void awaitParked(ProcessImpl server) {
        await().atMost(LONG).until(() -> {
            Thread thread = server.thread();
            return thread != null && thread.getState() == Thread.State.WAITING
                    && LockSupport.getBlocker(thread) == server.mailboxForTests();
        });
        assertThat(server.hibernating()).isFalse();
    }

    @Test
    void aReceiverCutsTheLinksOfNodesItHasLetGoOfNowAndThen() throws Exception {
        int messages = 3 * 1024 + 10;
        CompletableFuture<List<QueueMailbox.Node>> letGo = new CompletableFuture<>();
        List<Object> received = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        node.spawn(self -> {
            try {
                QueueMailbox mailbox = ((ProcessImpl) self).mailboxForTests();
                for (int i = 0; i < messages; i++) {
                    self.send(self.self(), i); // plain messages: each gets a node of its own
                }
                List<QueueMailbox.Node> nodes = new ArrayList<>();
                for (int i = 0; i < messages; i++) {
                    nodes.add(mailbox.head); // the node the next take lets go of
                    received.add(self.receive());
                    sizes.add(mailbox.size());
                }
                letGo.complete(nodes);
            } catch (Throwable t) {
                letGo.completeExceptionally(t);
            }
        });
        List<QueueMailbox.Node> nodes = letGo.get(10, TimeUnit.SECONDS);
        List<Integer> expected = java.util.stream.IntStream.range(0, messages).boxed().toList();
        assertThat(received).isEqualTo(expected); // in order, cuts or not
        // the count of waiting messages is right before and after every cut
        assertThat(sizes).isEqualTo(expected.stream().map(i -> messages - 1 - i).toList());
        long cut = nodes.stream().filter(n -> n.next == null).count();
        // every 1024th node let go of is cut from the rest; the others keep their links (no store per message)
        assertThat(cut).isEqualTo(messages / 1024);
    }
}
