package io.fauxtp.sample.order;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.effect.EffectRequest;
import io.fauxtp.effect.Handlers;
import io.fauxtp.text.TextCodec;
import io.fauxtp.text.TextFormat;
import io.fauxtp.workflow.JdbcSuspensionStore;
import io.fauxtp.workflow.SuspensionCodec;
import io.fauxtp.workflow.SuspensionStore;
import io.fauxtp.workflow.WorkflowEngine;
import io.fauxtp.workflow.WorkflowService;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The workflow beans, wired by hand from fauxtp-core: the engine with the order workflow and the effect
 * handlers, suspensions written as pretty text into the {@code fauxtp_suspension} table of the application's
 * data source (an H2 file under {@code sample.data-dir}), and the service that loads, advances and saves runs.
 */
@Configuration(proxyBeanMethods = false)
public class WorkflowConfiguration {

    private static final Log LOG = LogFactory.getLog(WorkflowConfiguration.class);

    /** The payment gateway's handler (the notifier's is in {@code SampleConfiguration}). */
    @Bean
    EffectHandler<PaymentGateway> simulatedPayments(SimulatedPaymentGateway gateway) {
        return EffectHandler.of("simulated-payments", PaymentGateway.class, gateway);
    }

    /** How suspensions are written: the standard format plus the sample's own records, by name. */
    @Bean
    SuspensionCodec suspensionCodec() {
        TextCodec types = TextCodec.builder()
                .record(Order.class, "sample.Order")
                .record(Approval.class, "sample.Approval")
                .record(OrderOutcome.class, "sample.OrderOutcome")
                .build();
        return SuspensionCodec.of(types).withFormat(TextFormat.pretty());
    }

    @Bean
    SuspensionStore suspensionStore(DataSource dataSource, SuspensionCodec codec, Clock clock) {
        return new JdbcSuspensionStore(dataSource, codec, JdbcSuspensionStore.DEFAULT_TABLE, clock);
    }

    /** The engine; fails the startup when a workflow requests an effect that no handler bean answers. */
    @Bean
    WorkflowEngine workflowEngine(List<io.fauxtp.workflow.WorkflowDefinition<?, ?>> workflows, Handlers handlers,
            Clock clock) {
        WorkflowEngine.Builder builder = WorkflowEngine.builder().handlers(handlers).clock(clock);
        workflows.forEach(builder::register);
        WorkflowEngine engine = builder.build();
        List<EffectRequest> unhandled = engine.unhandledEffects(Handlers.empty());
        if (!unhandled.isEmpty()) {
            throw new IllegalStateException("no effect handler bean for " + unhandled
                    + ": declare an EffectHandler bean for each effect the workflows use");
        }
        return engine;
    }

    @Bean
    WorkflowService workflowService(WorkflowEngine engine, SuspensionStore store, Clock clock) {
        return new WorkflowService(engine, store, clock);
    }

    /** On startup, resumes the stored runs that can make progress (new ones, due timers and retries). */
    @Bean
    ApplicationRunner resumeStoredWorkflows(WorkflowService workflows) {
        return args -> {
            WorkflowService.ResumeReport report = workflows.resumeDue();
            long pending = workflows.list().stream().filter(s -> !s.status().name().equals("COMPLETED")
                    && !s.status().name().equals("FAILED")).count();
            LOG.info("workflows: " + pending + " unfinished run(s) stored; resumed " + report.resumed().size()
                    + ", failed to resume " + report.failed().size());
        };
    }
}
