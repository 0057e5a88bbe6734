package io.fauxtp.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.genserver.RequestObserver;
import io.fauxtp.spring.ServerRef;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The HTTP benchmark's application started the way http.sh starts it (its own main configuration, a real Tomcat,
 * here on a random port): each variant's endpoint answers with its counter's next value, and a JVM started for
 * one variant runs only that variant.
 */
class HttpBenchApplicationTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    private final List<ConfigurableApplicationContext> started = new ArrayList<>();

    @AfterEach
    void close() {
        started.forEach(ConfigurableApplicationContext::close);
    }

    private ConfigurableApplicationContext start(String profiles, boolean virtualThreads) {
        ConfigurableApplicationContext context = HttpBenchApplication.builder().run("--server.port=0",
                "--spring.profiles.active=" + profiles, "--spring.threads.virtual.enabled=" + virtualThreads);
        started.add(context);
        return context;
    }

    private HttpResponse<String> post(ConfigurableApplicationContext context, String path)
            throws IOException, InterruptedException {
        String port = context.getEnvironment().getRequiredProperty("local.server.port");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(30))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyEndpointCountsItsRequests() throws Exception {
        ConfigurableApplicationContext context = start("fauxtp,pekko,plain", false);
        for (String path : List.of("/fauxtp", "/pekko", "/plain")) {
            for (int expected = 1; expected <= 3; expected++) {
                HttpResponse<String> response = post(context, path);
                assertThat(response.statusCode()).as(path).isEqualTo(200);
                assertThat(response.body()).as(path).isEqualTo(String.valueOf(expected));
            }
        }
    }

    @Test
    void theFauxtpEndpointCallsTheSupervisedGenServer() throws Exception {
        ConfigurableApplicationContext context = start("fauxtp", true);
        ServerRef counter = context.getBeansOfType(ServerRef.class).values().stream()
                .filter(ref -> ref.name().equals("http-counter"))
                .findFirst()
                .orElseThrow();
        assertThat(post(context, "/fauxtp").body()).isEqualTo("1");
        // the same state, reached directly through the server: the endpoint's count lives in the GenServer
        assertThat(counter.call(new FauxtpCounter.Increment(), Long.class)).isEqualTo(2L);
        assertThat(post(context, "/fauxtp").body()).isEqualTo("3");
    }

    @Test
    void aJvmForOneVariantRunsOnlyThatVariant() throws Exception {
        ConfigurableApplicationContext context = start("fauxtp", false);
        assertThat(post(context, "/fauxtp").statusCode()).isEqualTo(200);
        assertThat(post(context, "/pekko").statusCode()).isEqualTo(404);
        assertThat(post(context, "/plain").statusCode()).isEqualTo(404);
        assertThat(context.getBeansOfType(ActorSystem.class)).isEmpty();
    }

    /**
     * The fauxtp variant measures a call as a user of the starter alone makes it: no meter registry (which would
     * time every call of the template) and no observation registry or request observer (which would observe every
     * request in the server), although micrometer is on the benchmarks' class path.
     */
    @Test
    void theFauxtpVariantCallsWithoutMetricsOrObservationAsWithTheStarterAlone() {
        ConfigurableApplicationContext context = start("fauxtp", false);
        assertThat(context.getBeanNamesForType(MeterRegistry.class)).isEmpty();
        assertThat(context.getBeanNamesForType(ObservationRegistry.class)).isEmpty();
        assertThat(context.getBeanNamesForType(RequestObserver.class)).isEmpty();
    }

    @Test
    void closingTheApplicationTerminatesThePekkoActorSystem() throws Exception {
        ConfigurableApplicationContext context = start("pekko", true);
        assertThat(post(context, "/pekko").body()).isEqualTo("1");
        ActorSystem<?> system = context.getBean(ActorSystem.class);
        context.close();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(system.whenTerminated().isCompleted()).isTrue();
    }
}
