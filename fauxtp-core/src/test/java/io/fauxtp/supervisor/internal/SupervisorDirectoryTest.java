package io.fauxtp.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fauxtp.genserver.CallExitException;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.testkit.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The moment between a supervisor leaving the directory and its process exiting. */
class SupervisorDirectoryTest {

    @RegisterExtension
    final TestNode fauxtp = new TestNode("sup-directory");
    private final Node node = fauxtp.node();

    @Test
    void aCallToASupervisorThatStoppedServingButIsStillAliveFailsWithItsExitReason() {
        // OTP: a call to a supervisor that is exiting fails with the supervisor's exit reason (the call's
        // monitor sees it die), never as a call to a process that is not a supervisor.
        Pid dying = node.spawn(self -> self.receive());
        SupervisorDirectory.Entry entry = SupervisorDirectory.add(dying);
        SupervisorDirectory.remove(entry, ExitReason.SHUTDOWN);

        assertThatThrownBy(() -> SupervisorProcess.call(dying, new SupervisorProcess.Request.CountChildren()))
                .isInstanceOfSatisfying(CallExitException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExitReason.SHUTDOWN));
    }

    @Test
    void aLiveProcessThatNeverWasASupervisorIsStillRefusedAsOneOfAnotherKind() {
        Pid other = node.spawn(self -> self.receive());

        assertThatThrownBy(() -> SupervisorProcess.call(other, new SupervisorProcess.Request.CountChildren()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a supervisor");
    }
}
