package io.fauxtp.spring.workflow;

import io.fauxtp.effect.UsesEffects;
import io.fauxtp.spring.autoconfigure.FauxtpAutoConfiguration;
import io.fauxtp.spring.autoconfigure.FauxtpSupervisionAutoConfiguration;
import io.fauxtp.spring.autoconfigure.workflow.FauxtpWorkflowAutoConfiguration;
import io.fauxtp.workflow.EffectStep;
import io.fauxtp.workflow.StoredSuspension;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.Workflow;
import io.fauxtp.workflow.WorkflowContext;
import io.fauxtp.workflow.WorkflowDefinition;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application {@link WorkflowCrashTests} SIGKILLs: the workflow auto-configuration with its embedded H2 file
 * store (or an application DataSource on PostgreSQL), one workflow of five effect steps around a signal, and an
 * effect handler that appends each execution to an external log and forces it to the disk before doing its
 * (simulated) work. Commands come on stdin, one a line ({@code start <id>}, {@code signal <id>}, {@code status},
 * {@code quit}); answers go to stdout prefixed with {@code @@} ({@code READY}, {@code STARTED <id>},
 * {@code SIGNALLED <id>}, {@code STATUS <unfinished>}), each printed only after the call returned.
 *
 * <p>Arguments: the life number, the execution log, then {@code h2 <path>} or {@code pg <url> <table>}.
 */
public final class CrashChild {

    private static PrintStream out;

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        out = System.out;
        String life = args[0];
        ExecutionLog.open(Path.of(args[1]), life);
        SpringApplicationBuilder builder = new SpringApplicationBuilder(CrashApplication.class)
                .web(WebApplicationType.NONE).logStartupInfo(false);
        if (args[2].equals("h2")) {
            builder.properties("fauxtp.workflow.store.h2-path=" + args[3]);
        }
        else {
            System.setProperty("crash.pg-url", args[3]);
            builder.properties("fauxtp.workflow.store.table=" + args[4],
                    "fauxtp.workflow.store.initialize-schema=always");
        }
        builder.properties("spring.main.banner-mode=off", "logging.level.root=WARN");
        try (ConfigurableApplicationContext context = builder.run()) {
            WorkflowRuns runs = context.getBean(WorkflowRuns.class);
            answer("READY");
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = commands.readLine()) != null && !line.equals("quit");) {
                String[] command = line.split(" ");
                switch (command[0]) {
                    case "start" -> Thread.ofVirtual().start(() -> start(runs, command[1]));
                    case "signal" -> Thread.ofVirtual().start(() -> signal(runs, command[1]));
                    case "status" -> {
                        List<StoredSuspension> all = runs.list();
                        long unfinished = all.stream().filter((s) -> s.status() == Suspension.Status.READY
                                || s.status() == Suspension.Status.WAITING).count();
                        answer("STATUS " + unfinished + " " + all.size());
                    }
                    default -> throw new IllegalArgumentException(line);
                }
            }
        }
        answer("BYE");
    }

    private static void start(WorkflowRuns runs, String id) {
        try {
            runs.start("crash", id, id);
        }
        catch (IllegalStateException ex) {
            // Stored in an earlier life whose answer the test did not see: started all the same.
        }
        answer("STARTED " + id);
    }

    private static void signal(WorkflowRuns runs, String id) {
        try {
            runs.signal(id, "go", "go-" + id);
        }
        catch (IllegalStateException ex) {
            // Finished: the signal was delivered in an earlier life whose answer the test did not see.
        }
        catch (java.util.NoSuchElementException ex) {
            answer("MISSING " + id);   // a run acknowledged as started is not stored: the test reports it lost
            return;
        }
        answer("SIGNALLED " + id);
    }

    private static synchronized void answer(String line) {
        out.println("@@ " + line);
        out.flush();
    }

    /** The crash test's workflow: three effects, a signal, two effects. */
    @Workflow(name = "crash")
    @UsesEffects(Steps.class)
    static final class CrashWorkflow implements WorkflowDefinition<String, String> {

        @Override
        public String run(WorkflowContext ctx, String id) {
            Steps steps = ctx.effect(Steps.class);
            steps.run(0);
            steps.run(1);
            steps.run(2);
            String go = ctx.awaitSignal("go", String.class);
            steps.run(4);
            steps.run(5);
            return go;
        }

    }

    /** One effect step; its argument is its journal index, which the handler checks against its context. */
    interface Steps {

        int run(int step);

    }

    /** Logs each execution, forced to the disk, then works for up to 15 ms so that kills land in flight. */
    static final class LoggingSteps implements Steps {

        @Override
        public int run(int step) {
            EffectStep current = EffectStep.current().orElseThrow();
            if (current.step() != step) {
                throw new IllegalStateException("step " + step + " runs as journal step " + current.step());
            }
            ExecutionLog.append(current.runId(), step);
            try {
                Thread.sleep(ThreadLocalRandom.current().nextInt(16));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return step;
        }

    }

    /** The external log of effect executions: {@code <life> <run> <step>} lines, each forced before it counts. */
    static final class ExecutionLog {

        private static FileChannel channel;

        private static String life;

        static void open(Path file, String lifeNumber) throws IOException {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            life = lifeNumber;
        }

        static synchronized void append(String run, int step) {
            try {
                channel.write(ByteBuffer.wrap((life + " " + run + " " + step + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.force(false);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ FauxtpAutoConfiguration.class, FauxtpSupervisionAutoConfiguration.class,
            FauxtpWorkflowAutoConfiguration.class })
    static class CrashApplication {

        @Bean
        CrashWorkflow crashWorkflow() {
            return new CrashWorkflow();
        }

        @Bean
        LoggingSteps steps() {
            return new LoggingSteps();
        }

        @Bean
        @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty("crash.pg-url")
        DataSource dataSource(org.springframework.core.env.Environment environment) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setURL(environment.getRequiredProperty("crash.pg-url"));
            return dataSource;
        }

    }

}
