package io.fauxtp.spring.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import io.fauxtp.genserver.CallExitException;
import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.CastResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.genserver.StartOptions;
import io.fauxtp.process.Node;
import io.fauxtp.spring.metrics.NameTags;
import io.fauxtp.testkit.TestNode;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

/**
 * Calls and casts, from ordinary code and from processes, are observed with low-cardinality key values, and the
 * server's handling is a child of the sender's observation, with the sender's current observation and MDC.
 */
class GenServerObservationsTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @RegisterExtension
    final TestNode fauxtp = new TestNode("observations");
    private final Node node = fauxtp.node();

    private final TestObservationRegistry registry = TestObservationRegistry.create();

    private final GenServerObservations observations = new GenServerObservations(this.node, this.registry, null,
            new NameTags(Set.of("echo"), this.node.registry(), 0));

    @AfterEach
    void close() throws Exception {
        this.observations.close();
    }

    /** Replies with what the handling sees: its current observation's parent's name, and the MDC's user. */
    final class Echo implements GenServer<String> {

        @Override
        public String init(Object args) {
            return "";
        }

        @Override
        public CallResult<String> handleCall(Object request, From from, String lastCast) {
            if ("crash".equals(request)) {
                throw new IllegalStateException("crash");
            }
            if ("last cast".equals(request)) {
                return CallResult.reply(lastCast, lastCast);
            }
            return CallResult.reply(seen(), lastCast);
        }

        @Override
        public CastResult<String> handleCast(Object request, String lastCast) {
            return CastResult.noReply(seen());
        }

        private String seen() {
            Observation current = GenServerObservationsTests.this.registry.getCurrentObservation();
            Object parent = (current != null && current.getContextView().getParentObservation() != null)
                    ? current.getContextView().getParentObservation().getContextView() : null;
            return "current=" + describe(current != null ? current.getContextView() : null) + " parent="
                    + describe(parent) + " user=" + MDC.get("user");
        }

        private static String describe(Object context) {
            return (context instanceof GenServerRequestContext request)
                    ? request.side() + " " + request.kind() + " " + request.server() : String.valueOf(context);
        }

    }

    @Test
    void aCallFromOrdinaryCodeIsObservedAndItsContextReachesHandleCall() {
        GenServer.start(this.node, new Echo(), null, StartOptions.defaults().withName("echo"));
        MDC.put("user", "ann");
        String seen;
        try {
            seen = GenServer.call(this.node, "echo", "hello");
        }
        finally {
            MDC.remove("user");
        }

        assertThat(seen).isEqualTo("current=HANDLE CALL echo parent=SEND CALL echo user=ann");
        TestObservationRegistryAssert.assertThat(this.registry).doesNotHaveAnyRemainingCurrentObservation();
        // The server stops its observation after it has sent the reply, so the caller can get here first.
        await().atMost(PATIENCE).untilAsserted(() -> TestObservationRegistryAssert.assertThat(this.registry)
                .hasNumberOfObservationsWithNameEqualTo(DefaultGenServerObservationConvention.NAME, 2)
                .hasAnObservation(o -> o.hasContextualNameEqualTo("call echo")
                        .hasLowCardinalityKeyValue("fauxtp.side", "send")
                        .hasLowCardinalityKeyValue("fauxtp.kind", "call")
                        .hasLowCardinalityKeyValue("fauxtp.server", "echo")
                        .hasLowCardinalityKeyValue("fauxtp.request", "String")
                        .doesNotHaveError())
                .hasAnObservation(o -> o.hasContextualNameEqualTo("handle call echo")
                        .hasLowCardinalityKeyValue("fauxtp.side", "handle")
                        .doesNotHaveError()));
    }

    @Test
    void aCastFromAProcessIsObservedAndItsContextReachesHandleCast() throws Exception {
        GenServer.start(this.node, new Echo(), null, StartOptions.defaults().withName("echo"));
        CompletableFuture<String> done = new CompletableFuture<>();
        this.node.spawn(self -> {
            MDC.put("user", "bob");
            GenServer.cast(this.node, "echo", 42);
            done.complete(GenServer.call("echo", "last cast"));
        });

        assertThat(done.get()).isEqualTo("current=HANDLE CAST echo parent=SEND CAST echo user=bob");
        TestObservationRegistryAssert.assertThat(this.registry)
                .hasAnObservation(o -> o.hasContextualNameEqualTo("cast echo")
                        .hasLowCardinalityKeyValue("fauxtp.kind", "cast")
                        .hasLowCardinalityKeyValue("fauxtp.request", "Integer"));
    }

    @Test
    void aFailedCallIsAnErrorOnBothSidesAndAnUnknownServerIsNoTagOfItsOwn() {
        GenServer.start(this.node, new Echo(), null, StartOptions.defaults().withName("echo"));
        assertThatExceptionOfType(CallExitException.class).isThrownBy(() -> GenServer.call(this.node, "echo", "crash"));
        var unnamed = GenServer.start(this.node, new Echo(), null, StartOptions.defaults().withName("run-1234"));
        GenServer.call(unnamed, "hello");

        await().atMost(PATIENCE).untilAsserted(() -> TestObservationRegistryAssert.assertThat(this.registry)
                .hasAnObservation(o -> o.hasContextualNameEqualTo("call echo").hasError())
                .hasAnObservation(o -> o.hasContextualNameEqualTo("handle call echo").hasError())
                // not declared, and the limit of other names is 0 here
                .hasAnObservation(o -> o.hasLowCardinalityKeyValue("fauxtp.server", "other")));
    }

    @Test
    void nothingIsObservedOrCarriedWithoutHandlers() {
        GenServer.start(this.node, new Echo(), null, StartOptions.defaults().withName("echo"));
        Node other = Node.create("noop");
        try (GenServerObservations noop = new GenServerObservations(other, ObservationRegistry.NOOP, null,
                new NameTags(Set.of(), other.registry(), 0))) {
            GenServer.start(other, new Echo(), null, StartOptions.defaults().withName("echo"));
            MDC.put("user", "carl");
            assertThat(GenServer.<String>call(other, "echo", "hello")).isEqualTo("current=null parent=null user=null");
        }
        catch (Exception ex) {
            throw new AssertionError(ex);
        }
        finally {
            MDC.remove("user");
            other.close();
        }
    }

}
