package io.fauxtp.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.test.RestockApplication.Supplier;
import io.fauxtp.workflow.Await;
import io.fauxtp.workflow.Suspension;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The example of docs/testing.md: a workflow driven from wait to wait, with a faked and recorded effect. */
// tag::fauxtp-test[]
@SpringBootTest
@FauxtpTest   // a private in-memory workflow store, EffectRecorder, ProcessTester, WorkflowTester
class WorkflowTesterTests {

    @Autowired
    WorkflowTester workflows;

    @Autowired
    EffectRecorder effects;

    @Test
    void aRestockWaitsForItsApprovalOrdersThenWaitsForTheDelivery() {
        effects.fake(Supplier.class, item -> "PO-TEST-" + item);   // this test only

        Suspension first = workflows.startAndAwaitNextWait("restock", "restock-7", "bolts");
        assertThat(first.awaiting()).isEqualTo(new Await.Signal("approved"));

        Suspension second = workflows.signalAndAwaitNextWait("restock-7", "approved", "ann");
        assertThat(second.awaiting()).isEqualTo(new Await.Signal("delivered"));
        assertThat(effects.calls(Supplier.class)).singleElement()
                .satisfies(call -> assertThat(call.args()).containsExactly("bolts"));

        Suspension done = workflows.signalAndAwaitNextWait("restock-7", "delivered", "12 boxes");
        assertThat(done.result()).isEqualTo("PO-TEST-bolts approved by ann, 12 boxes");
    }
}
// end::fauxtp-test[]
