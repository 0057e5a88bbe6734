package io.fauxtp.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.process.Node;
import io.fauxtp.spring.GenServer;
import io.fauxtp.spring.ServerRef;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The trees stop after the web server: a request still in flight when the application starts shutting down can
 * call its GenServer, because the server drains requests (graceful shutdown) before the trees stop.
 */
class GracefulShutdownTests {

    @Test
    void aRequestInFlightDuringShutdownStillReachesItsServer() throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(WebApp.class)
                .properties("server.port=0", "server.shutdown=graceful",
                        "fauxtp.supervisors.web.children[0].name=answer",
                        "fauxtp.supervisors.web.children[0].gen-server=answerServer")
                .run();
        Gate gate = context.getBean(Gate.class);
        Node node = context.getBean(Node.class);
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        try (HttpClient client = HttpClient.newHttpClient()) {
            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/answer")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(gate.entered.await(10, TimeUnit.SECONDS)).as("request reached the controller").isTrue();

            Thread closer = Thread.ofVirtual().name("closer").start(context::close);
            // Graceful shutdown has begun once the server refuses new connections.
            await().atMost(Duration.ofSeconds(10)).until(() -> !accepts(port));
            assertThat(node.processCount()).as("trees still running while requests drain").isPositive();
            gate.release.countDown();

            HttpResponse<String> response = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("42");
            closer.join(Duration.ofSeconds(30));
            assertThat(closer.isAlive()).isFalse();
        }
        finally {
            gate.release.countDown();
            context.close();
        }
        assertThat(node.isClosed()).isTrue();
        assertThat(node.processCount()).isZero();
    }

    private static boolean accepts(int port) {
        try (HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpResponse<Void> response = probe.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/ping"))
                            .timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // Spring Boot's test type filter keeps component scanning away from a test's nested classes: import them.
    @SpringBootApplication
    @Import({ AnswerServer.class, AnswerController.class })
    static class WebApp {

        @org.springframework.context.annotation.Bean
        Gate gate() {
            return new Gate();
        }

    }

    /** Holds the request in the controller until the test lets it go. */
    static class Gate {

        final CountDownLatch entered = new CountDownLatch(1);

        final CountDownLatch release = new CountDownLatch(1);

    }

    @GenServer("answerServer")
    static class AnswerServer implements io.fauxtp.genserver.GenServer<Integer> {

        @Override
        public Integer init(Object args) {
            return 42;
        }

        @Override
        public CallResult<Integer> handleCall(Object request, From from, Integer answer) {
            return CallResult.reply(answer, answer);
        }

    }

    @RestController
    static class AnswerController {

        private final ServerRef answer;

        private final Gate gate;

        AnswerController(@Qualifier("answer") ServerRef answer, Gate gate) {
            this.answer = answer;
            this.gate = gate;
        }

        @GetMapping("/answer")
        String answer() throws InterruptedException {
            this.gate.entered.countDown();
            this.gate.release.await(30, TimeUnit.SECONDS);
            return String.valueOf(this.answer.call("question", Integer.class));
        }

        @GetMapping("/ping")
        String ping() {
            return "pong";
        }

    }

}
