package io.fauxtp.spring.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.spring.observability.app.ObservedApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The same application with {@code fauxtp.actuator.write-operations.enabled} left at its default: the tree can be
 * read, but restart and terminate are refused with 403 and a message that says how to enable them.
 */
@SpringBootTest(classes = ObservedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.location=classpath:fauxtp-observability.yml,classpath:fauxtp-actuator.yml",
                "fauxtp.actuator.write-operations.enabled=false" })
@DirtiesContext
class WriteOperationsDisabledTests {

    @LocalServerPort
    int port;

    @Autowired
    Node node;

    @Test
    void writeOperationsAreRefusedAndChangeNothing() throws Exception {
        Http http = new Http(this.port);
        Pid before = this.node.registry().whereis("inventory").orElseThrow();
        // docs/actuator.md shows this freshly started application's output.
        Files.writeString(Path.of("target", "readme-health-shop.json"), http.get("/actuator/health/fauxtp/shop").body());
        Files.writeString(Path.of("target", "readme-supervision-shop.json"),
                http.get("/actuator/supervision/shop").body());

        Http.Response restart = http.post("/actuator/supervision/shop/inventory");
        Http.Response terminate = http.delete("/actuator/supervision/shop/inventory");

        for (Http.Response refused : new Http.Response[] { restart, terminate }) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().at("/message").asString())
                    .contains("fauxtp.actuator.write-operations.enabled=true");
        }
        assertThat(this.node.registry().whereis("inventory")).contains(before);
        assertThat(http.get("/actuator/supervision/shop/inventory").json().at("/status").asString())
                .isEqualTo("running");
        Files.writeString(Path.of("target", "readme-refused.json"), restart.body());
    }

}
