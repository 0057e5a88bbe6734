package io.fauxtp.spring.observability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for the running test application's actuator. */
final class Http {

    /** Far longer than any answer takes; far shorter than a test's blocked callback lasts. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

    private final int port;

    private final @Nullable String authorization;

    Http(int port) {
        this(port, null);
    }

    private Http(int port, @Nullable String authorization) {
        this.port = port;
        this.authorization = authorization;
    }

    /** The same client, sending HTTP basic credentials with every request. */
    Http as(String user, String password) {
        String credentials = user + ":" + password;
        return new Http(this.port,
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }

    /** A response: its status and body as JSON (a missing node when the body is empty). */
    record Response(int status, String body) {

        JsonNode json() {
            return this.body.isBlank() ? JSON.missingNode() : JSON.readTree(this.body);
        }

    }

    Response get(String path) {
        return send(request(path).GET());
    }

    Response post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    Response postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response delete(String path) {
        return send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        return (this.authorization != null) ? builder.header("Authorization", this.authorization) : builder;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        }
        catch (IOException ex) {
            throw new IllegalStateException("request failed: " + ex, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }

}
