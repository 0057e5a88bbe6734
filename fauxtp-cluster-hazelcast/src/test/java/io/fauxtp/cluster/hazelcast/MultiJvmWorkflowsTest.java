package io.fauxtp.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.spring.workflow.PostgresServer;
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
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Workflow runs spread over three member JVMs ({@link WorkflowMemberMain}) on loopback, their runs and shard leases
 * in a real PostgreSQL database: runs are started from every member, one member is SIGKILLed while the runs go on
 * after their signal, and the others finish its runs. Checked as the durable store's crash test checks a restarted
 * application, against the store and the members' forced logs of effect executions: no run acknowledged as started
 * is lost or stuck, every run completed once with its whole journal and the result of its one signal, and each
 * effect step ran as often as the crash test allows: once for its journal entry, plus once for each life of the run
 * that ended while the step was in flight (the run's last execution in that life). A life of a run is one process
 * of it on one member: each execution is logged with the fencing token of the shard lease the process runs under
 * and the process's number in its JVM, so a life has ended when the member was killed or when a later process ran
 * the run (under a later token after a takeover, or after the member lost the lease while it lived: on a loaded
 * machine a renewal can run late; or under the same token after the process stopped).
 * The member to be killed holds the last effect step of its runs until it is killed, and the kill comes once it
 * has begun that step in one run, so it hits runs in the middle of their effects; the test asserts that the others
 * ran such a step again.
 */
@Tag("multi-jvm")
@EnabledOnOs({OS.LINUX, OS.MAC})
class MultiJvmWorkflowsTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    /** Starting member JVMs (three at once, on two loaded cores) took more than a minute in some runs. */
    private static final Duration START_WAIT = Duration.ofMinutes(3);
    private static final int RUNS = 60;
    /** The journal indexes of the effect steps (3 is the signal, 4 the timer). */
    private static final List<Integer> EFFECT_STEPS = List.of(0, 1, 2, 5, 6);

    @TempDir
    Path dir;

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String runsTable = "mjw_run_" + suffix;
    private final String leaseTable = "mjw_lease_" + suffix;
    private final List<Process> processes = new CopyOnWriteArrayList<>();

    /** A member JVM, its answers, and its stdin. */
    private record Member(String name, Process process, List<String> lines, PrintWriter commands) {
        List<String> answered(String prefix) {
            return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
        }

        void send(String command) {
            commands.println(command);
            commands.flush();
        }
    }

    /** One process of a run: the fencing token it ran under, and its number in its member's JVM. */
    private record Life(long token, long process) implements Comparable<Life> {
        @Override
        public int compareTo(Life other) {
            int byToken = Long.compare(token, other.token);
            return byToken != 0 ? byToken : Long.compare(process, other.process);
        }
    }

    @Test
    void aMemberSigkilledMidRunLeavesEveryRunFinishedOnceByTheOthers() throws Exception {
        try (PostgresServer server = PostgresServer.obtain()) {
            List<Member> members = launch(server.url());
            await().atMost(WAIT).until(() -> {   // every shard held, by all three members
                List<Integer> held = new ArrayList<>();
                for (Member m : members) {
                    List<String> before = m.answered("SHARDS ");
                    m.send("shards");
                    await().atMost(WAIT).until(() -> m.answered("SHARDS ").size() > before.size());
                    held.add(Integer.parseInt(m.answered("SHARDS ").getLast()));
                }
                return held.stream().mapToInt(Integer::intValue).sum() == WorkflowMemberMain.SHARDS
                        && held.stream().allMatch(n -> n > 0);
            });
            List<String> ids = new ArrayList<>();
            Set<String> started = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < RUNS; i++) {
                ids.add("run-" + i);
                members.get(i % 3).send("start run-" + i);   // from every member
            }
            await().atMost(WAIT).until(() -> {
                members.forEach(m -> started.addAll(m.answered("STARTED ")));
                return started.size() == RUNS;
            });
            PGSimpleDataSource dataSource = server.dataSource();
            JdbcSuspensionStore store = JdbcSuspensionStore.builder(dataSource, SuspensionCodec.standard())
                    .table(runsTable).createTables(false).build();

            Member victim = members.getFirst();
            List<Member> survivors = members.subList(1, 3);
            victim.send("hold");   // its runs' last steps stay in flight until the kill
            await().atMost(WAIT).until(() -> !victim.answered("HOLDING").isEmpty());
            for (int i = 0; i < RUNS; i++) {   // each run goes on to steps 4 and 5 on its owner
                members.get((i + 1) % 3).send("signal run-" + i);
            }
            // The kill comes once the victim has begun the last step of one of its runs (held, so it is in flight,
            // its step 5 done and saved); others of its runs are in steps 5 or 6, or between them.
            await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> Files.exists(log(victim.name()))
                    && Files.readAllLines(log(victim.name())).stream()
                            .anyMatch(l -> l.split(" ")[2].equals(String.valueOf(WorkflowMemberMain.LAST_STEP))));
            long killedAt = System.nanoTime();
            victim.process().destroyForcibly();   // SIGKILL
            assertThat(victim.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < RUNS; i++) {   // the survivors signal again what the victim was asked to signal
                if (members.get((i + 1) % 3) == victim) {
                    survivors.get(i % 2).send("signal run-" + i);
                }
            }
            Set<String> signalled = ConcurrentHashMap.newKeySet();
            waitUpTo(WAIT, () -> {
                survivors.forEach(m -> signalled.addAll(m.answered("SIGNALLED ")));
                return signalled.size() + survivors.stream().mapToInt(m -> m.answered("MISSING ").size()).sum()
                        == RUNS;
            });
            waitUpTo(WAIT, () -> store.pending().isEmpty());
            Duration finished = Duration.ofNanos(System.nanoTime() - killedAt);

            assertThat(survivors.stream().flatMap(m -> m.answered("MISSING ").stream()).toList())
                    .as("runs acknowledged as started, then lost").isEmpty();
            Map<String, Suspension> runs = new TreeMap<>();
            for (StoredSuspension row : store.list()) {
                runs.put(row.id(), store.find(row.id()).orElseThrow());
            }
            assertThat(runs.keySet()).as("every run acknowledged as started is stored").containsAll(ids);
            List<String> notCompleted = runs.values().stream().filter(s -> s.status() != Suspension.Status.COMPLETED)
                    .map(s -> s.id() + " " + s.status() + (s.failure() == null ? "" : " " + s.failure())).toList();
            assertThat(notCompleted).as("runs not completed (stuck, or a signal lost)").isEmpty();
            for (Suspension run : runs.values()) {
                assertThat(run.journal()).as("journal of %s", run.id()).hasSize(7);
                assertThat(run.result()).isEqualTo("go-" + run.id());
                assertThat(run.journal().get(3).request()).isEqualTo(new Request.SignalWait("go"));
            }

            // Executions against the bound: once for the journal entry, plus once per life of the run that ended
            // with the step in flight. A life is one process of the run on one member, logged with each execution
            // as the fencing token it runs under and its number in its JVM; lives follow each other in token
            // order (a token is one member's), then in process order. Every life but the last ended (a later one
            // ran the run), and so did the killed member's: its last execution may have been in flight then.
            Map<String, Map<Integer, Integer>> executions = new TreeMap<>();
            Map<String, TreeMap<Life, Integer>> lastStepOfLife = new TreeMap<>();
            Map<String, Life> killedLife = new HashMap<>();   // run -> its last life on the killed member
            int victimExecutions = 0;
            for (Member m : members) {
                for (String line : Files.readAllLines(log(m.name()))) {
                    String[] parts = line.split(" ");   // <member> <run> <step> <token> <process>
                    int step = Integer.parseInt(parts[2]);
                    Life life = new Life(Long.parseLong(parts[3]), Long.parseLong(parts[4]));
                    executions.computeIfAbsent(parts[1], r -> new TreeMap<>()).merge(step, 1, Integer::sum);
                    lastStepOfLife.computeIfAbsent(parts[1], r -> new TreeMap<>()).put(life, step);
                    if (m == victim) {
                        victimExecutions++;
                        killedLife.merge(parts[1], life, (a, b) -> a.compareTo(b) >= 0 ? a : b);
                    }
                }
            }
            Map<String, Map<Integer, Integer>> inFlight = new TreeMap<>();
            int endedOnLiveMembers = 0;
            for (Map.Entry<String, TreeMap<Life, Integer>> run : lastStepOfLife.entrySet()) {
                Life last = run.getValue().lastKey();
                for (Map.Entry<Life, Integer> life : run.getValue().entrySet()) {
                    boolean killed = life.getKey().equals(killedLife.get(run.getKey()));
                    if (!life.getKey().equals(last) || killed) {
                        inFlight.computeIfAbsent(run.getKey(), r -> new TreeMap<>())
                                .merge(life.getValue(), 1, Integer::sum);
                        if (!killed) {
                            endedOnLiveMembers++;
                        }
                    }
                }
            }
            List<String> violations = new ArrayList<>();
            int extra = 0;
            for (String id : ids) {
                for (int step : EFFECT_STEPS) {
                    int ran = executions.getOrDefault(id, Map.of()).getOrDefault(step, 0);
                    int interrupted = inFlight.getOrDefault(id, Map.of()).getOrDefault(step, 0);
                    assertThat(ran).as("executions of %s step %d", id, step).isPositive();
                    if (ran > 1 + interrupted) {
                        violations.add(id + " step " + step + " ran " + ran + " times; lives ended with it in flight: "
                                + interrupted);
                    }
                    extra += ran - 1;
                }
            }
            assertThat(executions.keySet()).as("runs whose steps ran").containsAll(ids);
            assertThat(victimExecutions).as("the killed member ran some of the runs' steps").isPositive();
            assertThat(extra).as("steps the kill found in flight, run again by the others").isPositive();
            System.out.println("multi-JVM workflows: " + RUNS + " runs, the killed member ran " + victimExecutions
                    + " effect steps, " + extra + " steps ran again, " + endedOnLiveMembers + " lives of runs ended on live"
                    + " members (a lease lost);"
                    + " all runs completed " + finished.toMillis() + " ms after the SIGKILL");
            assertThat(violations).as("effect steps run more often than 1 + the lives that ended with them in flight")
                    .isEmpty();
        }
    }

    @AfterEach
    void stopMembersAndDropTables() throws SQLException, InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("member JVM %d ended", p.pid()).isTrue();
        }
        try (PostgresServer server = PostgresServer.obtain(); Connection c = server.dataSource().getConnection();
             Statement s = c.createStatement()) {
            for (String table : List.of(runsTable + "_journal", runsTable + "_schema", runsTable, leaseTable)) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    private Path log(String member) {
        return dir.resolve("executions-" + member + ".log");
    }

    private List<Member> launch(String jdbcUrl) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String clusterName = "fauxtp-wf-jvms-" + suffix;
        List<Integer> ports = List.of(TestClusters.freePort(), TestClusters.freePort(), TestClusters.freePort());
        String peers = String.join(",", ports.stream().map(String::valueOf).toList());
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = "member" + i;
            File errors = new File("target/multi-jvm-workflows-" + suffix + "-" + name + ".log");
            Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                    System.getProperty("java.class.path"), WorkflowMemberMain.class.getName(), clusterName, name,
                    Integer.toString(ports.get(i)), peers, jdbcUrl, runsTable, leaseTable, log(name).toString())
                    .redirectError(errors).start();
            processes.add(p);
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        if (line.startsWith("@@ ")) {
                            lines.add(line.substring(3));
                        }
                    }
                } catch (IOException e) {
                    // the member was killed
                }
            });
            members.add(new Member(name, p, lines,
                    new PrintWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8), true)));
        }
        await().atMost(START_WAIT).until(() -> members.stream().allMatch(m -> !m.answered("READY ").isEmpty()
                || !m.process().isAlive()));
        for (Member m : members) {
            assertThat(m.process().isAlive()).as("%s started (stderr in target/multi-jvm-workflows-%s-*.log)", m.name(), suffix).isTrue();
        }
        return members;
    }

    /** Polls {@code done} until it holds or {@code limit} passed; what did not happen is asserted afterwards. */
    private static void waitUpTo(Duration limit, java.util.concurrent.Callable<Boolean> done) {
        try {
            await().atMost(limit).pollInterval(Duration.ofMillis(200)).until(done);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported by the assertions on the store and the logs
        }
    }
}
