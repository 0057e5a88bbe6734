package io.fauxtp.cluster.hazelcast;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.fauxtp.effect.EffectHandler;
import io.fauxtp.text.TextCodec;
import io.fauxtp.workflow.EffectStep;
import io.fauxtp.workflow.JdbcSuspensionStore;
import io.fauxtp.workflow.SuspensionCodec;
import io.fauxtp.workflow.WorkflowDefinition;
import io.fauxtp.workflow.WorkflowEngine;
import io.fauxtp.workflow.WorkflowSpec;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.WeakHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One member in its own JVM for {@link MultiJvmWorkflowsTest}: a Hazelcast member with {@link ClusterWorkflows}
 * over a PostgreSQL store, running the crash workflow of the durable-store crash test (three effect steps, a
 * signal, then a timer here, two effect steps), whose effect handler appends
 * {@code <member> <run> <step> <token> <process>} to this member's execution log and forces it to the disk before it
 * works for up to 15 ms (the last step: 300 ms, or until the JVM is killed after {@code hold}). The token is the fencing token of the run's shard lease that this
 * member's process of the run was started under ({@link ShardedEntity#token()}), and the process is a number this
 * JVM gives each process of a run (each {@link ShardedEntity#current()}) it runs effects in: the executions of one
 * process are one life of the run. A process ends when the member is killed, when the member loses the lease
 * (a renewal ran late on a loaded machine, its quorum went; a new process runs under a later token), or when it stops
 * while the member keeps the lease (a new process, same token, a later number).
 * Commands on stdin, one a line: {@code start <id>},
 * {@code signal <id>}, each run on a thread of its own and retried until a member answers, {@code shards}, and
 * {@code hold} (from then on the last step of each run waits until the JVM is killed);
 * answers on stdout prefixed with {@code @@}: {@code READY <uuid>}, {@code HOLDING}, {@code SHARDS <shards held>}, {@code STARTED <id>}, {@code SIGNALLED <id>}, {@code MISSING <id>}
 * (a run the test saw started is not stored). It exits when its stdin closes.
 *
 * <p>Arguments: cluster name, member name, its Hazelcast port, all members' ports (comma-separated), the
 * PostgreSQL URL, the runs' table, the lease table, the execution log.
 */
public final class WorkflowMemberMain {

    /** Longer than the other tests' 3 s: three JVMs starting on two loaded cores let short leases run out. */
    static final Duration LEASE = Duration.ofSeconds(10);
    static final int SHARDS = 30;
    static final Duration AFTER_SIGNAL = Duration.ofSeconds(1);
    /** The journal index of the last effect step, and how long it works. */
    static final int LAST_STEP = 6;
    static final Duration LAST_STEP_WORK = Duration.ofMillis(300);
    private static PrintStream out;
    /** Set by {@code hold}: the last step then waits for {@link #NEVER}, so the kill finds it in flight. */
    private static volatile boolean holdLastStep;
    private static final java.util.concurrent.CountDownLatch NEVER = new java.util.concurrent.CountDownLatch(1);
    /** A number for each process of a run that ran effects here (a ShardedEntity is one process's; by identity). */
    private static final Map<ShardedEntity, Long> processes = Collections.synchronizedMap(new WeakHashMap<>());
    private static final AtomicLong processNumbers = new AtomicLong();

    private WorkflowMemberMain() {}

    /** The crash workflow: three effects, a signal, a one-second timer, two effects. */
    static final WorkflowDefinition<String, String> CRASH = (ctx, id) -> {
        Steps steps = ctx.effect(Steps.class);
        steps.run(0);
        steps.run(1);
        steps.run(2);
        String go = ctx.awaitSignal("go", String.class);
        ctx.sleep(AFTER_SIGNAL);   // the run goes on by itself: only its owner's process (or a taker's) runs it
        steps.run(5);
        steps.run(6);
        return go;
    };

    /** One effect step; its argument is its journal index. */
    interface Steps {
        int run(int step);
    }

    public static void main(String[] args) throws Exception {
        out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String clusterName = args[0];
        String member = args[1];
        int port = Integer.parseInt(args[2]);
        List<Integer> peers = Arrays.stream(args[3].split(",")).map(Integer::valueOf).toList();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(args[4]);
        // Not a FileChannel: an interrupt (a killed process's thread) would close it for every run.
        FileOutputStream log = new FileOutputStream(args[7], true);
        Steps logged = step -> {
            EffectStep current = EffectStep.current().orElseThrow();
            if (current.step() != step) {
                throw new IllegalStateException("step " + step + " runs as journal step " + current.step());
            }
            ShardedEntity process = ShardedEntity.current();
            append(log, member + " " + current.runId() + " " + step + " " + process.token() + " "
                    + processes.computeIfAbsent(process, p -> processNumbers.incrementAndGet()) + "\n");
            try {   // the last step works longer, so a kill that comes once it began finds it in flight
                if (step == LAST_STEP && holdLastStep) {
                    NEVER.await();   // until the JVM is killed (or the process, when its member loses the lease)
                }
                Thread.sleep(step == LAST_STEP ? LAST_STEP_WORK.toMillis() : ThreadLocalRandom.current().nextInt(16));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return step;
        };
        WorkflowEngine engine = WorkflowEngine.builder().register(WorkflowSpec.of("crash", 1, CRASH))
                .handler(EffectHandler.of("logged-steps", Steps.class, logged)).build();
        JdbcSuspensionStore store = JdbcSuspensionStore.builder(dataSource, SuspensionCodec.standard())
                .table(args[5]).build();

        HazelcastInstance hz = Hazelcast.newHazelcastInstance(TestClusters.config(clusterName, port, peers));
        FauxtpCluster cluster = FauxtpCluster.join(hz, member, TextCodec.standard());
        ClusterWorkflows workflows = ClusterWorkflows.start(cluster, engine, store, dataSource,
                ShardRegion.Options.defaults().withShards(SHARDS).withLease(LEASE).withExpectedMembers(3)
                        .withTable(args[6]).withCallTimeout(Duration.ofSeconds(10)));
        answer("READY " + cluster.localMember());
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = commands.readLine()) != null; ) {
            String[] command = line.split(" ");
            switch (command[0]) {
                case "start" -> Thread.ofVirtual().start(() -> untilAnswered(() -> {
                    try {
                        workflows.start("crash", command[1], command[1]);
                    } catch (IllegalStateException e) {
                        // stored by an earlier attempt whose answer was lost with its member: started all the same
                    }
                    answer("STARTED " + command[1]);
                }));
                case "signal" -> Thread.ofVirtual().start(() -> untilAnswered(() -> {
                    try {
                        workflows.signal(command[1], "go", "go-" + command[1]);
                    } catch (IllegalStateException e) {
                        // finished: an earlier attempt delivered it
                    } catch (NoSuchElementException e) {
                        answer("MISSING " + command[1]);
                        return;
                    }
                    answer("SIGNALLED " + command[1]);
                }));
                case "shards" -> answer("SHARDS " + workflows.region().stats().shards());
                case "hold" -> {
                    holdLastStep = true;
                    answer("HOLDING");
                }
                default -> throw new IllegalArgumentException(line);
            }
        }
        workflows.close();
        cluster.close();
        hz.getLifecycleService().terminate();
    }

    /**
     * Runs {@code request} again while it fails as a remote call may (the owner died, a timeout), a tenth of a
     * second after each failure: a call to an owner this member cannot reach fails at once, and requests retried
     * without a pause kept the member's cores busy (96,000 retries of one start in one run on a loaded machine),
     * starving its heartbeats and lease keeper until Hazelcast split it off.
     */
    private static void untilAnswered(Runnable request) {
        while (true) {
            try {
                request.run();
                return;
            } catch (io.fauxtp.genserver.CallExitException | io.fauxtp.genserver.CallTimeoutException e) {
                System.err.println("retrying after " + e);
            }
            try {
                Thread.sleep(RETRY_PAUSE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The pause before a failed request is sent again. */
    private static final Duration RETRY_PAUSE = Duration.ofMillis(100);

    private static synchronized void append(FileOutputStream log, String line) {
        try {
            log.write(line.getBytes(StandardCharsets.UTF_8));
            log.getFD().sync();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void answer(String line) {
        out.println("@@ " + line);
        out.flush();
    }
}
