package io.fauxtp.spring.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.effect.UsesEffects;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.Workflow;
import io.fauxtp.workflow.WorkflowContext;
import io.fauxtp.workflow.WorkflowDefinition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The steps after a signal sent from an HTTP request run in the run's process: the effect records the thread it
 * ran on and blocks until the test lets it go, and the request answers while it is blocked.
 */
@SpringBootTest(classes = SignalStepsTests.ShippingApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "fauxtp.workflow.store.h2-path=target/test-workflows/signal-steps-${random.uuid}")
@DirtiesContext
class SignalStepsTests {

    interface Shipping {
        String ship(String orderId);
    }

    /** The effect: records its thread and waits for {@link #release} (a slow call to another system). */
    static final class SlowShipping implements Shipping {

        final AtomicReference<Thread> ranOn = new AtomicReference<>();

        final CountDownLatch started = new CountDownLatch(1);

        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String ship(String orderId) {
            this.ranOn.set(Thread.currentThread());
            this.started.countDown();
            try {
                this.release.await(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return "shipped " + orderId;
        }

    }

    @Workflow(name = "ship", version = 1)
    @UsesEffects(Shipping.class)
    static class ShipWorkflow implements WorkflowDefinition<String, String> {

        @Override
        public String run(WorkflowContext ctx, String orderId) {
            ctx.awaitSignal("go", String.class);
            return ctx.effect(Shipping.class).ship(orderId);
        }

    }

    /** Signals a run from the request thread and answers which thread that was and the run's stored status. */
    @RestController
    static class SignalController {

        private final WorkflowRuns runs;

        SignalController(WorkflowRuns runs) {
            this.runs = runs;
        }

        @PostMapping("/runs/{id}/go")
        String go(@PathVariable String id) {
            Suspension stored = this.runs.signal(id, "go", "now");
            return Thread.currentThread().threadId() + " " + stored.status();
        }

    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class ShippingApplication {

        @Bean
        SlowShipping shipping() {
            return new SlowShipping();
        }

        @Bean
        ShipWorkflow shipWorkflow() {
            return new ShipWorkflow();
        }

        @Bean
        SignalController signalController(WorkflowRuns runs) {
            return new SignalController(runs);
        }

    }

    @LocalServerPort
    int port;

    @Autowired
    WorkflowRuns runs;

    @Autowired
    SlowShipping shipping;

    @AfterEach
    void releaseTheEffect() {
        this.shipping.release.countDown();
    }

    @Test
    void aSignalFromARequestRunsItsStepsInTheRunsProcessAndASlowStepDoesNotHoldUpTheResponse() throws Exception {
        this.runs.start("ship", "order-1", "o-1");

        HttpResponse<String> response;
        try (HttpClient http = HttpClient.newHttpClient()) {
            response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/runs/order-1/go"))
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        // Answered while the effect is blocked (it waits up to 30 s, the request's timeout is 20 s).
        assertThat(response.statusCode()).isEqualTo(200);
        String[] answer = response.body().split(" ");
        assertThat(answer[1]).as("the signal is stored, due, before the answer").isEqualTo("READY");
        assertThat(this.shipping.started.await(20, TimeUnit.SECONDS)).as("the effect ran").isTrue();
        assertThat(this.shipping.ranOn.get().threadId()).as("the effect's thread, not the request's")
                .isNotEqualTo(Long.parseLong(answer[0]));
        assertThat(this.runs.process("order-1")).as("the run's process runs the step").isPresent();
        this.shipping.release.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> this.runs.find("order-1").orElseThrow().isFinished());
        assertThat(this.runs.find("order-1")).get().extracting(Suspension::result).isEqualTo("shipped o-1");
    }

}
