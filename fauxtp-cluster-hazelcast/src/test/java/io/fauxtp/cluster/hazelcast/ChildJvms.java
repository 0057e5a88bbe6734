package io.fauxtp.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Cluster members in child JVMs started by a test, on loopback, for the multi-JVM tests. A member's main class
 * gets the cluster name, its Hazelcast port and the ports of every member launched so far (comma-separated), then
 * the test's own arguments; it prints {@code READY <uuid>} on stdout once it joined, answers commands on stdin
 * with a line each, and exits when its stdin closes. Its stderr goes to {@code target/multi-jvm-*.log}, which is
 * kept; {@link #dump} prints both outputs of every JVM started, for the output of a test that failed (a CI run
 * keeps the surefire reports, not always {@code target/}).
 * {@link #close()} kills every JVM it started with SIGKILL (which ends a SIGSTOPped one too) and waits for them.
 */
final class ChildJvms implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(60);
    /** Starting member JVMs (three at once, on two loaded cores) took more than a minute in some runs. */
    static final Duration START_WAIT = Duration.ofMinutes(3);

    /** A member JVM, what it printed, and a way to ask it things. */
    record Member(Process process, List<String> lines, String uuid, PrintWriter commands) {
        Optional<String> last(String prefix) {
            List<String> matching = lines.stream().filter(l -> l.startsWith(prefix)).toList();
            return matching.isEmpty() ? Optional.empty() : Optional.of(matching.getLast());
        }

        /** Asks {@code command} and waits for the next line starting with {@code answerPrefix}. */
        String ask(String command, String answerPrefix) {
            long before = lines.stream().filter(l -> l.startsWith(answerPrefix)).count();
            commands.println(command);
            commands.flush();
            await().atMost(WAIT).until(() -> lines.stream().filter(l -> l.startsWith(answerPrefix)).count() > before);
            return last(answerPrefix).orElseThrow().substring(answerPrefix.length()).trim();
        }
    }

    private final String clusterName;
    private final String logName;
    private final List<String> jvmOptions;
    private final List<Process> processes = new CopyOnWriteArrayList<>();
    /** Every JVM started, with its stderr file and the lines it printed on stdout, for {@link #dump}. */
    private final List<Launched> launchedJvms = new CopyOnWriteArrayList<>();
    /** The Hazelcast ports of every member launched, live or not: a new member joins through any live one. */
    private final List<Integer> ports = new CopyOnWriteArrayList<>();
    private final List<Member> members = new CopyOnWriteArrayList<>();
    private int launched;

    /**
     * @param clusterName the Hazelcast cluster's name
     * @param logName     the middle of the members' stderr files, {@code target/multi-jvm-<logName>-<n>.log}
     * @param jvmOptions  options of the member JVMs (heap size...)
     */
    ChildJvms(String clusterName, String logName, String... jvmOptions) {
        this.clusterName = clusterName;
        this.logName = logName;
        this.jvmOptions = List.of(jvmOptions);
    }

    /** A port for a member the test runs in its own JVM; members launched later join through it too. */
    int reservePort() {
        int port = TestClusters.freePort();
        ports.add(port);
        return port;
    }

    /** The ports of every member so far, the test's own included. */
    List<Integer> ports() {
        return List.copyOf(ports);
    }

    /** The members launched and ready (a test removes those it killed). */
    List<Member> members() {
        return members;
    }

    /** Launches {@code count} members running {@code main} with {@code args} and waits until all are ready. */
    List<Member> launch(int count, Class<?> main, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<Integer> newPorts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            newPorts.add(TestClusters.freePort());
        }
        ports.addAll(newPorts);
        String peers = String.join(",", ports.stream().map(String::valueOf).toList());
        List<Member> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            File log = new File("target/multi-jvm-" + logName + "-" + launched++ + ".log");
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName(), clusterName,
                    Integer.toString(newPorts.get(i)), peers));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectError(log).start();
            processes.add(p);
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("EOF " + e);
                }
            });
            launchedJvms.add(new Launched(p, log, lines));
            started.add(new Member(p, lines, null,
                    new PrintWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8), true)));
        }
        await().atMost(START_WAIT).until(() -> started.stream().allMatch(m -> m.last("READY ").isPresent()));
        List<Member> ready = started.stream().map(m -> new Member(m.process(), m.lines(),
                m.last("READY ").orElseThrow().substring(6), m.commands())).toList();
        members.addAll(ready);
        return ready;
    }

    /** Sends {@code signal} ({@code STOP}, {@code CONT}...) to the member's JVM, if it still runs. */
    static void signal(String signal, Member m) throws Exception {
        if (m.process().isAlive()) {
            assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(m.process().pid())).inheritIO().start()
                    .waitFor()).isZero();
        }
    }

    private record Launched(Process process, File log, List<String> lines) {}

    /** The most lines of a member's stderr that {@link #dump} prints (its end, where a failure shows). */
    private static final int DUMPED_LINES = 3000;

    /**
     * Prints, for every JVM started (killed ones too), its pid, whether it still runs, the lines it printed on
     * stdout, and its stderr file (its last {@value #DUMPED_LINES} lines): what a failed multi-JVM test needs to
     * be understood from its output alone.
     */
    void dump(java.io.PrintStream out) {
        for (int i = 0; i < launchedJvms.size(); i++) {
            Launched l = launchedJvms.get(i);
            out.println("==== member JVM " + i + " (pid " + l.process().pid() + ", "
                    + (l.process().isAlive() ? "running" : "ended with " + l.process().exitValue()) + ")");
            out.println("---- its stdout:");
            l.lines().forEach(out::println);
            out.println("---- its stderr, " + l.log() + ":");
            try {
                List<String> err = java.nio.file.Files.readAllLines(l.log().toPath(), StandardCharsets.UTF_8);
                if (err.size() > DUMPED_LINES) {
                    out.println("[" + (err.size() - DUMPED_LINES) + " earlier lines left out]");
                }
                err.subList(Math.max(0, err.size() - DUMPED_LINES), err.size()).forEach(out::println);
            } catch (IOException e) {
                out.println("(cannot read it: " + e + ")");
            }
            out.println("==== end of member JVM " + i);
        }
        out.flush();
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {   // every JVM started, also those that never reported READY
            p.destroyForcibly();           // SIGKILL ends a SIGSTOPped process too
        }
        for (Process p : processes) {
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("member JVM %d ended", p.pid()).isTrue();
        }
    }
}
