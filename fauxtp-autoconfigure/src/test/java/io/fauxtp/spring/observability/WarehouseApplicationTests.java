package io.fauxtp.spring.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.spring.ServerRef;
import io.fauxtp.spring.observability.warehouses.WarehouseApplication;
import io.fauxtp.spring.observability.warehouses.Warehouses;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * Boots {@link WarehouseApplication} on a real port, opens warehouses at run time through the dynamic supervisor,
 * and looks at them over HTTP: children started from Spring code are in health, the supervision endpoint and the
 * metrics like any declared child.
 */
@SpringBootTest(classes = WarehouseApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "spring.config.location=classpath:fauxtp-warehouses.yml,classpath:fauxtp-actuator.yml")
@DirtiesContext
class WarehouseApplicationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Autowired
    Node node;

    @Autowired
    Warehouses warehouses;

    @AfterEach
    void closeAll() {
        this.warehouses.close("north");
        this.warehouses.close("south");
    }

    @Test
    void childrenStartedAtRunTimeAreInTheSupervisionEndpointAndHealth() {
        this.warehouses.open("north", 500);
        this.warehouses.open("south", 80);
        Http http = new Http(this.port);

        Http.Response response = http.get("/actuator/supervision");
        assertThat(response.status()).isEqualTo(200);
        JsonNode tree = findBy(response.json().at("/supervisors"), "/id", "warehouses");
        JsonNode north = findBy(tree.at("/children"), "/name", "north");
        assertThat(north.at("/id").asString()).isEqualTo("warehouse#1");
        assertThat(north.at("/pid").asString()).isEqualTo(pid("north").toString());
        assertThat(north.at("/behaviour").asString()).isEqualTo("warehouse");
        assertThat(north.at("/status").asString()).isEqualTo("running");
        assertThat(findBy(tree.at("/children"), "/name", "south").at("/id").asString()).isEqualTo("warehouse#2");

        JsonNode health = http.get("/actuator/health").json().at("/components/fauxtp/components/warehouses");
        assertThat(health.at("/status").asString()).isEqualTo("UP");
        assertThat(health.at("/components/warehouse#1/details/name").asString()).isEqualTo("north");
        assertThat(health.at("/components/warehouse#2/details/name").asString()).isEqualTo("south");

        assertThat(this.warehouses.close("south")).isTrue();
        JsonNode after = findBy(http.get("/actuator/supervision").json().at("/supervisors"), "/id", "warehouses");
        assertThat(after.at("/children")).hasSize(1);
    }

    @Test
    void aCrashedRuntimeChildIsRestartedUnderItsNameAndCountedInTheMetrics() {
        ServerRef north = this.warehouses.open("north", 500);
        Http http = new Http(this.port);
        Pid before = pid("north");
        this.node.exit(before, ExitReason.KILL);

        await().atMost(PATIENCE).until(() -> north.whereis().filter(pid -> !pid.equals(before)).isPresent());
        assertThat(north.call("capacity", Integer.class)).isEqualTo(500);
        assertThat(this.warehouses.find("north")).isPresent();
        await().atMost(PATIENCE).untilAsserted(() -> {
            Http.Response restarts = http.get("/actuator/metrics/fauxtp.supervisor.child.restarts?tag=supervisor:warehouses");
            assertThat(restarts.status()).as(restarts.body()).isEqualTo(200);
            assertThat(restarts.json().at("/measurements/0/value").asDouble()).isGreaterThanOrEqualTo(1);
        });
    }

    private Pid pid(String name) {
        return this.node.registry().whereis(name).orElseThrow(() -> new AssertionError(name + " is not running"));
    }

    private static JsonNode findBy(JsonNode array, String field, String value) {
        for (JsonNode element : array) {
            if (value.equals(element.at(field).asString())) {
                return element;
            }
        }
        throw new AssertionError("no element with " + field + " " + value + " in " + array);
    }

}
