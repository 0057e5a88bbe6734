package io.fauxtp.sample.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample application as a user meets it: the packaged jar started as a separate process (with the JDK
 * running this test, the toolchain's), driven over HTTP as the walk-through in docs/sample-app.md does, stopped with SIGTERM,
 * and started again on the same data directory, where the order left waiting for its approval is resumed.
 */
class SampleApplicationIT {

    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Duration STOP = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private RunningSample app;

    @AfterEach
    void killWhateverIsLeft() throws InterruptedException {
        if (app != null) {
            app.kill();
        }
    }

    @Test
    void theWalkThroughWorksAndAWaitingOrderIsResumedAfterARestart() throws Exception {
        app = start("first-run");

        // Call: bob may use his account 3 times a minute; the 4th use is refused and reported in the ops room.
        for (int i = 1; i <= 3; i++) {
            Response use = app.post("/accounts/bob/use", "");
            assertThat(use.status()).isEqualTo(200);
            assertThat(use.<Integer>json("$.used")).isEqualTo(i);
        }
        Response refused = app.post("/accounts/bob/use", "");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.<Boolean>json("$.allowed")).isFalse();
        assertThat(app.get("/rooms/ops/messages").<List<String>>json("$.messages[*].text"))
                .containsExactly("account bob is over its limit of 3, @oncall");
        Response posted = app.post("/rooms/lobby/messages", "{\"author\":\"alice\",\"text\":\"hi @bob\"}");
        assertThat(posted.status()).isEqualTo(200);
        assertThat(app.get("/notifications").<List<String>>json("$[*].recipient")).containsExactly("oncall", "bob");
        assertThat(app.get("/accounts/zed").status()).isEqualTo(404);

        // Crash bob's counter: its supervisor restarts it under a new pid, with a fresh window.
        String healthPath = "/actuator/health/fauxtp/sample/accounts";
        String pidBefore = app.get(healthPath).json("$.components['account-bob'].details.pid");
        Response crash = app.post("/accounts/bob/crash", "");
        assertThat(crash.status()).isEqualTo(202);
        assertThat(crash.<String>json("$.pid")).isEqualTo(pidBefore);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Response health = app.get(healthPath);
            assertThat(health.<Integer>json("$.components['account-bob'].details.restarts")).isEqualTo(1);
            assertThat(health.<String>json("$.components['account-bob'].details.status")).isEqualTo("running");
        });
        Response health = app.get(healthPath);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.<String>json("$.status")).isEqualTo("UP");
        assertThat(health.<String>json("$.components['account-bob'].details.pid")).isNotEqualTo(pidBefore);
        Response tree = app.get("/actuator/supervision/sample/accounts");
        assertThat(tree.<List<Integer>>json("$.supervisor.children[?(@.id == 'account-bob')].restarts"))
                .containsExactly(1);
        assertThat(tree.<List<String>>json("$.supervisor.children[?(@.id == 'account-bob')].lastExitReason"))
                .singleElement().asString().contains("crashed on purpose");
        assertThat(app.get("/accounts/bob").<Integer>json("$.used")).isZero();
        assertThat(app.get("/actuator/metrics/fauxtp.supervisor.child.restarts?tag=supervisor:accounts")
                .<Double>json("$.measurements[0].value")).isEqualTo(1.0);

        // Workflows: one order approved at once, one left waiting for its approval.
        Response approvedLater = app.post("/orders", "{\"customer\":\"alice\",\"item\":\"book\",\"cents\":1250}");
        assertThat(approvedLater.status()).isEqualTo(201);
        String waitingId = approvedLater.json("$.id");
        assertThat(approvedLater.<String>json("$.status")).isEqualTo("WAITING");
        assertThat(approvedLater.<String>json("$.awaiting")).isEqualTo("signal approval");
        String quickId = app.post("/orders", "{\"customer\":\"bob\",\"item\":\"lamp\",\"cents\":900}").json("$.id");
        Response quick = app.post("/orders/" + quickId + "/approval", "{\"approver\":\"carol\",\"approved\":false}");
        assertThat(quick.<String>json("$.status")).isEqualTo("COMPLETED");
        assertThat(quick.<String>json("$.outcome.decision")).isEqualTo("rejected");
        Response text = app.get("/orders/" + waitingId + "/suspension");
        assertThat(text.status()).isEqualTo(200);
        assertThat(text.body()).startsWith("wf.Suspension(")
                .contains("input=sample.Order('alice', 'book', 1_250)")
                .contains("awaiting=wf.AwaitSignal('approval')");
        String storedBeforeStop = text.body();
        Response runs = app.get("/actuator/workflows");
        assertThat(runs.<List<String>>json("$.runs[?(@.status == 'WAITING')].id")).containsExactly(waitingId);
        assertThat(app.get("/actuator/workflows/" + waitingId).body().strip()).isEqualTo(storedBeforeStop.strip());

        // SIGTERM: a clean exit, no stack trace.
        String firstLog = app.stop();
        assertThat(firstLog).contains("crashed on purpose");   // the crash we asked for is logged, with its trace
        assertNoUnexpectedErrors(firstLog);

        // Start again on the same data: the waiting order is still there and continues where it stopped.
        app = start("second-run");
        assertThat(app.log()).contains("with 1 unfinished run(s)");
        assertThat(app.get("/orders/" + waitingId + "/suspension").body()).isEqualTo(storedBeforeStop);
        Response approved = app.post("/orders/" + waitingId + "/approval", "{\"approver\":\"carol\",\"approved\":true}");
        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.<String>json("$.status")).isEqualTo("COMPLETED");
        assertThat(approved.<String>json("$.outcome.decision")).isEqualTo("approved");
        assertThat(approved.<String>json("$.outcome.capture")).startsWith("CAPT-");
        List<String> payments = app.get("/payments").json("$");
        assertThat(payments).as("replay answered 'authorize' from the journal").singleElement().asString()
                .startsWith("capture AUTH-");
        assertThat(app.get("/notifications").<List<String>>json("$[*].text"))
                .containsExactly("your order of book was approved by carol");
        assertThat(app.get("/orders/" + quickId).<String>json("$.outcome.decision")).isEqualTo("rejected");

        assertNoUnexpectedErrors(app.stop());
    }

    /** Every error, warning or exception in the output is the crash we asked for; none after the shutdown began. */
    private static void assertNoUnexpectedErrors(String log) {
        List<String> lines = log.lines().toList();
        assertThat(lines)
                .filteredOn(l -> l.contains(" ERROR ") || l.contains(" WARN ") || l.contains("Exception"))
                .allMatch(l -> l.contains("crashed on purpose"), "is the crash asked for");
        int shutdown = lines.indexOf(lines.stream().filter(l -> l.contains("Commencing graceful shutdown"))
                .findFirst().orElseThrow(() -> new AssertionError("no graceful shutdown in the log:\n" + log)));
        assertThat(lines.subList(shutdown, lines.size()))
                .as("the log from the shutdown on")
                .noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception") || l.contains(" ERROR "));
    }

    private RunningSample start(String name) throws IOException {
        Path workDir = Path.of(System.getProperty("sample.work-dir", "target/e2e"));
        Files.createDirectories(workDir);
        Path log = workDir.resolve(name + ".log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path jar = Path.of(System.getProperty("sample.jar", "target/fauxtp-sample-app-0.1.0-SNAPSHOT.jar"));
        assertThat(jar).as("the packaged sample (run 'package' first)").isRegularFile();
        int port = freePort();
        Process process = new ProcessBuilder(java.toString(), "-jar", jar.toString(), "--server.port=" + port,
                "--sample.data-dir=" + dataDir)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        RunningSample started = new RunningSample(process, port, log);
        app = started;   // killed by @AfterEach even if it never becomes ready
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the sample exited with " + process.exitValue() + ":\n" + started.log());
            }
            try {
                return started.get("/actuator/health/readiness").status() == 200;
            } catch (IOException notYetListening) {
                return false;
            }
        });
        return started;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    record Response(int status, String body) {
        <T> T json(String path) {
            return JsonPath.read(body, path);
        }
    }

    /** The sample's process, its port and its output file. */
    final class RunningSample {
        private final Process process;
        private final int port;
        private final Path logFile;

        RunningSample(Process process, int port, Path logFile) {
            this.process = process;
            this.port = port;
            this.logFile = logFile;
        }

        Response get(String path) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(uri(path)).GET());
        }

        Response post(String path, String json) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)));
        }

        String log() throws IOException {
            return Files.readString(logFile);
        }

        /** Sends SIGTERM, waits for the exit and checks it was a clean one; returns the whole output. */
        String stop() throws InterruptedException, IOException {
            process.destroy();   // SIGTERM on Linux and macOS
            assertThat(process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
            String output = log();
            // Spring Boot closes the context in its shutdown hook; the JVM then exits with 128 + SIGTERM.
            assertThat(process.exitValue()).as("exit code; output:\n" + output).isIn(0, 143);
            return output;
        }

        void kill() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS);
            }
        }

        private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        }

        private URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }
    }
}
