package io.fauxtp.spring.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.testkit.OrderFixture.Calls;
import io.fauxtp.testkit.OrderFixture.CountingPayments;
import io.fauxtp.testkit.OrderFixture.CountingWarehouse;
import io.fauxtp.testkit.OrderFixture.Order;
import io.fauxtp.testkit.OrderFixture.OrderWorkflow;
import io.fauxtp.workflow.Await;
import io.fauxtp.workflow.Request;
import io.fauxtp.workflow.StoredSuspension;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.SuspensionStore;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real web application with a workflow: the suspension converters at work in an MVC controller and in the
 * {@code workflows} actuator endpoint, and hostile suspension texts refused there without touching the store.
 */
@SpringBootTest(classes = WorkflowWebApplicationTests.WorkflowWebApplication.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "management.endpoints.web.exposure.include=workflows,suspensionid",
                "management.endpoint.workflows.access=unrestricted", "management.endpoint.workflows.show-values=always",
                "fauxtp.workflow.store.h2-path=target/test-workflows/web-${random.uuid}" })
@DirtiesContext
class WorkflowWebApplicationTests {

    /** Text that must never be run: an unregistered constructor in place of the order. */
    private static final String UNREGISTERED = "shop.Order('o-1', 'ann', 1_250)";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(8)).build();

    @LocalServerPort
    int port;

    @Autowired
    WorkflowRuns runs;

    @Autowired
    SuspensionStore store;

    @Autowired
    SuspensionToTextConverter toText;

    @BeforeEach
    void aWaitingOrder() {
        if (this.runs.find("web-1").isEmpty()) {
            this.runs.start("order", "web-1", new Order("o-1", "ann", 1250));
        }
    }

    @Test
    void theEndpointListsRunsWithNameStatusAndWhatTheyAwait() {
        HttpResponse<String> response = get("/actuator/workflows");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode run = JSON.readTree(response.body()).at("/runs/0");
        assertThat(run.at("/id").asString()).isEqualTo("web-1");
        assertThat(run.at("/name").asString()).isEqualTo("order");
        assertThat(run.at("/status").asString()).isEqualTo("WAITING");
        assertThat(run.at("/awaiting").asString()).isEqualTo("signal shipped");
        // the database product only: no URL, no file path
        assertThat(JSON.readTree(response.body()).at("/store").asString()).isEqualTo("embedded H2");
        assertThat(response.body()).doesNotContain("jdbc:", "test-workflows");
    }

    @Test
    void theEndpointShowsOneSuspensionAsTheStoredText() {
        HttpResponse<String> response = get("/actuator/workflows/web-1");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(this.toText.convert(this.runs.find("web-1").orElseThrow()))
                .contains("wf.AwaitSignal('shipped')", "shop.Order('o-1', 'ann', 1_250)");
        assertThat(get("/actuator/workflows/no-such-run").statusCode()).isEqualTo(404);
    }

    @Test
    void theEndpointReadsASuspensionTextThroughTheConverter() {
        String text = this.toText.convert(this.runs.find("web-1").orElseThrow());
        HttpResponse<String> response = post("/actuator/workflows", Map.of("suspension", text));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode checked = JSON.readTree(response.body());
        assertThat(checked.at("/id").asString()).isEqualTo("web-1");
        assertThat(checked.at("/journalEntries").asInt()).isEqualTo(2);
    }

    @Test
    void hostileTextIsRefusedByTheEndpointAndTheMvcControllerAndNothingStoredChanges() {
        String stored = this.toText.convert(this.runs.find("web-1").orElseThrow());
        List<StoredSuspension> before = this.store.list();
        List<String> hostile = List.of(stored.replace(UNREGISTERED, "os.system('rm -rf /')"),
                stored.replace(UNREGISTERED, "[".repeat(5000) + "]".repeat(5000)),
                stored.replace(UNREGISTERED, "ref(7)"));
        for (String text : hostile) {
            assertThat(text).isNotEqualTo(stored);
            HttpResponse<String> endpoint = post("/actuator/workflows", Map.of("suspension", text));
            assertThat(endpoint.statusCode()).as("actuator answer to %s", text.substring(0, 40)).isEqualTo(400);
            JsonNode refusal = JSON.readTree(endpoint.body());
            assertThat(refusal.at("/line").asInt()).isPositive();
            assertThat(refusal.at("/column").asInt()).isPositive();
            assertThat(refusal.at("/reason").asString()).isNotBlank();
            assertThat(refusal.at("/error").asString()).startsWith("Not a valid suspension text at line ");

            HttpResponse<String> mvc = postForm("/suspensions/summary", text);
            assertThat(mvc.statusCode()).isEqualTo(400);
            assertThat(mvc.body()).startsWith("Not a valid suspension text at line ").contains("column");
        }
        assertThat(this.store.list()).as("stored runs, updatedAt included").isEqualTo(before);
        assertThat(this.toText.convert(this.runs.find("web-1").orElseThrow())).isEqualTo(stored);
    }

    @Test
    void everyRefusalOfTheAttackRunIsA400WithLineColumnAndReason() {
        String stored = this.toText.convert(this.runs.find("web-1").orElseThrow());
        List<String> hostile = List.of("None", "(#\r[" + "0,".repeat(4096) + "],",
                "x = java.lang.ProcessBuilder(['sh']).start()\n" + stored);
        for (String text : hostile) {
            HttpResponse<String> endpoint = post("/actuator/workflows", Map.of("suspension", text));
            assertThat(endpoint.statusCode()).as("actuator answer to %s", text.substring(0, 4)).isEqualTo(400);
            JsonNode refusal = JSON.readTree(endpoint.body());
            assertThat(refusal.at("/line").asInt()).isPositive();
            assertThat(refusal.at("/column").asInt()).isPositive();
            assertThat(refusal.at("/reason").asString()).isNotBlank();
            assertThat(postForm("/suspensions/summary", text).statusCode()).isEqualTo(400);
        }
    }

    @Test
    void theCheckSummarisesAHugeSharedAwaitWithinItsBudget() {
        Object dag = List.of("x".repeat(100));
        for (int i = 0; i < 16; i++) {
            dag = List.of(dag, dag);
        }
        Suspension waiting = new Suspension("web-dag", "order", 1, null, List.of(),
                new Await.Effect(new Request.EffectCall("warehouse", "reserve", List.of(dag)), List.of(),
                        Instant.parse("2026-01-01T00:00:00Z")),
                List.of(), Suspension.Status.WAITING, null, null);
        String text = this.toText.convert(waiting);
        assertThat(text.length()).isLessThan(5_000);
        HttpResponse<String> response = post("/actuator/workflows", Map.of("suspension", text));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().length()).isLessThan(2_000);
        assertThat(JSON.readTree(response.body()).at("/awaiting").asString())
                .startsWith("Effect[call=EffectCall[effect='warehouse', method='reserve', args=[[[[");
    }

    @Test
    void anyActuatorEndpointTakesASuspensionParameterThroughTheEndpointConverter() {
        String text = this.toText.convert(this.runs.find("web-1").orElseThrow());
        HttpResponse<String> response = get("/actuator/suspensionid?suspension="
                + URLEncoder.encode(text, StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("web-1");
        assertThat(get("/actuator/suspensionid?suspension=" + URLEncoder.encode("os.system('x')",
                StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
    }

    @Test
    void anMvcRequestParameterIsConvertedToASuspension() {
        String text = this.toText.convert(this.runs.find("web-1").orElseThrow());
        HttpResponse<String> response = postForm("/suspensions/summary", text);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("web-1 order WAITING");
    }

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<String> post(String path, Map<String, String> body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    private HttpResponse<String> postForm(String path, String text) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("text=" + URLEncoder.encode(text, StandardCharsets.UTF_8))));
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + this.port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return this.client.send(request.timeout(Duration.ofSeconds(8)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new IllegalStateException("request failed: " + ex, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }

    /** An application's own endpoint with a suspension parameter, converted by the {@code @EndpointConverter}. */
    @Endpoint(id = "suspensionid")
    static class SuspensionIdEndpoint {

        @ReadOperation
        String id(Suspension suspension) {
            return suspension.id();
        }

    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({ Shop.ShopTypes.class, SuspensionController.class, SuspensionIdEndpoint.class })
    static class WorkflowWebApplication {

        private final Calls calls = new Calls();

        @Bean
        OrderWorkflow orderWorkflow() {
            return new OrderWorkflow();
        }

        @Bean
        CountingWarehouse warehouse() {
            return new CountingWarehouse(this.calls);
        }

        @Bean
        CountingPayments payments() {
            return new CountingPayments(this.calls);
        }

    }

    /** An application controller taking a suspension as a request parameter. */
    @RestController
    static class SuspensionController {

        @PostMapping("/suspensions/summary")
        String summary(@RequestParam("text") Suspension suspension) {
            return suspension.id() + " " + suspension.workflow() + " " + suspension.status();
        }

        @ExceptionHandler
        ResponseEntity<String> refused(MethodArgumentTypeMismatchException ex) {
            Throwable cause = ex.getMostSpecificCause();
            if (ex.getCause() != null && ex.getCause().getCause() instanceof InvalidSuspensionTextException invalid) {
                cause = invalid;
            }
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(cause.getMessage());
        }

    }

}
