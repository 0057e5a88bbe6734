package io.fauxtp.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.fauxtp.genserver.CallExitException;
import io.fauxtp.genserver.CallTimeoutException;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Pid;
import io.fauxtp.text.TextCodec;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three members in one JVM: the static {@code GenServer.call}/{@code cast} on a pid of another member behave as
 * {@link FauxtpCluster#call}/{@link FauxtpCluster#cast} (the member's transport carries them).
 */
class StaticGenServerAcrossMembersTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final TestCluster CLUSTER = new TestCluster("fauxtp-static-calls", 3, WAIT);

    private static FauxtpCluster member(int i) {
        return CLUSTER.member(i);
    }

    /** Runs {@code body} in a process of member 0 and gives what it returned or threw. */
    private static CompletableFuture<Object> inProcessOfMember0(Function<Pid, Object> body) {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        member(0).node().spawn(self -> {
            try {
                outcome.complete(body.apply(self.self()));
            } catch (RuntimeException e) {
                outcome.completeExceptionally(e);
            }
        });
        return outcome;
    }

    private static void assertReason(Throwable thrown, ExitReason reason) {
        assertThat(thrown).isInstanceOfSatisfying(CallExitException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void castsThenACallFromAProcessReachAGenServerOnAnotherMember() {
        Pid counter = GenServer.start(member(1).node(), new GlobalNamesAndRemoteCallTest.Counter(), null);
        // tag::static-remote-call[]
        CompletableFuture<Object> count = inProcessOfMember0(self -> {
            for (long i = 1; i <= 100; i++) {
                GenServer.cast(counter, i);                 // counter runs on another member
            }
            return GenServer.<Long>call(counter, "count");  // same semantics as FauxtpCluster.call
        });
        // end::static-remote-call[]
        assertThat(count).succeedsWithin(WAIT).isEqualTo(100L * 101 / 2);
        GenServer.stop(counter);
    }

    @Test
    void castsThenACallFromAPlainThreadReachAGenServerOnAnotherMember() {
        Pid counter = GenServer.start(member(2).node(), new GlobalNamesAndRemoteCallTest.Counter(), null);
        for (long i = 1; i <= 10; i++) {
            GenServer.cast(counter, i);
        }
        assertThat(GenServer.<Long>call(counter, "count", WAIT)).isEqualTo(55L);
        GenServer.stop(counter);
    }

    @Test
    void aDeadPidOfALiveMemberIsNoProcess() {
        Pid dead = new Pid(member(1).node().id(), 999_999);
        assertThat(inProcessOfMember0(self -> GenServer.call(dead, "count", WAIT)))
                .failsWithin(WAIT).withThrowableThat().satisfies(e -> assertReason(e.getCause(), ExitReason.NO_PROCESS));
        assertThatThrownBy(() -> GenServer.call(dead, "count", WAIT))
                .satisfies(e -> assertReason(e, ExitReason.NO_PROCESS));
    }

    @Test
    void noReplyInTimeIsACallTimeout() {
        Pid counter = GenServer.start(member(2).node(), new GlobalNamesAndRemoteCallTest.Counter(), null);
        assertThat(inProcessOfMember0(self -> GenServer.call(counter, "never answered", Duration.ofMillis(300))))
                .failsWithin(WAIT).withThrowableThat().havingCause().isInstanceOf(CallTimeoutException.class);
        assertThatThrownBy(() -> GenServer.call(counter, "never answered", Duration.ofMillis(300)))
                .isInstanceOf(CallTimeoutException.class);
        GenServer.stop(counter);
    }

    @Test
    void aServerOfAMemberThatLeftFailsWithNoConnectionAtOnce() {
        HazelcastInstance leavingHazelcast = TestClusters.member(CLUSTER.name());
        FauxtpCluster leaving = FauxtpCluster.join(leavingHazelcast, "leaving", TextCodec.standard());
        Pid counter = GenServer.start(leaving.node(), new GlobalNamesAndRemoteCallTest.Counter(), null);
        await().atMost(WAIT).until(() -> member(0).isMember(leaving.localMember()));
        assertThat(GenServer.<Long>call(counter, "count", WAIT)).isZero();
        leaving.close();
        leavingHazelcast.shutdown();

        // A long call timeout: the failure comes from the member being gone, not from waiting.
        Duration patient = Duration.ofMinutes(5);
        assertThat(inProcessOfMember0(self -> GenServer.call(counter, "count", patient)))
                .failsWithin(WAIT).withThrowableThat().satisfies(e -> assertReason(e.getCause(), ExitReason.NO_CONNECTION));
        assertThat(CompletableFuture.supplyAsync(() -> GenServer.call(counter, "count", patient)))
                .failsWithin(WAIT).withThrowableThat().satisfies(e -> assertReason(e.getCause(), ExitReason.NO_CONNECTION));
        GenServer.cast(counter, 1L);   // dropped, like a cast to a dead server: no error
    }
}
