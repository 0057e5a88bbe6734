package io.fauxtp.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fauxtp.genserver.CallExitException;
import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.CastResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Matcher;
import io.fauxtp.process.NameTakenException;
import io.fauxtp.process.Pid;
import io.fauxtp.text.TextDumpException;
import io.fauxtp.text.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Three members in one JVM: global names and remote send, call and cast through the wire. */
class GlobalNamesAndRemoteCallTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final TestCluster CLUSTER = new TestCluster("fauxtp-names", 3, WAIT);

    /** Counts casts; a call returns the count, so a call after casts shows whether they all came first. */
    static final class Counter implements GenServer<Long> {
        @Override
        public Long init(Object args) {
            return 0L;
        }

        @Override
        public CastResult<Long> handleCast(Object request, Long count) {
            return CastResult.noReply(count + (Long) request);
        }

        @Override
        public CallResult<Long> handleCall(Object request, From from, Long count) {
            return switch ((String) request) {
                case "count" -> CallResult.reply(count, count);
                case "crash" -> throw new IllegalStateException("asked to crash");
                default -> CallResult.noReply(count);   // never answered
            };
        }
    }

    private static FauxtpCluster member(int i) {
        return CLUSTER.member(i);
    }

    @Test
    void hazelcastReleasesBefore570AreRefused() {
        assertThatThrownBy(() -> FauxtpCluster.requireSafeVersion("5.5.0"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inherits spring-boot-starter-parent, set the property <hazelcast.version>5.7.0")
                .hasMessageContaining("imports spring-boot-dependencies as a BOM")
                .hasMessageContaining("com.hazelcast:hazelcast:5.7.0 to <dependencyManagement> before");
        assertThatThrownBy(() -> FauxtpCluster.requireSafeVersion("garbage")).isInstanceOf(IllegalStateException.class);
        FauxtpCluster.requireSafeVersion("5.7.0");
        FauxtpCluster.requireSafeVersion("6.0.0-SNAPSHOT");
    }

    @Test
    void nodeIdsAreClusterUniqueAndListedPerMember() {
        List<Integer> ids = CLUSTER.members().stream().map(c -> c.node().id()).toList();
        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id >= FauxtpCluster.FIRST_NODE_ID);
        assertThat(member(1).members()).hasSize(3)
                .filteredOn(ClusterMember::local).singleElement()
                .satisfies(m -> assertThat(m.nodeIds()).containsExactly(member(1).node().id()));
    }

    @Test
    void globalNamesAreSeenEverywhereAndRemovedWhenTheProcessExits() {
        Pid worker = member(0).node().spawn(self -> self.receive(Matcher.when(String.class, "stop"::equals)));
        member(0).register("global-worker", worker);

        assertThat(member(1).whereis("global-worker")).contains(worker);
        assertThat(member(2).globalNames()).containsEntry("global-worker", worker);
        Pid other = member(1).node().spawn(self -> self.receive());
        assertThatThrownBy(() -> member(1).register("global-worker", other))
                .isInstanceOf(NameTakenException.class).hasMessageContaining("global-worker");
        assertThatThrownBy(() -> member(1).register("someone-elses", worker))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a live process of this member");

        member(2).send("global-worker", "stop");   // sent from another member, through the wire
        await().atMost(WAIT).until(() -> member(1).whereis("global-worker").isEmpty());

        member(1).register("global-worker", other);
        assertThat(member(0).whereis("global-worker")).contains(other);
        assertThat(member(2).unregister("global-worker")).isTrue();
        assertThat(member(0).whereis("global-worker")).isEmpty();
        member(1).node().exit(other, ExitReason.KILL);
    }

    @Test
    void remoteCastsFromOneSenderArriveInSendingOrder() {
        Pid recorder = GenServer.start(member(2).node(), new Inbox(), null);
        member(2).register("recorder", recorder);
        CompletableFuture<List<Long>> seen = new CompletableFuture<>();
        member(0).node().spawn(self -> {
            for (long i = 1; i <= 500; i++) {
                member(0).cast("recorder", i);
            }
            seen.complete(member(0).<List<Long>>call("recorder", "seen", Duration.ofSeconds(5)));
        });
        assertThat(seen).succeedsWithin(WAIT).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 500).boxed().toList());
        GenServer.stop(recorder);
    }

    @Test
    void aSingletonsNameMovesToTheCopyWithTheHigherTokenWhileTheFormerHolderIsStillAMember() {
        Pid former = member(0).node().spawn(self -> self.receive(Matcher.when(String.class, "stop"::equals)));
        member(0).registerFenced("singleton-name", former, "jobs", 7);
        Pid newer = member(1).node().spawn(self -> self.receive(Matcher.when(String.class, "stop"::equals)));

        // Neither a plain registration nor a copy with a lower or the same token takes it; the higher token does,
        // with the former holder alive and its member in the cluster.
        assertThatThrownBy(() -> member(1).register("singleton-name", newer)).isInstanceOf(NameTakenException.class);
        assertThatThrownBy(() -> member(1).registerFenced("singleton-name", newer, "jobs", 7))
                .isInstanceOf(NameTakenException.class);
        assertThatThrownBy(() -> member(1).registerFenced("singleton-name", newer, "other-singleton", 8))
                .isInstanceOf(NameTakenException.class);
        member(1).registerFenced("singleton-name", newer, "jobs", 8);
        assertThat(member(2).whereis("singleton-name")).contains(newer);
        assertThat(member(0).node().isAlive(former)).isTrue();
        assertThat(member(0).members()).hasSize(3);
        Pid stale = member(0).node().spawn(self -> self.receive());
        assertThatThrownBy(() -> member(0).registerFenced("singleton-name", stale, "jobs", 7))
                .isInstanceOf(NameTakenException.class);
        member(0).node().exit(stale, ExitReason.KILL);

        // The former holder's exit does not take the name from the newer copy.
        member(0).node().exit(former, ExitReason.KILL);   // its names are released on a thread of their own
        await().during(Duration.ofSeconds(2)).atMost(WAIT)
                .until(() -> member(2).whereis("singleton-name").equals(java.util.Optional.of(newer)));
        member(1).node().send(newer, "stop");
        await().atMost(WAIT).until(() -> member(2).whereis("singleton-name").isEmpty());
    }

    @Test
    void remoteCastsAllArriveBeforeALaterCall() {
        FauxtpCluster here = member(1);
        FauxtpCluster there = member(0);
        // tag::global-names[]
        Pid counter = GenServer.start(here.node(), new Counter(), null);
        here.register("counter", counter);              // a cluster-wide name, like Erlang's global

        CompletableFuture<Long> seen = new CompletableFuture<>();
        there.node().spawn(self -> {                    // a process on another member
            for (long i = 1; i <= 200; i++) {
                there.cast("counter", i);               // casts from one sender arrive in order
            }
            seen.complete(there.<Long>call("counter", "count", Duration.ofSeconds(5)));
        });
        // end::global-names[]
        assertThat(seen).succeedsWithin(WAIT).isEqualTo(200L * 201 / 2);
        GenServer.stop(counter);
    }

    @Test
    void rawMessagesReachRemotePidsInSenderOrderAndRepliesComeBack() {
        // An echo process on member 2 answers to whatever pid a message carries: a pid of member 0.
        Pid echo = member(2).node().spawn(self -> {
            while (true) {
                Tuple t = self.receive(Matcher.type(Tuple.class));
                self.send((Pid) t.get(0), t.get(1));
            }
        });
        CompletableFuture<List<Object>> got = new CompletableFuture<>();
        member(0).node().spawn(self -> {
            for (long i = 0; i < 100; i++) {
                self.send(echo, Tuple.of(self.self(), i));   // plain ProcessContext.send to a remote pid
            }
            List<Object> received = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                received.add(self.receive(Matcher.type(Long.class)));
            }
            got.complete(received);
        });
        assertThat(got).succeedsWithin(WAIT).satisfies(list ->
                assertThat(list).isEqualTo(java.util.stream.LongStream.range(0, 100).boxed().toList()));
        member(2).node().exit(echo, ExitReason.KILL);
    }

    @Test
    void remoteCallFailuresKeepTheirLocalMeaning() {
        Pid counter = GenServer.start(member(2).node(), new Counter(), null);
        Pid gone = new Pid(member(2).node().id(), 999_999);
        assertThatThrownBy(() -> member(0).call(gone, "count", WAIT))
                .isInstanceOfSatisfying(CallExitException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExitReason.NO_PROCESS));
        assertThatThrownBy(() -> member(0).call("nobody-has-this-name", "count", WAIT))
                .isInstanceOfSatisfying(CallExitException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExitReason.NO_PROCESS));
        assertThatThrownBy(() -> member(0).call(counter, "crash", WAIT))
                .isInstanceOfSatisfying(CallExitException.class,
                        e -> assertThat(e.reason().isNormalOrShutdown()).isFalse());
        assertThatThrownBy(() -> member(0).node().send(new Pid(member(1).node().id(), 1),
                        new Object()))
                .isInstanceOf(TextDumpException.class);   // an unregistered type never crosses the wire
    }

    /** A type the members' {@code TextCodec} does not know. */
    record NotRegistered(long n) {}

    @Test
    void aMessageOfAnUnregisteredTypeFailsAtTheSender() {
        Pid counter = GenServer.start(member(2).node(), new Counter(), null);
        member(2).register("counter-of-unknown-types", counter);
        assertThatThrownBy(() -> member(0).cast("counter-of-unknown-types", new NotRegistered(1)))
                .isInstanceOf(TextDumpException.class);
        assertThatThrownBy(() -> member(0).call(counter, new NotRegistered(2), WAIT))
                .isInstanceOf(TextDumpException.class);
        assertThat(member(0).<Long>call(counter, "count", WAIT)).isZero();   // nothing of them arrived
        GenServer.stop(counter);
    }
}
