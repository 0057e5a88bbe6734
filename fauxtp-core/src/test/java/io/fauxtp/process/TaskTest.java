package io.fauxtp.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.CastResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.testkit.Probe;
import io.fauxtp.testkit.TestNode;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TaskTest {

    @RegisterExtension
    final TestNode fauxtp = new TestNode("tasks");
    private final Node node = fauxtp.node();
    private final Probe out = new Probe();

    @Test
    void asyncAndAwaitFromOrdinaryCode() throws Exception {
        Task<Integer> task = Task.async(node, () -> 6 * 7);
        assertThat(task.await(Duration.ofSeconds(10))).isEqualTo(42);
        assertThat(task.isDone()).isTrue();
    }

    @Test
    void awaitRethrowsTheTaskFailure() {
        Task<Integer> task = Task.async(node, () -> {
            throw new java.io.IOException("disk full");
        });
        assertThatThrownBy(() -> task.await(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(TaskFailedException.class,
                        e -> assertThat(e.reason()).isInstanceOf(ExitReason.Error.class))
                .cause().isInstanceOf(java.io.IOException.class).hasMessage("disk full");
    }

    @Test
    void awaitTimesOutAndKillsTheTask() {
        CountDownLatch never = new CountDownLatch(1);
        Task<Object> task = Task.async(node, () -> {
            never.await();
            return null;
        });
        assertThatThrownBy(() -> task.await(Duration.ofMillis(50))).isInstanceOf(TaskTimeoutException.class)
                .hasMessageContaining("killed");
        await().atMost(Duration.ofSeconds(10)).until(() -> !node.isAlive(task.pid()));
    }

    @Test
    void aProcessGetsItsTaskResultsAsMessages() throws Exception {
        node.spawn(self -> {
            Task<String> ok = Task.start(() -> "done");
            Task<String> bad = Task.start(() -> {
                throw new IllegalStateException("nope");
            });
            for (int i = 0; i < 2; i++) {
                TaskResult<?> r = self.receive(Matcher.type(TaskResult.class));
                out.put(r.task() == ok ? r : r.task() == bad ? r : "unknown task");
            }
            out.put(self.receive(Matcher.any(), Duration.ofMillis(100)).isEmpty());
        });
        var results = java.util.List.of(out.next(), out.next());
        assertThat(results).anySatisfy(r -> assertThat(r).isInstanceOfSatisfying(TaskResult.Succeeded.class,
                s -> assertThat(s.value()).isEqualTo("done")));
        assertThat(results).anySatisfy(r -> assertThat(r).isInstanceOfSatisfying(TaskResult.Failed.class,
                f -> assertThat(f.reason()).isInstanceOf(ExitReason.Error.class)));
        assertThat(out.next()).as("exactly one message per task").isEqualTo(true);
    }

    @Test
    void aKilledTaskReportsItsReason() throws Exception {
        node.spawn(self -> {
            Task<Object> t = Task.start(() -> {
                new CountDownLatch(1).await();
                return null;
            });
            t.cancel();
            out.put(self.receive(Matcher.type(TaskResult.class)));
        });
        assertThat(out.next()).isInstanceOfSatisfying(TaskResult.Failed.class,
                f -> assertThat(f.reason()).isEqualTo(ExitReason.KILLED));
    }

    @Test
    void aFailingLinkedTaskTakesItsOwnerDownUnlessItTrapsExits() throws Exception {
        Pid owner = node.spawn(self -> {
            Task.startLinked(() -> {
                throw new IllegalStateException("linked failure");
            });
            self.receive(Matcher.type(String.class));
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> !node.isAlive(owner));
        node.spawn(self -> {
            self.trapExit(true);
            Task<Object> t = Task.startLinked(() -> {
                throw new IllegalStateException("linked failure");
            });
            out.put(self.receive(Matcher.type(TaskResult.class)).task() == t);
            out.put(self.receive(Matcher.type(Exit.class)).from().equals(t.pid()));
        });
        assertThat(out.next()).isEqualTo(true);
        assertThat(out.next()).isEqualTo(true);
    }

    /** A GenServer that runs slow work in tasks and keeps answering calls meanwhile. */
    static final class Fetcher implements GenServer<java.util.List<Object>> {
        @Override
        public java.util.List<Object> init(Object args) {
            return java.util.List.of();
        }

        @Override
        public CallResult<java.util.List<Object>> handleCall(Object request, From from,
                                                             java.util.List<Object> results) {
            if (request instanceof CountDownLatch gate) {
                Task.start(() -> {
                    gate.await();
                    return "fetched";
                });
                return CallResult.reply("started", results);
            }
            return CallResult.reply(results, results);
        }

        @Override
        public CastResult<java.util.List<Object>> handleInfo(Object message, java.util.List<Object> results) {
            if (message instanceof TaskResult.Succeeded<?> s) {
                var next = new java.util.ArrayList<>(results);
                next.add(s.value());
                return CastResult.noReply(java.util.List.copyOf(next));
            }
            return CastResult.noReply(results);
        }
    }

    @Test
    void aGenServerStartsTasksAndHandlesTheirResults() {
        Pid server = GenServer.start(node, new Fetcher(), null);
        CountDownLatch gate = new CountDownLatch(1);
        assertThat((String) GenServer.call(server, gate)).isEqualTo("started");
        assertThat((java.util.List<?>) GenServer.call(server, "results")).isEmpty();
        gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> GenServer.call(server, "results"),
                r -> ((java.util.List<?>) r).equals(java.util.List.of("fetched")));
    }

    @Test
    void startOutsideAProcessIsAClearError() {
        assertThatThrownBy(() -> Task.start(() -> 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside a fauxtp process");
    }
}
