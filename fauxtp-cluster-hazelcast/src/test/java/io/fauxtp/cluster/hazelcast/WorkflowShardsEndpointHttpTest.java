package io.fauxtp.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.fauxtp.workflow.WorkflowDefinition;
import io.fauxtp.workflow.WorkflowSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The shards of the workflow runs ({@code fauxtp.workflows}) in the {@code cluster} actuator endpoint and in the
 * {@code metrics} endpoint, over real HTTP: two applications in one JVM share an H2 database, the first serves the
 * actuator on a random port. Runs started from either member show as entities on the member that owns their shard,
 * the allocation shows both members' shards, and when the second member stops the first takes its shards and runs
 * over (its takeovers counter and its entities say so).
 */
class WorkflowShardsEndpointHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int SHARDS = 12;
    private static final int RUNS = 24;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(8)).build();
    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();
    private final String cluster = "fauxtp-endpoint-" + UUID.randomUUID();
    private final String database = "endpoint-" + UUID.randomUUID();

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
        @Bean
        Config hazelcastConfig(@Value("${test.cluster}") String cluster) {
            return TestClusters.config(cluster);
        }

        @Bean
        WorkflowSpec order() {
            WorkflowDefinition<String, String> awaitShipping = (ctx, id) -> ctx.awaitSignal("shipped", String.class);
            return WorkflowSpec.of("order", 1, awaitShipping);
        }
    }

    @AfterEach
    void close() {
        apps.reversed().forEach(ConfigurableApplicationContext::close);
    }

    private ConfigurableApplicationContext start(WebApplicationType web) {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).web(web)
                .properties("test.cluster=" + cluster,
                        "spring.datasource.url=jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1",
                        "server.port=0",
                        "fauxtp.cluster.enabled=true",
                        // The members share this JVM's in-memory database: allowed for tests only.
                        "fauxtp.workflow.store.in-memory=true",
                        "fauxtp.cluster.in-memory-database-allowed=true",
                        "fauxtp.cluster.singleton-lease=3s",
                        "fauxtp.cluster.workflow-shards=" + SHARDS,
                        "management.endpoints.web.exposure.include=cluster,metrics")
                .run();
        apps.add(app);
        return app;
    }

    @Test
    void theClusterAndMetricsEndpointsShowTheWorkflowShardsOfEachMemberAndTheirRuns() throws Exception {
        ConfigurableApplicationContext first = start(WebApplicationType.SERVLET);
        ConfigurableApplicationContext second = start(WebApplicationType.NONE);
        int port = ((WebServerApplicationContext) first).getWebServer().getPort();
        ShardRegion here = first.getBean(ClusterWorkflows.class).region();
        ShardRegion there = second.getBean(ClusterWorkflows.class).region();
        UUID secondMember = second.getBean(FauxtpCluster.class).localMember();
        await().atMost(WAIT).until(() -> here.stats().shards() + there.stats().shards() == SHARDS
                && here.stats().shards() > 0 && there.stats().shards() > 0);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {   // started from both members; each runs on the owner of its shard
            String id = "order-" + i;
            ids.add(id);
            (i % 2 == 0 ? first : second).getBean(ClusterWorkflows.class).start("order", id, id);
        }
        long ownedHere = ids.stream().filter(id -> !here.ownerOf(id).equals(secondMember)).count();
        assertThat(ownedHere).as("runs on each member").isBetween(1L, RUNS - 1L);

        await().atMost(WAIT).untilAsserted(() -> {
            DocumentContext view = workflowShards(port);
            assertThat(view.read("$.shards", Integer.class)).isEqualTo(SHARDS);
            assertThat(view.read("$.ownedHere", Integer.class)).isEqualTo(here.stats().shards());
            Map<String, Integer> allocation = view.read("$.allocation");
            assertThat(allocation).hasSize(2).containsEntry(secondMember.toString(), there.stats().shards());
            assertThat(allocation.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(SHARDS);
            assertThat(view.read("$.entities", Long.class)).as("runs whose process runs on this member")
                    .isEqualTo(ownedHere);
            assertThat(meter(port, "fauxtp.shards.entities")).isEqualTo((double) ownedHere);
            assertThat(meter(port, "fauxtp.shards.owned")).isEqualTo(here.stats().shards());
        });
        int shardsOfSecond = there.stats().shards();

        second.close();   // the first member takes its shards over and starts a process for each of its runs
        apps.remove(second);
        await().atMost(WAIT).untilAsserted(() -> {
            DocumentContext view = workflowShards(port);
            assertThat(view.read("$.ownedHere", Integer.class)).isEqualTo(SHARDS);
            assertThat(view.read("$.allocation", Map.class)).hasSize(1);
            assertThat(view.read("$.entities", Integer.class)).isEqualTo(RUNS);
            assertThat(view.read("$.takeovers", Integer.class)).isEqualTo(shardsOfSecond);
            assertThat(meter(port, "fauxtp.shards.takeovers")).isEqualTo(shardsOfSecond);
            assertThat(meter(port, "fauxtp.shards.entities")).isEqualTo(RUNS);
        });
    }

    /** The entry of the workflow runs' shards in {@code GET /actuator/cluster}. */
    private DocumentContext workflowShards(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = get(port, "/actuator/cluster");
        assertThat(response.statusCode()).isEqualTo(200);
        List<Map<String, Object>> types = JsonPath.read(response.body(),
                "$.shards[?(@.type == '" + ClusterWorkflows.SHARD_TYPE + "')]");
        assertThat(types).as("sharded types in %s", response.body()).hasSize(1);
        return JsonPath.parse(types.getFirst());
    }

    /** The value of meter {@code name} of the workflow runs' shards, from {@code GET /actuator/metrics/<name>}. */
    private double meter(int port, String name) throws IOException, InterruptedException {
        HttpResponse<String> response = get(port, "/actuator/metrics/" + name + "?tag=type:"
                + ClusterWorkflows.SHARD_TYPE);
        assertThat(response.statusCode()).as("%s: %s", name, response.body()).isEqualTo(200);
        return JsonPath.parse(response.body()).read("$.measurements[0].value", Double.class);
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(8)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
