package io.fauxtp.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.spring.workflow.WorkflowRuns;
import io.fauxtp.test.EffectRecorder.Call;
import io.fauxtp.test.RestockApplication.Supplier;
import io.fauxtp.workflow.Suspension;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The effect recorder: a fake answers instead of the handler bean for one test, every call is recorded with its
 * arguments, answer, thread and run, and the next test of the same context starts with neither.
 */
@SpringBootTest(classes = RestockApplication.class)
@FauxtpTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EffectRecorderTests {

    @Autowired
    WorkflowRuns runs;

    @Autowired
    WorkflowTester workflows;

    @Autowired
    EffectRecorder effects;

    @Test
    @Order(1)
    void aFakeAnswersForTheHandlerAndTheCallIsRecorded() {
        this.effects.fake(Supplier.class, (item) -> "FAKE-" + item);
        this.runs.start("restock", "faked", "bolts");

        Suspension delivered = this.workflows.signalAndAwaitNextWait("faked", "approved", "ann");

        assertThat(delivered.status()).isEqualTo(Suspension.Status.WAITING);
        List<Call> calls = this.effects.calls(Supplier.class);
        assertThat(calls).singleElement().satisfies((call) -> {
            assertThat(call.method()).isEqualTo("order");
            assertThat(call.args()).containsExactly("bolts");
            assertThat(call.result()).isEqualTo("FAKE-bolts");
            assertThat(call.faked()).isTrue();
            assertThat(call.runId()).isEqualTo("faked");
            assertThat(call.thread()).isNotEqualTo(Thread.currentThread().getName());
        });
        assertThat(this.workflows.signalAndAwaitNextWait("faked", "delivered", "all there").result())
                .isEqualTo("FAKE-bolts approved by ann, all there");
    }

    @Test
    @Order(2)
    void theNextTestStartsWithTheRealHandlerAndNoRecordedCalls() {
        assertThat(this.effects.calls()).isEmpty();
        this.runs.start("restock", "real", "nuts");

        this.workflows.signalAndAwaitNextWait("real", "approved", "bob");

        assertThat(this.effects.calls()).singleElement().satisfies((call) -> {
            assertThat(call.result()).isEqualTo("PO-nuts");
            assertThat(call.faked()).isFalse();
        });
    }

}
