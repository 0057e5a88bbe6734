package io.fauxtp.spring.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.testkit.OrderFixture.Order;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The {@code workflows} endpoint at its default {@code show-values} ({@code never}): a run's text, which holds the
 * order's customer, is {@code ******}; the run list still says what each run awaits.
 */
@SpringBootTest(classes = WorkflowWebApplicationTests.WorkflowWebApplication.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "management.endpoints.web.exposure.include=workflows",
                "fauxtp.workflow.store.h2-path=target/test-workflows/values-${random.uuid}" })
@DirtiesContext
class WorkflowsShowValuesTests {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(8)).build();

    @LocalServerPort
    int port;

    @Autowired
    WorkflowRuns runs;

    @Test
    void aRunsTextIsHiddenByDefault() throws Exception {
        this.runs.start("order", "secret-1", new Order("o-9", "customer-ann-smith", 1250));

        HttpResponse<String> text = get("/actuator/workflows/secret-1");
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.body()).isEqualTo("******");
        assertThat(get("/actuator/workflows/no-such-run").statusCode()).isEqualTo(404);
        HttpResponse<String> list = get("/actuator/workflows");
        assertThat(list.body()).contains("secret-1", "signal shipped").doesNotContain("customer-ann-smith", "jdbc:");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
                .timeout(Duration.ofSeconds(8)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

}
