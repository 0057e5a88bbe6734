package io.fauxtp.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.spring.FauxtpTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Awaiting a named process, and crashing it: the supervisor's restart is a new process with a fresh state. */
@SpringBootTest(classes = RestockApplication.class)
@FauxtpTest
class ProcessTesterTests {

    @Autowired
    ProcessTester processes;

    @Autowired
    FauxtpTemplate fauxtp;

    @Autowired
    Node node;

    // tag::crash[]
    @Test
    void aCrashedChildIsSeenDeadAndComesBackAsANewProcess() {
        Pid before = this.processes.awaitProcess("stock-north");
        this.fauxtp.call("stock-north", "add", Integer.class);
        assertThat(this.fauxtp.call("stock-north", "add", Integer.class)).isEqualTo(2);

        Pid after = this.processes.crashAndAwaitRestart("stock-north");

        assertThat(after).isNotEqualTo(before);
        assertThat(this.node.isAlive(before)).isFalse();
        assertThat(this.node.isAlive(after)).isTrue();
        assertThat(this.fauxtp.call("stock-north", "read", Integer.class)).as("a fresh init").isZero();
    }
    // end::crash[]

}
