package io.fauxtp.spring.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.effect.UsesEffects;
import io.fauxtp.spring.FauxtpTemplate;
import io.fauxtp.spring.workflow.WorkflowRuns;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.Workflow;
import io.fauxtp.workflow.WorkflowContext;
import io.fauxtp.workflow.WorkflowDefinition;
import io.micrometer.tracing.Tracer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * One trace from an HTTP request through a GenServer call into {@code handleCall}, and on into a workflow step and
 * its effect handler, with a real tracer (Brave, set up by Spring Boot's tracing auto-configuration) and a real
 * HTTP server: the request's span is the parent of the call's, the call's of the server's handling, the handling's
 * of the workflow step and the step's of the effect call; the handling and the handler run with the request's
 * trace id in scope and in the MDC, and the handler with its own span current.
 */
@SpringBootTest(classes = TracedCallTests.TracedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "management.tracing.sampling.probability=1.0",
                "fauxtp.supervisors.traced.children[0].name=clock",
                "fauxtp.supervisors.traced.children[0].gen-server=clockServer",
                "fauxtp.supervisors.traced.children[1].name=orders",
                "fauxtp.supervisors.traced.children[1].gen-server=ordersServer" })
@DirtiesContext
class TracedCallTests {

    @LocalServerPort
    int port;

    @Autowired
    List<MutableSpan> spans;

    @Autowired
    Map<String, String> seenByHandler;

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class TracedApplication {

        @Bean
        List<MutableSpan> spans() {
            return new CopyOnWriteArrayList<>();
        }

        @Bean
        SpanHandler recordingSpanHandler(List<MutableSpan> spans) {
            return new SpanHandler() {

                @Override
                public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                    spans.add(span);
                    return true;
                }

            };
        }

        /** Replies with the trace id it runs in, as the tracer and as the MDC see it. */
        @Bean
        GenServer<String> clockServer(Tracer tracer) {
            return new GenServer<>() {

                @Override
                public String init(Object args) {
                    return "";
                }

                @Override
                public CallResult<String> handleCall(Object request, From from, String state) {
                    return CallResult.reply(Map.of("traceId", tracer.currentSpan().context().traceId(),
                            "mdcTraceId", String.valueOf(MDC.get("traceId"))), state);
                }

            };
        }

        @Bean
        TracedController tracedController(FauxtpTemplate template, Tracer tracer) {
            return new TracedController(template, tracer);
        }

        @Bean
        CheckoutWorkflow checkoutWorkflow() {
            return new CheckoutWorkflow();
        }

        /** The handler of {@link Payments}: records the trace context it runs in. */
        @Bean
        Payments tracedPayments(Tracer tracer, Map<String, String> seenByHandler) {
            return order -> {
                seenByHandler.put("traceId", tracer.currentSpan().context().traceId());
                seenByHandler.put("spanId", tracer.currentSpan().context().spanId());
                seenByHandler.put("mdcTraceId", String.valueOf(MDC.get("traceId")));
                seenByHandler.put("mdcSpanId", String.valueOf(MDC.get("spanId")));
                return "charged " + order;
            };
        }

        @Bean
        Map<String, String> seenByHandler() {
            return new ConcurrentHashMap<>();
        }

        /** Starts a checkout run for each order it is called with, and replies with the run's result. */
        @Bean
        GenServer<String> ordersServer(WorkflowRuns runs) {
            return new GenServer<>() {

                @Override
                public String init(Object args) {
                    return "";
                }

                @Override
                public CallResult<String> handleCall(Object request, From from, String state) {
                    Suspension run = runs.start("checkout", UUID.randomUUID().toString(), request);
                    return CallResult.reply(run.result(), state);
                }

            };
        }

    }

    /** An effect. */
    interface Payments {

        String charge(String order);

    }

    /** Charges an order: one effect call. */
    @Workflow(name = "checkout", version = 1)
    @UsesEffects(Payments.class)
    static final class CheckoutWorkflow implements WorkflowDefinition<String, String> {

        @Override
        public String run(WorkflowContext ctx, String order) {
            return ctx.effect(Payments.class).charge(order);
        }

    }

    @RestController
    static class TracedController {

        private final FauxtpTemplate template;

        private final Tracer tracer;

        TracedController(FauxtpTemplate template, Tracer tracer) {
            this.template = template;
            this.tracer = tracer;
        }

        @GetMapping("/checkout")
        Map<String, Object> checkout() {
            return Map.of("requestTraceId", this.tracer.currentSpan().context().traceId(), "result",
                    String.valueOf(this.template.call("orders", "o-1", String.class)));
        }

        @GetMapping("/traced")
        Map<String, Object> traced() {
            return Map.of("requestTraceId", this.tracer.currentSpan().context().traceId(), "server",
                    this.template.call("clock", "now", Map.class));
        }

    }

    @Test
    void oneSpanTreeFromTheHttpRequestThroughTheCallIntoHandleCall() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/traced"))
                        .timeout(Duration.ofSeconds(8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        String requestTraceId = between(response.body(), "\"requestTraceId\":\"", "\"");
        assertThat(response.body()).contains("\"traceId\":\"" + requestTraceId + "\"",
                "\"mdcTraceId\":\"" + requestTraceId + "\"");

        await().atMost(Duration.ofSeconds(10)).until(() -> find("http get /traced") != null);
        MutableSpan http = find("http get /traced");
        MutableSpan call = find("call clock");
        MutableSpan handle = find("handle call clock");
        assertThat(List.of(http.traceId(), call.traceId(), handle.traceId())).containsOnly(requestTraceId);
        assertThat(call.parentId()).isEqualTo(http.id());
        assertThat(handle.parentId()).isEqualTo(call.id());
        assertThat(call.tags()).containsEntry("fauxtp.server", "clock").containsEntry("fauxtp.kind", "call");
    }

    @Test
    void oneSpanTreeFromTheHttpRequestThroughTheCallAndTheWorkflowStepIntoTheEffectHandler() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/checkout"))
                        .timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"result\":\"charged o-1\"");
        String requestTraceId = between(response.body(), "\"requestTraceId\":\"", "\"");

        await().atMost(Duration.ofSeconds(10)).until(() -> find("http get /checkout") != null);
        MutableSpan http = find("http get /checkout");
        MutableSpan call = find("call orders");
        MutableSpan handle = find("handle call orders");
        MutableSpan step = find("resume checkout");
        MutableSpan effect = find("effect Payments.charge");
        assertThat(List.of(http.traceId(), call.traceId(), handle.traceId(), step.traceId(), effect.traceId()))
                .containsOnly(requestTraceId);
        assertThat(call.parentId()).isEqualTo(http.id());
        assertThat(handle.parentId()).isEqualTo(call.id());
        assertThat(step.parentId()).isEqualTo(handle.id());
        assertThat(effect.parentId()).isEqualTo(step.id());
        assertThat(step.tags()).containsEntry("fauxtp.workflow", "checkout")
                .containsEntry("fauxtp.workflow.outcome", "completed").containsKey("fauxtp.workflow.run");
        assertThat(effect.tags()).containsEntry("fauxtp.effect", "Payments")
                .containsEntry("fauxtp.effect.handler", "tracedPayments");
        // the handler ran in the effect call's span, and the MDC said so
        assertThat(this.seenByHandler).containsEntry("traceId", requestTraceId)
                .containsEntry("spanId", effect.id())
                .containsEntry("mdcTraceId", requestTraceId)
                .containsEntry("mdcSpanId", effect.id());
    }

    private MutableSpan find(String name) {
        return this.spans.stream().filter(s -> name.equals(s.name())).findFirst().orElse(null);
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start) + start.length();
        return text.substring(from, text.indexOf(end, from));
    }

}
