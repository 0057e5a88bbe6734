package io.fauxtp.spring.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.text.TextCodec;
import io.fauxtp.workflow.Environment;
import io.fauxtp.workflow.JdbcSuspensionStore;
import io.fauxtp.workflow.Request;
import io.fauxtp.workflow.StoredSuspension;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.SuspensionCodec;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability under SIGKILL, with real parts: a child JVM ({@link CrashChild}) runs workflows through the
 * workflow auto-configuration, the test kills it at random moments over {@link #KILLS} lives, starts it again,
 * and at the end lets it finish every run. Checked against the children's forced log of effect executions and
 * the store: no run or signal acknowledged to the test is lost, no run is stuck, every run completed with its
 * whole journal, and each effect step ran at most once plus once for every crash that hit its run while that
 * step was in flight (the run's last execution in that life).
 */
class WorkflowCrashTests {

    static final int KILLS = 20;

    private static final int NEW_RUNS_PER_LIFE = 10;

    /** How long the last life may make no progress before what is left counts as stuck. */
    private static final Duration STALLED = Duration.ofMinutes(1);

    /** The steps of the crash workflow that are effects (3 is the signal). */
    private static final List<Integer> EFFECT_STEPS = List.of(0, 1, 2, 4, 5);

    @TempDir
    Path dir;

    private final List<Process> children = new CopyOnWriteArrayList<>();

    private final Random random = new Random();

    @AfterEach
    void killChildren() throws InterruptedException {
        for (Process child : this.children) {
            child.destroyForcibly();
            child.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void embeddedH2FileLosesNothingAcknowledgedAndReRunsOnlyTheEffectInFlight() throws Exception {
        Path h2 = this.dir.resolve("workflows");
        Report report = crashAndRecover(List.of("h2", h2.toString()), () -> {
            JdbcDataSource dataSource = new JdbcDataSource();
            dataSource.setURL("jdbc:h2:file:" + h2.toAbsolutePath());
            dataSource.setUser("sa");
            return dataSource;
        }, JdbcSuspensionStoreTable.DEFAULT);
        System.out.println("crash test, embedded H2 file: " + report);
    }

    @Test
    void postgresqlLosesNothingAcknowledgedAndReRunsOnlyTheEffectInFlight() throws Exception {
        try (PostgresServer server = PostgresServer.obtain()) {
            String table = "crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            Report report = crashAndRecover(List.of("pg", server.url(), table), server::dataSource,
                    new JdbcSuspensionStoreTable(table));
            System.out.println("crash test, PostgreSQL: " + report);
        }
    }

    record JdbcSuspensionStoreTable(String name) {
        static final JdbcSuspensionStoreTable DEFAULT = new JdbcSuspensionStoreTable("fauxtp_suspension");
    }

    /**
     * What a crash test did: runs, kills, commands acknowledged before the last (unkilled) life, effect executions
     * logged, and executions beyond one per step (each allowed by a crash that hit that step in flight).
     */
    record Report(int runs, int kills, int startsAcknowledgedBeforeLastLife, int signalsAcknowledgedBeforeLastLife,
            int executions, int extraExecutions) {
    }

    private Report crashAndRecover(List<String> store, Supplier<DataSource> database, JdbcSuspensionStoreTable table)
            throws Exception {
        Path log = this.dir.resolve("executions.log");
        Set<String> started = ConcurrentHashMap.newKeySet();
        Set<String> signalled = ConcurrentHashMap.newKeySet();
        List<String> ids = new ArrayList<>();
        for (int life = 1; life <= KILLS; life++) {
            Child child = launch(life, log, store);
            for (int i = 0; i < NEW_RUNS_PER_LIFE; i++) {
                ids.add("run-" + life + "-" + i);
            }
            // Every run not acknowledged as started is (re)started; every started one not acknowledged as
            // signalled is (re)signalled; acknowledged commands are never sent again.
            for (String id : ids) {
                if (!started.contains(id)) {
                    child.send("start " + id);
                }
                else if (!signalled.contains(id)) {
                    child.send("signal " + id);
                }
            }
            Thread.sleep(this.random.nextInt(100, 1500));   // the random moment of the crash, not a wait for a state
            child.kill();
            started.addAll(child.answered("STARTED "));
            signalled.addAll(child.answered("SIGNALLED "));
        }
        int startsAcknowledged = started.size();
        int signalsAcknowledged = signalled.size();

        Child last = launch(KILLS + 1, log, store);
        for (String id : ids) {
            if (!started.contains(id)) {
                last.send("start " + id);
            }
        }
        waitWhileProgressing(() -> {
            started.addAll(last.answered("STARTED "));
            return ids.size() - started.size();
        });
        for (String id : ids) {
            if (!signalled.contains(id)) {
                last.send("signal " + id);
            }
        }
        waitWhileProgressing(() -> {
            signalled.addAll(last.answered("SIGNALLED "));
            return ids.size() - signalled.size() - last.answered("MISSING ").size();
        });
        // Until no run is unfinished, or their number stopped falling for a minute (a loaded machine is slow, a
        // stuck run never finishes): a run stuck for good is reported below by its id.
        waitWhileProgressing(() -> {
            List<String> statuses = last.answered("STATUS ");
            last.send("status");
            return statuses.isEmpty() ? Integer.MAX_VALUE
                    : Integer.parseInt(statuses.getLast().substring(0, statuses.getLast().indexOf(' ')));
        });
        last.send("quit");
        assertThat(last.process.waitFor(60, TimeUnit.SECONDS)).as("the last life exits when told").isTrue();

        Map<String, Suspension> runs = stored(database.get(), table.name());
        assertThat(last.answered("MISSING ")).as("runs acknowledged as started, then lost").isEmpty();
        assertThat(runs.keySet()).as("every run acknowledged as started is stored").containsAll(ids);
        List<String> notCompleted = runs.values().stream()
                .filter((s) -> s.status() != Suspension.Status.COMPLETED).map(Suspension::id).toList();
        assertThat(notCompleted).as("runs not completed (stuck, or a signal lost): %s of %s", notCompleted.size(),
                runs.size()).isEmpty();
        for (Suspension run : runs.values()) {
            assertThat(run.journal()).as("journal of %s", run.id()).hasSize(6);
            assertThat(run.result()).isEqualTo("go-" + run.id());
            assertThat(run.journal().get(3).request()).isEqualTo(new Request.SignalWait("go"));
        }

        // Executions against the bound: once for its journal entry, plus once per crash that hit the run while
        // the step was in flight, that is, while it was the run's last execution in a killed life.
        Map<String, Map<Integer, Integer>> executions = new TreeMap<>();
        Map<String, Map<Integer, Integer>> inFlightAtKill = new TreeMap<>();
        Map<String, String[]> lastOfRunInLife = new HashMap<>();
        int total = 0;
        for (String line : Files.readAllLines(log)) {
            String[] parts = line.split(" ");
            int life = Integer.parseInt(parts[0]);
            String run = parts[1];
            int step = Integer.parseInt(parts[2]);
            executions.computeIfAbsent(run, (r) -> new TreeMap<>()).merge(step, 1, Integer::sum);
            if (life <= KILLS) {
                lastOfRunInLife.put(life + " " + run, parts);
            }
            total++;
        }
        for (String[] lastOne : lastOfRunInLife.values()) {
            inFlightAtKill.computeIfAbsent(lastOne[1], (r) -> new TreeMap<>()).merge(Integer.parseInt(lastOne[2]), 1,
                    Integer::sum);
        }
        List<String> violations = new ArrayList<>();
        int extra = 0;
        for (String id : ids) {
            for (int step : EFFECT_STEPS) {
                int ran = executions.getOrDefault(id, Map.of()).getOrDefault(step, 0);
                int crashes = inFlightAtKill.getOrDefault(id, Map.of()).getOrDefault(step, 0);
                if (ran < 1 || ran > 1 + crashes) {
                    violations.add(id + " step " + step + " ran " + ran + " times, " + crashes
                            + " crash(es) hit it in flight");
                }
                extra += Math.max(0, ran - 1);
            }
        }
        assertThat(violations).as("effect steps run more often than 1 + the crashes that hit them in flight")
                .isEmpty();
        return new Report(ids.size(), KILLS, startsAcknowledged, signalsAcknowledged, total, extra);
    }

    /**
     * Polls {@code remaining} (what is still to happen) until it is 0, or until it has not fallen for a minute (stuck,
     * not slow: a loaded machine only takes longer), or ten minutes passed; what did not happen is asserted afterwards.
     */
    private static void waitWhileProgressing(java.util.concurrent.Callable<Integer> remaining) throws Exception {
        long[] lowest = { Long.MAX_VALUE, System.nanoTime() };   // the fewest remaining seen, and when
        try {
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                int now = remaining.call();
                if (now < lowest[0]) {
                    lowest[0] = now;
                    lowest[1] = System.nanoTime();
                }
                return now == 0 || System.nanoTime() - lowest[1] > STALLED.toNanos();
            });
        }
        catch (org.awaitility.core.ConditionTimeoutException ex) {
            // reported by the assertions on the store and the log
        }
    }

    /** Every stored run, read back whole (header and journal entries) by a store of its own. */
    private static Map<String, Suspension> stored(DataSource dataSource, String table) {
        SuspensionCodec codec = SuspensionCodec.of(TextCodec.standard(), Environment.empty());
        JdbcSuspensionStore store = JdbcSuspensionStore.builder(dataSource, codec).table(table).createTables(false)
                .build();
        Map<String, Suspension> runs = new TreeMap<>();
        for (StoredSuspension row : store.list()) {
            runs.put(row.id(), store.find(row.id()).orElseThrow());
        }
        return runs;
    }

    private Child launch(int life, Path log, List<String> store) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), CrashChild.class.getName(), Integer.toString(life),
                log.toString()));
        command.addAll(store);
        File errors = this.dir.resolve("child-" + life + ".err").toFile();
        Process process = new ProcessBuilder(command).redirectError(errors).start();
        this.children.add(process);
        Child child = new Child(process);
        await().atMost(Duration.ofMinutes(2)).until(() -> child.lines.contains("READY") || !process.isAlive());
        assertThat(process.isAlive()).as("life %d started (stderr in %s): %s", life, errors,
                Files.exists(errors.toPath()) ? Files.readString(errors.toPath()) : "").isTrue();
        return child;
    }

    /** A life of the child: its stdin, and the answers it printed. */
    private static final class Child {

        final Process process;

        final List<String> lines = new CopyOnWriteArrayList<>();

        private final Writer commands;

        private final Thread reader;

        Child(Process process) {
            this.process = process;
            this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            this.reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null;) {
                        if (line.startsWith("@@ ")) {
                            this.lines.add(line.substring(3));
                        }
                    }
                }
                catch (IOException ex) {
                    // the child was killed
                }
            });
        }

        void send(String command) throws IOException {
            try {
                this.commands.write(command + "\n");
                this.commands.flush();
            }
            catch (IOException ex) {
                if (this.process.isAlive()) {
                    throw ex;
                }
            }
        }

        /** SIGKILL (destroyForcibly on Linux), then every answer read before the pipe closed. */
        void kill() throws InterruptedException {
            this.process.destroyForcibly();
            assertThat(this.process.waitFor(20, TimeUnit.SECONDS)).as("killed child ended").isTrue();
            assertThat(this.reader.join(Duration.ofSeconds(20))).as("its answers read to the end").isTrue();
        }

        List<String> answered(String prefix) {
            return this.lines.stream().filter((l) -> l.startsWith(prefix)).map((l) -> l.substring(prefix.length()))
                    .toList();
        }

    }

}
