package io.fauxtp.supervisor;

import static io.fauxtp.supervisor.SupTestKit.await;
import static io.fauxtp.supervisor.SupTestKit.eventually;
import static io.fauxtp.supervisor.SupTestKit.exitOf;
import static io.fauxtp.supervisor.SupTestKit.pidOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.testkit.TestNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Group restarts (one_for_all, rest_for_one) as OTP's supervisor.erl does them: terminate_children, then
 * start_children, and a failed start retried as a whole new restart. Each test is a scenario on which the
 * differential test against Erlang/OTP found fauxtp diverging; the comment gives OTP's answer.
 */
class SupervisorGroupRestartTest {

    @RegisterExtension
    final TestNode fauxtp = new TestNode("sup-group-restart");
    private final Node node = fauxtp.node();
    private final Map<String, Integer> starts = new ConcurrentHashMap<>();
    private final Map<String, Integer> failNext = new ConcurrentHashMap<>();

    /** A permanent child that counts its successful starts and fails while {@code failNext} says so. */
    private ChildSpec child(String id, Restart restart) {
        StartFunction start = parent -> {
            if (failNext.getOrDefault(id, 0) > 0) {
                failNext.merge(id, -1, Integer::sum);
                throw new IllegalStateException("start of " + id + " refused");
            }
            starts.merge(id, 1, Integer::sum);
            return parent.spawnLink(self -> self.receive());
        };
        return new ChildSpec(id, start, restart, Shutdown.brutalKill(), ChildType.WORKER, null, null);
    }

    private static List<String> running(Pid sup) {
        return Supervisor.whichChildren(sup).stream().filter(c -> c.status() == ChildStatus.RUNNING)
                .map(ChildInfo::id).toList();
    }

    @Test
    void aOneForAllRestartStartsAChildTerminatedByHand() {
        // OTP: {sup, one_for_all, ...}: terminate_child(c1), then c2 crashes -> a new c1 and a new c2 run.
        Pid sup = Supervisor.start(node, SupervisorSpec.oneForAll(child("c1", Restart.PERMANENT),
                child("c2", Restart.PERMANENT)));
        Supervisor.terminateChild(sup, "c1");

        node.exit(pidOf(sup, "c2"), ExitReason.KILL);

        assertThat(running(sup)).containsExactly("c1", "c2");
        assertThat(starts).containsEntry("c1", 2).containsEntry("c2", 2);
    }

    @Test
    void aRestForOneRestartStartsALaterTransientThatHadShutDown() {
        // OTP: rest_for_one, transient c2 exits with shutdown (not restarted), then c1 crashes -> c1, c2 and c3 run.
        Pid sup = Supervisor.start(node, SupervisorSpec.restForOne(child("c1", Restart.PERMANENT),
                child("c2", Restart.TRANSIENT), child("c3", Restart.PERMANENT)));
        node.exit(pidOf(sup, "c2"), ExitReason.SHUTDOWN);   // a transient is not restarted after shutdown
        assertThat(running(sup)).containsExactly("c1", "c3");

        node.exit(pidOf(sup, "c1"), ExitReason.KILL);

        assertThat(running(sup)).containsExactly("c1", "c2", "c3");
        assertThat(starts).containsEntry("c1", 2).containsEntry("c2", 2).containsEntry("c3", 2);
    }

    @Test
    void aFailedStartDuringAOneForAllRestartRestartsTheWholeGroupAgain() {
        // OTP: c2 fails to start once; c1 crashes -> c1 starts, c2 fails; the retry stops c1 and starts c1, c2,
        // c3: c1 has started 3 times, c2 and c3 twice, and no member of the first attempt is left running.
        Pid sup = Supervisor.start(node, SupervisorSpec.oneForAll(child("c1", Restart.PERMANENT),
                child("c2", Restart.PERMANENT), child("c3", Restart.PERMANENT)));
        failNext.put("c2", 1);

        node.exit(pidOf(sup, "c1"), ExitReason.KILL);

        eventually().until(() -> running(sup).size() == 3);
        assertThat(starts).containsEntry("c1", 3).containsEntry("c2", 2).containsEntry("c3", 2);
    }

    @Test
    void theRetryOfAFailedGroupStartCountsTowardTheIntensity() throws Exception {
        // OTP: intensity 1: the crash is restart 1, the retry after c2's failed start is restart 2 -> shutdown.
        Pid sup = Supervisor.start(node, SupervisorSpec.oneForAll(child("c1", Restart.PERMANENT),
                child("c2", Restart.PERMANENT)).withIntensity(1, Duration.ofMinutes(1)));
        CompletableFuture<ExitReason> exit = exitOf(node, sup);
        failNext.put("c2", 1);

        node.exit(pidOf(sup, "c1"), ExitReason.KILL);

        assertThat(await(exit)).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(starts).containsEntry("c1", 2).containsEntry("c2", 1);
    }

    @Test
    void restartChildOnAChildInARestartLoopAnswersRestarting() {
        // OTP: restart_child(Sup, c1) while c1's restart fails and is retried -> {error, restarting}.
        Pid sup = Supervisor.start(node, SupervisorSpec.oneForOne(child("c1", Restart.PERMANENT))
                .withIntensity(Integer.MAX_VALUE, Duration.ofMinutes(1)));
        failNext.put("c1", Integer.MAX_VALUE);
        node.exit(pidOf(sup, "c1"), ExitReason.KILL);

        assertThatThrownBy(() -> Supervisor.restartChild(sup, "c1"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is restarting");
        assertThatThrownBy(() -> Supervisor.deleteChild(sup, "c1"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is restarting");

        failNext.put("c1", 0);
        eventually().until(() -> running(sup).equals(List.of("c1")));
    }
}
