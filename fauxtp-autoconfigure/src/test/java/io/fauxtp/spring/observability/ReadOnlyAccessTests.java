package io.fauxtp.spring.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.spring.observability.app.ObservedApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import io.fauxtp.genserver.CallExitException;
import io.fauxtp.spring.ServerRef;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import tools.jackson.databind.JsonNode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The same application with the {@code supervision} endpoint exposed but its access left at the default
 * ({@code read-only}, from {@code @Endpoint(defaultAccess = READ_ONLY)}): the tree can be read, and Spring Boot does
 * not map restart and terminate at all, so they answer 405 and change nothing; and its {@code show-values} at the
 * default ({@code never}): no formatted state, no exception message. No Spring Security here: the
 * secured variant is {@code EndpointsSecuredTests}.
 */
@SpringBootTest(classes = ObservedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.location=classpath:fauxtp-observability.yml",
                "management.endpoints.web.exposure.include=health,supervision",
                "management.endpoint.health.show-details=always" })
@DirtiesContext
class ReadOnlyAccessTests {

    @LocalServerPort
    int port;

    @Autowired
    Node node;

    @Autowired
    @Qualifier("inventory")
    ServerRef inventory;

    @Test
    void writeOperationsAreNotMappedByDefaultAndChangeNothing() throws Exception {
        Http http = new Http(this.port);
        Pid before = this.node.registry().whereis("inventory").orElseThrow();
        // docs/actuator.md shows this freshly started application's output.
        Files.writeString(Path.of("target", "readme-health-shop.json"), http.get("/actuator/health/fauxtp/shop").body());
        Files.writeString(Path.of("target", "readme-supervision-shop.json"),
                http.get("/actuator/supervision/shop").body());

        Http.Response restart = http.post("/actuator/supervision/shop/inventory");
        Http.Response terminate = http.delete("/actuator/supervision/shop/inventory");

        assertThat(restart.status()).isEqualTo(405);
        assertThat(terminate.status()).isEqualTo(405);
        assertThat(this.node.registry().whereis("inventory")).contains(before);
        assertThat(http.get("/actuator/supervision/shop/inventory").json().at("/status").asString())
                .isEqualTo("running");
    }

    @Test
    void valuesAreHiddenByDefault() {
        Http http = new Http(this.port);
        Pid before = this.node.registry().whereis("inventory").orElseThrow();
        // a request the server does not understand: it crashes with the request in the exception's message
        assertThatExceptionOfType(CallExitException.class)
                .isThrownBy(() -> this.inventory.call("card 4111-1111-1111-1111", Integer.class));
        await().atMost(Duration.ofSeconds(10)).until(() -> this.node.registry().whereis("inventory")
                .filter(pid -> !pid.equals(before)).isPresent());

        Http.Response tree = http.get("/actuator/supervision");
        JsonNode inventory = http.get("/actuator/supervision/shop/inventory").json();
        assertThat(inventory.at("/lastExitReason").asString())
                .isEqualTo("abnormal: java.lang.IllegalArgumentException");
        // the behaviour offers a state view, but it is not shown (and the server is not asked)
        assertThat(inventory.at("/state").asString()).isEqualTo("******");
        assertThat(tree.body()).doesNotContain("4111");
    }

}
