package io.fauxtp.process.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.CallTimeoutException;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.genserver.StartException;
import io.fauxtp.genserver.StartOptions;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.process.ProcessBody;
import io.fauxtp.testkit.TestNode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A process's waits whose deadline is seconds away and nearly always ends long before it, the reply to its call
 * (5 s by default) and the {@code init} of a server it starts (30 s), park without a time limit through
 * {@link LongParks}, not with a JDK timer set and cancelled per wait; the deadline still ends them, a little late.
 */
class CoarseWaitsTest {

    private static final Duration LONG = Duration.ofSeconds(10);
    /** A timeout just long enough to be coarse, so the tests that wait it out stay short. */
    private static final Duration COARSE = Duration.ofNanos(OrdinaryCaller.COARSE_TIMEOUT_NANOS).plusMillis(200);

    @RegisterExtension
    final TestNode fauxtp = new TestNode("coarse-waits");
    private final Node node = fauxtp.node();

    /** Leaves every call unanswered. */
    static final class Silent implements GenServer<Object> {
        @Override
        public Object init(Object args) {
            return "";
        }

        @Override
        public CallResult<Object> handleCall(Object request, From from, Object state) {
            return CallResult.noReply(state);
        }
    }

    /** An init that waits for its latch. */
    static final class SlowInit implements GenServer<Object> {
        @Override
        public Object init(Object args) throws InterruptedException {
            ((CountDownLatch) args).await();
            return "";
        }
    }

    /** Whether {@code thread} is parked without a time limit with a blocker of type {@code blocker}. */
    private static boolean parkedUntimedOn(Thread thread, Class<?> blocker) {
        return thread.getState() == Thread.State.WAITING && blocker.isInstance(LockSupport.getBlocker(thread));
    }

    @Test
    void aProcessWaitsForTheReplyToALongCallWithoutAJdkTimerAndStillTimesOut() throws Exception {
        Pid server = GenServer.start(node, new Silent(), null);
        CompletableFuture<Thread> caller = new CompletableFuture<>();
        CompletableFuture<Object> hour = new CompletableFuture<>();
        node.spawn(self -> {
            caller.complete(Thread.currentThread());
            try {
                hour.complete(GenServer.call(server, "anything", Duration.ofHours(1)));
            } catch (RuntimeException e) {
                hour.complete(e);
            }
        });
        Thread thread = caller.get(10, TimeUnit.SECONDS);
        await().atMost(LONG).until(() -> parkedUntimedOn(thread, QueueMailbox.class));
        assertThat(hour).isNotDone();

        CompletableFuture<Object> due = new CompletableFuture<>();
        long start = System.nanoTime();
        node.spawn(self -> {
            try {
                due.complete(GenServer.call(server, "anything", COARSE));
            } catch (RuntimeException e) {
                due.complete(e);
            }
        });
        assertThat(due.get(10, TimeUnit.SECONDS)).isInstanceOf(CallTimeoutException.class);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(COARSE.toNanos());
    }

    @Test
    void aProcessWaitsForTheInitOfAServerItStartsWithoutAJdkTimerAndStillTimesOut() throws Exception {
        CountDownLatch initGoesOn = new CountDownLatch(1);
        CompletableFuture<Thread> starter = new CompletableFuture<>();
        CompletableFuture<Object> started = new CompletableFuture<>();
        node.spawn(self -> {
            starter.complete(Thread.currentThread());
            try {
                started.complete(GenServer.start(self.node(), new SlowInit(), initGoesOn,
                        StartOptions.defaults().withStartTimeout(Duration.ofHours(1))));
            } catch (RuntimeException e) {
                started.complete(e);
            }
        });
        Thread thread = starter.get(10, TimeUnit.SECONDS);
        // the starter parks on the server's body, which unparks it when init has run
        await().atMost(LONG).until(() -> parkedUntimedOn(thread, ProcessBody.class));
        assertThat(started).isNotDone();
        initGoesOn.countDown();
        assertThat(started.get(10, TimeUnit.SECONDS)).isInstanceOf(Pid.class);

        CompletableFuture<Object> due = new CompletableFuture<>();
        long start = System.nanoTime();
        node.spawn(self -> {
            try {
                due.complete(GenServer.start(self.node(), new SlowInit(), new CountDownLatch(1),
                        StartOptions.defaults().withStartTimeout(COARSE)));
            } catch (RuntimeException e) {
                due.complete(e);
            }
        });
        Object failed = due.get(10, TimeUnit.SECONDS);
        assertThat(failed).isInstanceOf(StartException.class);
        assertThat(((StartException) failed).getMessage()).contains("did not finish within");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(COARSE.toNanos());
    }
}
