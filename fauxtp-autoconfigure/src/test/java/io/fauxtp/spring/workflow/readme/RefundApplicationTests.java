package io.fauxtp.spring.workflow.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.spring.workflow.WorkflowRuns;
import io.fauxtp.workflow.Suspension;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;

/** The Spring workflow example of docs/workflows.md, with a test that replaces the effect handler. */
@SpringBootTest(classes = { RefundApplication.class, RefundApplicationTests.FakeLedgerConfiguration.class },
        properties = "fauxtp.workflow.store.h2-path=target/test-workflows/readme-${random.uuid}")
@DirtiesContext
class RefundApplicationTests {

    static final AtomicInteger refunds = new AtomicInteger();

    @Autowired
    WorkflowRuns runs;

    // tag::workflow-test[]
    @TestConfiguration
    static class FakeLedgerConfiguration {
        @Bean
        @Primary   // replaces BankLedger in this test; a @Profile("dev") bean does the same per profile
        Ledger fakeLedger() {
            return (orderId, cents) -> "fake refund #" + refunds.incrementAndGet();
        }
    }

    @Test
    void aRefundWaitsForItsApprovalThenUsesTheLedger() {
        Suspension waiting = runs.start("refund", "refund-1", "o-7");   // stored, then waits for "approved"
        assertThat(waiting.status()).isEqualTo(Suspension.Status.WAITING);

        runs.signal("refund-1", "approved", "carol");   // stored; the run's process does the refund
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.find("refund-1").orElseThrow().isFinished());
        assertThat(runs.find("refund-1")).get().extracting(Suspension::result)
                .isEqualTo("fake refund #1 by carol");
    }
    // end::workflow-test[]

}
