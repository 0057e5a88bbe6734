package io.fauxtp.spring.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.spring.ServerRef;
import io.fauxtp.spring.observability.app.InventoryRequest;
import io.fauxtp.spring.observability.app.ObservedApplication;
import io.fauxtp.spring.observability.app.Sessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * Boots {@link ObservedApplication} on a real port and looks at its trees the way an operator does: over HTTP,
 * through {@code /actuator/health}, {@code /actuator/supervision} and {@code /actuator/metrics}.
 */
@SpringBootTest(classes = ObservedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "spring.config.location=classpath:fauxtp-observability.yml,classpath:fauxtp-actuator.yml")
@DirtiesContext
class ObservabilityApplicationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Autowired
    Node node;

    @Autowired
    @Qualifier("inventory")
    ServerRef inventory;

    Http http;

    @BeforeEach
    void client() {
        this.http = new Http(this.port);
    }

    @Test
    void healthShowsEveryTreeNestedWithDetails() throws Exception {
        Http.Response response = this.http.get("/actuator/health");
        JsonNode shop = response.json().at("/components/fauxtp/components/shop");

        assertThat(shop.at("/status").asString()).isEqualTo("UP");
        JsonNode supervisor = shop.at("/components/supervisor/details");
        assertThat(supervisor.at("/pid").asString()).isEqualTo(pid("shop").toString());
        assertThat(supervisor.at("/name").asString()).isEqualTo("shop");
        assertThat(supervisor.at("/maxRestarts").asInt()).isEqualTo(5);
        assertThat(supervisor.at("/within").asString()).isEqualTo("PT10S");
        assertThat(supervisor.has("restartsInWindow")).isTrue();
        JsonNode inventory = shop.at("/components/inventory");
        assertThat(inventory.at("/status").asString()).isEqualTo("UP");
        assertThat(inventory.at("/details/pid").asString()).isEqualTo(pid("inventory").toString());
        assertThat(inventory.at("/details/name").asString()).isEqualTo("inventory");
        assertThat(inventory.at("/details/restart").asString()).isEqualTo("permanent");
        // nested as the tree is nested
        JsonNode ledger = shop.at("/components/payments/components/ledger");
        assertThat(ledger.at("/details/pid").asString()).isEqualTo(pid("ledger").toString());
        assertThat(shop.at("/components/payments/components/supervisor/details/strategy").asString())
                .isEqualTo("one-for-all");
        // one component is addressable by its path
        Http.Response one = this.http.get("/actuator/health/fauxtp/shop/payments/ledger");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().at("/status").asString()).isEqualTo("UP");
        Files.writeString(Path.of("target", "observability-health.json"), response.body());
    }

    @Test
    void aTreeThatGaveUpIsDown() throws Exception {
        for (int crash = 1; crash <= 2; crash++) {
            Pid flaky = await().atMost(PATIENCE).until(() -> this.node.registry().whereis("flaky").orElse(null),
                    p -> p != null);
            this.node.exit(flaky, ExitReason.of("boom " + crash));
            await().atMost(PATIENCE).until(() -> !this.node.isAlive(flaky));
        }

        await().atMost(PATIENCE).untilAsserted(() -> {
            Http.Response health = this.http.get("/actuator/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().at("/components/fauxtp/components/fragile/status").asString())
                    .isEqualTo("DOWN");
            assertThat(health.json().at("/components/fauxtp/status").asString()).isEqualTo("DOWN");
        });
        Files.writeString(Path.of("target", "readme-health-fragile.json"),
                this.http.get("/actuator/health/fauxtp/fragile").body());
        JsonNode fragileHealth = this.http.get("/actuator/health/fauxtp/fragile").json();
        assertThat(fragileHealth.at("/details/maxRestarts").asInt()).isEqualTo(1);
        assertThat(fragileHealth.at("/details/gaveUpAt").isString()).isTrue();
        JsonNode fragile = this.http.get("/actuator/supervision/fragile").json();
        assertThat(fragile.at("/status").asString()).isEqualTo("gave-up");
        assertThat(fragile.at("/intensity/within").asString()).isEqualTo("PT1M");
        // the other trees are not affected
        assertThat(this.http.get("/actuator/health/fauxtp/shop").json().at("/status").asString()).isEqualTo("UP");
    }

    @Test
    void healthAndTheTreeAnswerWhileAChildIsStuckInACallback() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> stuckCall = CompletableFuture.supplyAsync(() -> this.inventory
                .call(new InventoryRequest.Block(entered, release), Integer.class, Duration.ofMinutes(1)));
        try {
            assertThat(entered.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

            // Both requests time out (Http.REQUEST_TIMEOUT) if they wait for the stuck server.
            Http.Response health = this.http.get("/actuator/health/fauxtp/shop/inventory");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().at("/status").asString()).isEqualTo("UP");
            JsonNode child = this.http.get("/actuator/supervision/shop/inventory").json();
            assertThat(child.at("/status").asString()).isEqualTo("running");
            assertThat(child.at("/state").asString()).startsWith("unavailable");
            assertThat(stuckCall).isNotDone();
        }
        finally {
            release.countDown();
        }
        assertThat(stuckCall.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void theEndpointReturnsTheForest() throws Exception {
        this.inventory.call(new InventoryRequest.Add(3), Integer.class);
        Http.Response response = this.http.get("/actuator/supervision");
        assertThat(response.status()).isEqualTo(200);
        JsonNode shop = findById(response.json().at("/supervisors"), "shop");

        assertThat(shop.at("/pid").asString()).isEqualTo(pid("shop").toString());
        assertThat(shop.at("/strategy").asString()).isEqualTo("one-for-one");
        assertThat(shop.at("/intensity/maxRestarts").asInt()).isEqualTo(5);
        assertThat(shop.at("/intensity/within").asString()).isEqualTo("PT10S");
        assertThat(shop.at("/status").asString()).isEqualTo("running");
        JsonNode inventory = findById(shop.at("/children"), "inventory");
        assertThat(inventory.at("/pid").asString()).isEqualTo(pid("inventory").toString());
        assertThat(inventory.at("/name").asString()).isEqualTo("inventory");
        assertThat(inventory.at("/behaviour").asString()).isEqualTo("inventory");
        assertThat(inventory.at("/status").asString()).isEqualTo("running");
        assertThat(inventory.at("/type").asString()).isEqualTo("worker");
        assertThat(inventory.at("/mailboxSize").asInt()).isZero();
        assertThat(inventory.at("/restarts").isInt()).isTrue();
        assertThat(Duration.parse(inventory.at("/uptime").asString()).isNegative()).isFalse();
        // the opt-in state view, and no state at all for a behaviour that did not opt in
        assertThat(inventory.at("/state/items").asInt()).isGreaterThanOrEqualTo(3);
        JsonNode sessions = findById(shop.at("/children"), "sessions");
        assertThat(sessions.at("/state").isNull() || sessions.at("/state").isMissingNode()).isTrue();
        assertThat(response.body()).doesNotContain(Sessions.SECRET);
        // a nested supervisor, with its own children
        JsonNode payments = findById(shop.at("/children"), "payments");
        assertThat(payments.at("/type").asString()).isEqualTo("supervisor");
        assertThat(payments.at("/supervisor/strategy").asString()).isEqualTo("one-for-all");
        assertThat(findById(payments.at("/supervisor/children"), "ledger").at("/behaviour").asString())
                .isEqualTo("ledger");
        Files.writeString(Path.of("target", "observability-supervision.json"), response.body());
    }

    @Test
    void oneSubtreeByPath() {
        Http.Response ledger = this.http.get("/actuator/supervision/shop/payments/ledger");
        assertThat(ledger.status()).isEqualTo(200);
        assertThat(ledger.json().at("/id").asString()).isEqualTo("ledger");
        assertThat(ledger.json().at("/pid").asString()).isEqualTo(pid("ledger").toString());

        Http.Response payments = this.http.get("/actuator/supervision/shop/payments");
        assertThat(payments.json().at("/supervisor/children/0/id").asString()).isEqualTo("ledger");
        Http.Response shop = this.http.get("/actuator/supervision/shop");
        assertThat(shop.json().at("/strategy").asString()).isEqualTo("one-for-one");

        assertThat(this.http.get("/actuator/supervision/shop/nothing").status()).isEqualTo(404);
        assertThat(this.http.get("/actuator/supervision/nothing").status()).isEqualTo(404);
    }

    @Test
    void writeOperationsRestartAndTerminateAChild() {
        Pid before = pid("sessions");
        Http.Response restarted = this.http.post("/actuator/supervision/shop/sessions");
        assertThat(restarted.status()).isEqualTo(200);
        Pid after = pid("sessions");
        assertThat(after).isNotEqualTo(before);
        assertThat(this.node.isAlive(before)).isFalse();
        assertThat(restarted.json().at("/pid").asString()).isEqualTo(after.toString());

        Http.Response terminated = this.http.delete("/actuator/supervision/shop/sessions");
        assertThat(terminated.status()).isEqualTo(200);
        assertThat(this.node.registry().whereis("sessions")).isEmpty();
        assertThat(this.node.isAlive(after)).isFalse();
        JsonNode sessions = this.http.get("/actuator/supervision/shop/sessions").json();
        assertThat(sessions.at("/status").asString()).isEqualTo("terminated");
        assertThat(sessions.at("/lastExitReason").asString()).isEqualTo("shutdown");
        assertThat(sessions.has("pid")).isFalse();
        // a permanent child that is not running is DOWN
        assertThat(this.http.get("/actuator/health/fauxtp/shop/sessions").json().at("/status").asString())
                .isEqualTo("DOWN");

        assertThat(this.http.post("/actuator/supervision/shop/sessions").status()).isEqualTo(200);
        assertThat(this.node.registry().whereis("sessions")).isPresent();
        assertThat(this.http.post("/actuator/supervision/shop/nothing").status()).isEqualTo(404);
    }

    @Test
    void metricsMoveWithTheProcesses() throws Exception {
        assertThat(measurement("/actuator/metrics/fauxtp.processes")).isGreaterThan(0);
        assertThat(measurement("/actuator/metrics/fauxtp.supervisors")).isGreaterThanOrEqualTo(2);
        assertThat(measurement("/actuator/metrics/fauxtp.mailbox.depth")).isGreaterThanOrEqualTo(0);
        assertThat(measurement("/actuator/metrics/fauxtp.process.mailbox.depth?tag=name:inventory")).isZero();

        double messages = measurement("/actuator/metrics/fauxtp.messages.sent");
        // Boot's ObservationRegistry is there: a call is timed by its observation, not by fauxtp.calls as well
        String sent = "/actuator/metrics/fauxtp.genserver?tag=fauxtp.side:send&tag=fauxtp.kind:call"
                + "&tag=fauxtp.server:inventory&tag=error:none";
        double calls = countOrZero(sent);
        this.inventory.call(new InventoryRequest.Add(1), Integer.class);
        this.inventory.call(new InventoryRequest.Count(), Integer.class);
        assertThat(measurement(sent)).isEqualTo(calls + 2);
        assertThat(this.http.get("/actuator/metrics/fauxtp.calls").status()).isEqualTo(404);
        assertThat(measurement("/actuator/metrics/fauxtp.messages.sent")).isGreaterThan(messages);

        double restarts = countOrZero("/actuator/metrics/fauxtp.supervisor.child.restarts?tag=supervisor:payments");
        double killed = measurement("/actuator/metrics/fauxtp.process.exits?tag=reason:killed");
        Pid ledger = pid("ledger");
        this.node.exit(ledger, ExitReason.KILL);
        await().atMost(PATIENCE).untilAsserted(() -> {
            // payments is one-for-all: ledger and audit are both restarted
            assertThat(countOrZero("/actuator/metrics/fauxtp.supervisor.child.restarts?tag=supervisor:payments"))
                    .isEqualTo(restarts + 2);
            assertThat(measurement("/actuator/metrics/fauxtp.process.exits?tag=reason:killed"))
                    .isGreaterThan(killed);
            assertThat(countOrZero(
                    "/actuator/metrics/fauxtp.supervisor.child.exits?tag=supervisor:payments&tag=reason:killed"))
                    .isGreaterThanOrEqualTo(1);
        });

        Files.writeString(Path.of("target", "readme-metrics-restarts.json"),
                this.http.get("/actuator/metrics/fauxtp.supervisor.child.restarts?tag=supervisor:payments").body());

        // a mailbox gauge follows its name: gone with the name, back when it is registered again
        String sessionsGauge = "/actuator/metrics/fauxtp.process.mailbox.depth?tag=name:sessions";
        assertThat(this.http.get(sessionsGauge).status()).isEqualTo(200);
        assertThat(this.http.delete("/actuator/supervision/shop/sessions").status()).isEqualTo(200);
        assertThat(this.http.get(sessionsGauge).status()).isEqualTo(404);
        assertThat(this.http.post("/actuator/supervision/shop/sessions").status()).isEqualTo(200);
        assertThat(this.http.get(sessionsGauge).status()).isEqualTo(200);
    }

    @Test
    void theEndpointHealthAndMetersCountRestartsAlike() {
        String meter = "/actuator/metrics/fauxtp.supervisor.child.restarts?tag=supervisor:payments";
        double meterBefore = countOrZero(meter);
        JsonNode before = this.http.get("/actuator/supervision/shop/payments").json().at("/supervisor");
        long decisionsBefore = before.at("/intensity/restartsSinceStart").asLong();

        this.node.exit(pid("ledger"), ExitReason.KILL);

        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode payments = this.http.get("/actuator/supervision/shop/payments").json().at("/supervisor");
            // one restart decision of a one-for-all supervisor restarts both children
            assertThat(payments.at("/intensity/restartsSinceStart").asLong()).isEqualTo(decisionsBefore + 1);
            assertThat(restarts(payments) - restarts(before)).isEqualTo(2);
            // the meter counts what the children's restarts add up to
            assertThat(countOrZero(meter) - meterBefore).isEqualTo(restarts(payments) - restarts(before));
            for (String child : new String[] { "ledger", "audit" }) {
                assertThat(this.http.get("/actuator/health/fauxtp/shop/payments/" + child).json()
                        .at("/details/restarts").asInt())
                        .isEqualTo(findById(payments.at("/children"), child).at("/restarts").asInt());
            }
        });
    }

    private static long restarts(JsonNode supervisor) {
        long sum = 0;
        for (JsonNode child : supervisor.at("/children")) {
            sum += child.at("/restarts").asLong();
        }
        return sum;
    }

    private double measurement(String path) {
        Http.Response response = this.http.get(path);
        assertThat(response.status()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return response.json().at("/measurements/0/value").asDouble();
    }

    private double countOrZero(String path) {
        Http.Response response = this.http.get(path);
        return (response.status() == 404) ? 0 : response.json().at("/measurements/0/value").asDouble();
    }

    private Pid pid(String name) {
        return this.node.registry().whereis(name).orElseThrow(() -> new AssertionError(name + " is not running"));
    }

    private static JsonNode findById(JsonNode array, String id) {
        for (JsonNode element : array) {
            if (id.equals(element.at("/id").asString())) {
                return element;
            }
        }
        throw new AssertionError("no element with id " + id + " in " + array);
    }

}
