package io.fauxtp.spring.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.text.LoadLimits;
import io.fauxtp.text.TextCodec;
import io.fauxtp.workflow.Await;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.SuspensionCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.converter.autoconfigure.ClientHttpMessageConvertersCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Suspensions as HTTP bodies in a real web application, driven by a real HTTP client: a {@code @RequestBody
 * Suspension} in, a {@code Suspension} return value out, and a refused text answered with a 400 problem detail
 * giving line, column and reason.
 */
@SpringBootTest(classes = SuspensionHttpBodyTests.SuspensionApplication.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "spring.mvc.problemdetails.enabled=true", "fauxtp.workflow.store.in-memory=true" })
class SuspensionHttpBodyTests {

    /** Far below the default, so that a body over it is cheap to send. */
    static final int MAX_INPUT_CHARS = 20_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(8)).build();

    @LocalServerPort
    int port;

    @Autowired
    SuspensionCodec codec;

    @Autowired
    List<ClientHttpMessageConvertersCustomizer> clientCustomizers;

    @Test
    void aSuspensionGoesInAsARequestBodyAndComesBackAsAResponseBody() {
        Suspension waiting = waiting("run-1", new Parcel("p-1", 3));
        String text = this.codec.dump(waiting);

        HttpResponse<String> put = send(this.port, "PUT", "/suspensions/run-1", "text/plain", text);
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.body()).isEqualTo("stored run-1 WAITING");

        HttpResponse<String> get = send(this.port, "GET", "/suspensions/run-1", null, null);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
        assertThat(get.body()).isEqualTo(text).contains("test.Parcel('p-1', 3)");
        assertThat(this.codec.load(get.body())).isEqualTo(waiting);
    }

    @Test
    void aRestClientWithBootsClientCustomizersSendsAndReadsSuspensions() {
        RestClient client = RestClient.builder().baseUrl("http://localhost:" + this.port)
                .configureMessageConverters(builder -> this.clientCustomizers
                        .forEach(customizer -> customizer.customize(builder)))
                .build();
        Suspension waiting = waiting("run-client", new Parcel("p-c", 2));
        String stored = client.put().uri("/suspensions/run-client").contentType(MediaType.TEXT_PLAIN)
                .body(waiting).retrieve().body(String.class);
        assertThat(stored).isEqualTo("stored run-client WAITING");
        assertThat(client.get().uri("/suspensions/run-client").retrieve().body(Suspension.class))
                .isEqualTo(waiting);
    }

    @Test
    void theRequestsCharsetIsHonoured() {
        Suspension waiting = waiting("run-latin", new Parcel("colis-é", 1));
        HttpResponse<String> put = send(this.port, "PUT", "/suspensions/run-latin", "text/plain;charset=ISO-8859-1",
                this.codec.dump(waiting).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(this.codec.load(send(this.port, "GET", "/suspensions/run-latin", null, null).body()))
                .isEqualTo(waiting);
    }

    @Test
    void aBadSuspensionIsA400ProblemDetailWithLineColumnAndReason() {
        String text = this.codec.dump(waiting("run-2", new Parcel("p-2", 1)))
                .replace("test.Parcel('p-2', 1)", "os.system('rm -rf /')");

        HttpResponse<String> response = send(this.port, "POST", "/suspensions/check", "text/plain", text);

        assertProblem(response, "/suspensions/check");
        JsonNode problem = JSON.readTree(response.body());
        int at = text.indexOf("os.system");
        int line = (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
        int column = at - text.lastIndexOf('\n', at);
        assertThat(problem.at("/line").asInt()).isEqualTo(line);
        assertThat(problem.at("/column").asInt()).isEqualTo(column);
        assertThat(problem.at("/reason").asString()).contains("os.system");
        assertThat(problem.at("/detail").asString()).isEqualTo("Not a valid suspension text at line " + line
                + ", column " + column + ": " + problem.at("/reason").asString());
    }

    @Test
    void noneIsNotASuspension() {
        HttpResponse<String> response = send(this.port, "POST", "/suspensions/check", "text/plain", "None");
        assertProblem(response, "/suspensions/check");
        // the example of docs/spring-boot.md#suspensions-over-http
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("""
                {"detail": "Not a valid suspension text at line 1, column 1: expected the document to hold a Suspension, it holds None",
                 "instance": "/suspensions/check", "status": 400, "title": "Invalid suspension text", "line": 1, "column": 1,
                 "reason": "expected the document to hold a Suspension, it holds None"}
                """));
    }

    @Test
    void aBodyOverTheInputLimitIsRefusedUnread() {
        String huge = "[" + "0, ".repeat(1_000_000) + "]";   // 3 MB, 150 times the limit
        HttpResponse<String> response = send(this.port, "POST", "/suspensions/check", "text/plain", huge);
        assertProblem(response, "/suspensions/check");
        assertThat(JSON.readTree(response.body()).at("/reason").asString())
                .isEqualTo("the body is longer than " + MAX_INPUT_CHARS
                        + " characters, the limit of a suspension text (LoadLimits.maxInputChars)");
    }

    @Test
    void aBadSuspensionInARequestParameterIsTheSameProblemDetail() {
        HttpResponse<String> response = send(this.port, "GET", "/suspensions/check/None", null, null);
        assertProblem(response, "/suspensions/check/None");
    }

    @Test
    void withoutProblemDetailsSwitchedOnABadSuspensionIsStillA400WithItsPosition() {
        try (ConfigurableApplicationContext plain = new SpringApplicationBuilder(SuspensionApplication.class)
                .properties("server.port=0", "fauxtp.workflow.store.in-memory=true").run()) {
            int plainPort = ((WebServerApplicationContext) plain).getWebServer().getPort();
            HttpResponse<String> response = send(plainPort, "POST", "/suspensions/check", "text/plain", "None");
            assertProblem(response, "/suspensions/check");
        }
    }

    private static void assertProblem(HttpResponse<String> response, String path) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.at("/status").asInt()).isEqualTo(400);
        assertThat(problem.at("/title").asString()).isEqualTo("Invalid suspension text");
        assertThat(problem.at("/instance").asString()).isEqualTo(path);
        assertThat(problem.at("/line").asInt()).isPositive();
        assertThat(problem.at("/column").asInt()).isPositive();
        assertThat(problem.at("/reason").asString()).isNotBlank();
        assertThat(problem.at("/detail").asString()).startsWith("Not a valid suspension text at line ");
    }

    private static Suspension waiting(String id, Parcel parcel) {
        return new Suspension(id, "delivery", 1, parcel, List.of(),
                new Await.Timer(Duration.ofHours(1), Instant.parse("2026-01-01T00:00:00Z")), List.of(), Suspension.Status.WAITING, null,
                null);
    }

    private static HttpResponse<String> send(int port, String method, String path, String contentType,
            Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30));
        HttpRequest.BodyPublisher publisher = switch (body) {
            case null -> HttpRequest.BodyPublishers.noBody();
            case byte[] bytes -> HttpRequest.BodyPublishers.ofByteArray(bytes);
            default -> HttpRequest.BodyPublishers.ofString(body.toString());
        };
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return CLIENT.send(request.method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new IllegalStateException("request failed: " + ex, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }

    record Parcel(String id, int items) {
    }

    // tag::suspension-controller[]
    @RestController
    static class SuspensionController {

        private final Map<String, Suspension> held = new ConcurrentHashMap<>();

        /** A suspension as the request body: text/plain, refused with a 400 problem detail when invalid. */
        @PutMapping("/suspensions/{id}")
        String put(@PathVariable String id, @RequestBody Suspension suspension) {
            this.held.put(id, suspension);
            return "stored " + suspension.id() + " " + suspension.status();
        }

        /** A suspension as the response body: its text, as text/plain. */
        @GetMapping("/suspensions/{id}")
        Suspension get(@PathVariable String id) {
            return this.held.get(id);
        }

    }
    // end::suspension-controller[]

    @RestController
    static class CheckController {

        @PostMapping("/suspensions/check")
        String check(@RequestBody Suspension suspension) {
            return suspension.id();
        }

        @GetMapping("/suspensions/check/{text}")
        String checkParameter(@PathVariable("text") Suspension suspension) {
            return suspension.id();
        }

    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({ SuspensionController.class, CheckController.class })
    static class SuspensionApplication {

        @Bean
        TextCodec parcelTypes() {
            return TextCodec.builder().record(Parcel.class, "test.Parcel")
                    .limits(LoadLimits.defaults().withMaxInputChars(MAX_INPUT_CHARS)).build();
        }

    }

}
