package io.fauxtp.genserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.testkit.TestNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The request hook carries a sender's context into the server: captured when a call or cast is sent (from a
 * process or from ordinary code), restored around {@code handleCall}/{@code handleCast}, ended on the sender's side.
 */
class RequestObserverTest {

    /** The sender's context here: a thread-local, as a trace context or a logging context is. */
    static final ThreadLocal<String> CONTEXT = new ThreadLocal<>();

    @RegisterExtension
    final TestNode fauxtp = new TestNode("request-observer");
    private final Node node = fauxtp.node();

    private final List<String> events = new CopyOnWriteArrayList<>();

    /** Captures CONTEXT at send and sets it around handling, recording what it sees. */
    final class Propagating implements RequestObserver {

        @Override
        public Object sending(Kind kind, Pid server, Object request) {
            events.add("sending " + kind + " " + request);
            return CONTEXT.get();   // null: nothing to carry
        }

        @Override
        public void ended(Object context, Throwable failure) {
            events.add("ended " + context + (failure == null ? "" : " " + failure.getClass().getSimpleName()));
        }

        @Override
        public Handling handling(Object context, Kind kind, Pid server, Object request) {
            String before = CONTEXT.get();
            CONTEXT.set((String) context);
            return new Handling() {

                @Override
                public void failed(Throwable failure) {
                    events.add("failed " + failure.getMessage());
                }

                @Override
                public void close() {
                    CONTEXT.set(before);
                }

            };
        }

    }

    /** Replies to a call, and remembers for a cast, what CONTEXT holds while it handles the request. */
    static final class ContextReader implements GenServer<String> {

        @Override
        public String init(Object args) {
            return "none";
        }

        @Override
        public CallResult<String> handleCall(Object request, From from, String seenByCast) {
            if ("crash".equals(request)) {
                throw new IllegalStateException("crash in " + CONTEXT.get());
            }
            return CallResult.reply("seen".equals(request) ? seenByCast : String.valueOf(CONTEXT.get()), seenByCast);
        }

        @Override
        public CastResult<String> handleCast(Object request, String seenByCast) {
            return CastResult.noReply(String.valueOf(CONTEXT.get()));
        }

    }

    @Test
    void theCallersContextReachesHandleCallFromOrdinaryCode() throws Exception {
        Pid server = GenServer.start(node, new ContextReader(), null);
        try (AutoCloseable observing = GenServer.observeRequests(node, new Propagating())) {
            CONTEXT.set("request-42");
            try {
                assertThat(GenServer.<String>call(server, "read")).isEqualTo("request-42");
            }
            finally {
                CONTEXT.remove();
            }
        }
        assertThat(events).containsExactly("sending CALL read", "ended request-42");
        // removed: nothing is seen, nothing carried
        CONTEXT.set("later");
        try {
            assertThat(GenServer.<String>call(server, "read")).isEqualTo("null");
        }
        finally {
            CONTEXT.remove();
        }
        assertThat(events).hasSize(2);
    }

    @Test
    void theCallersContextReachesHandleCallAndHandleCastFromAProcess() throws Exception {
        Pid server = GenServer.start(node, new ContextReader(), null);
        CompletableFuture<String> called = new CompletableFuture<>();
        try (AutoCloseable observing = GenServer.observeRequests(node, new Propagating())) {
            node.spawn(self -> {
                CONTEXT.set("process-7");
                GenServer.cast(server, "remember");
                called.complete(GenServer.call(server, "read"));
            });
            assertThat(called.get()).isEqualTo("process-7");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> "process-7".equals(GenServer.<String>call(server, "seen")));
        }
        assertThat(events).startsWith("sending CAST remember", "ended process-7", "sending CALL read",
                "ended process-7");
    }

    @Test
    void aCrashInTheHandlingIsReportedToBothSides() {
        Pid server = GenServer.start(node, new ContextReader(), null);
        try (AutoCloseable observing = GenServer.observeRequests(node, new Propagating())) {
            CONTEXT.set("doomed");
            assertThatExceptionOfType(CallExitException.class).isThrownBy(() -> GenServer.call(server, "crash"));
        }
        catch (Exception ex) {
            throw new AssertionError(ex);
        }
        finally {
            CONTEXT.remove();
        }
        assertThat(events).contains("failed crash in doomed", "ended doomed CallExitException");
    }

    @Test
    void aNodeHasOneObserver() throws Exception {
        try (AutoCloseable observing = GenServer.observeRequests(node, new Propagating())) {
            assertThatExceptionOfType(IllegalStateException.class)
                    .isThrownBy(() -> GenServer.observeRequests(node, new Propagating()));
        }
        GenServer.observeRequests(node, new Propagating()).close();
    }

}
