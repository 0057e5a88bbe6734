package io.fauxtp.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.fauxtp.genserver.CallExitException;
import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.genserver.StartOptions;
import io.fauxtp.process.Node;
import io.fauxtp.spring.FauxtpTemplate;
import io.fauxtp.testkit.TestNode;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Callers cannot create meters: a name tag is a declared name, one of a limited number of other registered names,
 * or {@code other}; per-name mailbox gauges exist for declared names only.
 */
class BoundedTagsTests {

    private static final int LIMIT = 5;

    @RegisterExtension
    final TestNode fauxtp = new TestNode("bounded-tags");
    private final Node node = fauxtp.node();

    private final FauxtpTemplate template = new FauxtpTemplate(this.node, Duration.ofSeconds(5));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final FauxtpMetrics metrics = new FauxtpMetrics(this.node, this.template,
            new NameTags(Set.of("inventory"), this.node.registry(), LIMIT));

    @AfterEach
    void close() {
        this.metrics.close();
    }

    /** Answers every call with "ok". */
    static final class Echo implements GenServer<Object> {

        @Override
        public Object init(Object args) {
            return args;
        }

        @Override
        public CallResult<Object> handleCall(Object request, From from, Object state) {
            return CallResult.reply("ok", state);
        }

    }

    @Test
    void tenThousandCallsToDistinctUnknownNamesAddOneSeries() {
        GenServer.start(this.node, new Echo(), "", StartOptions.defaults().withName("inventory"));
        this.metrics.bindTo(this.registry);
        this.template.call("inventory", "hello", String.class);
        int before = this.registry.getMeters().size();

        for (int i = 0; i < 10_000; i++) {
            String name = "nosuch" + i;
            assertThatExceptionOfType(CallExitException.class)
                    .isThrownBy(() -> this.template.call(name, "hello", String.class));
        }

        assertThat(this.registry.getMeters().size()).isLessThanOrEqualTo(before + 1);
        assertThat(callTimers()).extracting(m -> m.getId().getTag("name")).containsOnly("inventory", "other");
        assertThat(this.registry.get("fauxtp.calls").tags("name", "other", "outcome", "exit").timer().count())
                .isEqualTo(10_000);
    }

    @Test
    void registeredNamesBeyondTheLimitShareTheOtherTagAndGetNoMailboxGauge() {
        this.metrics.bindTo(this.registry);
        for (int run = 0; run < 3 * LIMIT; run++) {
            // like one workflow run after another, each a server under its own name
            String name = "workflow:order-" + run;
            GenServer.start(this.node, new Echo(), "", StartOptions.defaults().withName(name));
            this.template.call(name, "hello", String.class);
        }

        assertThat(callTimers()).extracting(m -> m.getId().getTag("name")).hasSize(LIMIT + 1).contains("other");
        assertThat(this.registry.find("fauxtp.process.mailbox.depth").meters()).isEmpty();

        GenServer.start(this.node, new Echo(), "", StartOptions.defaults().withName("inventory"));
        assertThat(this.registry.find("fauxtp.process.mailbox.depth").meters())
                .extracting(m -> m.getId().getTag("name")).containsExactly("inventory");
    }

    private java.util.Collection<Meter> callTimers() {
        return this.registry.find("fauxtp.calls").meters();
    }

}
