package io.fauxtp.process.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * On one carrier and one processor (a container given one CPU), a waiting thread yields instead of spinning
 * ({@link Spin}): {@link OneCarrierScenario} checks, in a JVM of its own started that way, that processes, calls,
 * casts, timeouts and restarts still come out right. Its speed is measured in BENCHMARKS.md, not here.
 */
class OneCarrierTest {

    @Test
    void everythingWorksOnOneCarrierAndOneProcessor() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "-XX:ActiveProcessorCount=1",
                "-Djdk.virtualThreadScheduler.parallelism=1", "-cp", System.getProperty("java.class.path"),
                OneCarrierScenario.class.getName());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            boolean ended = child.waitFor(120, TimeUnit.SECONDS);
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(ended).as("the scenario ended within 2 minutes; output so far:%n%s", output).isTrue();
            assertThat(child.exitValue()).as(output).isZero();
            assertThat(output).contains("ok: a waiting process yields", "ok: a waiting platform thread yields",
                    "ok: a killed child is restarted and answers by name", "one-carrier scenario passed");
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
