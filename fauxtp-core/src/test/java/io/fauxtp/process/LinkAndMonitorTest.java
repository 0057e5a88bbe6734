package io.fauxtp.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.testkit.Probe;
import io.fauxtp.testkit.TestNode;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LinkAndMonitorTest {

    static final Duration LONG = Duration.ofSeconds(10);

    @RegisterExtension
    final TestNode fauxtp = new TestNode("links");
    private final Node node = fauxtp.node();
    private final Probe out = new Probe();

    /** A process that waits forever, reporting its death reason to {@code out} through a monitor. */
    private Pid watched(ProcessBody body) throws InterruptedException {
        LinkedBlockingQueue<Pid> spawned = new LinkedBlockingQueue<>();
        node.spawn(self -> {
            SpawnedMonitor sm = self.spawnMonitor(body);
            spawned.put(sm.pid());
            Down down = self.receive(Matcher.type(Down.class));
            out.put(down);
        });
        return spawned.poll(10, TimeUnit.SECONDS);
    }

    @Test
    void anAbnormalExitKillsLinkedProcessesWithTheSameReason() throws Exception {
        CountDownLatch linked = new CountDownLatch(1);
        LinkedBlockingQueue<Pid> crasher = new LinkedBlockingQueue<>();
        Pid partner = watched(self -> {
            crasher.put(self.spawnLink(child -> {
                child.receive();
                throw new IllegalArgumentException("bad");
            }));
            linked.countDown();
            self.receive();
        });
        linked.await();
        node.send(crasher.take(), "go");
        Down down = (Down) out.next();
        assertThat(down.pid()).isEqualTo(partner);
        assertThat(down.reason()).isInstanceOfSatisfying(ExitReason.Error.class,
                e -> assertThat(e.cause()).isInstanceOf(IllegalArgumentException.class).hasMessage("bad"));
    }

    @Test
    void trapExitExample() throws Exception {
        LinkedBlockingQueue<String> reasons = new LinkedBlockingQueue<>();
        // tag::trap-exit[]
        node.spawn(self -> {
            self.trapExit(true);                       // exit signals from links arrive as Exit messages
            self.spawnLink(worker -> {
                throw new IllegalStateException("boom");
            });
            switch (self.receive()) {
                case Exit(Pid from, ExitReason.Error(Throwable cause)) -> reasons.put(from + " crashed: " + cause.getMessage());
                case Exit(Pid from, ExitReason reason) -> reasons.put(from + " ended: " + reason);
                default -> {}
            }
        });
        // end::trap-exit[]
        assertThat(reasons.poll(10, TimeUnit.SECONDS)).endsWith(" crashed: boom");
    }

    @Test
    void aNormalExitDoesNotKillLinkedProcesses() throws Exception {
        Pid partner = node.spawn(self -> {
            self.spawnLink(child -> {});
            out.put(self.receive());
        });
        await().atMost(LONG).until(() -> node.processCount() == 1);
        assertThat(node.isAlive(partner)).isTrue();
        assertThat(node.info(partner).orElseThrow().links()).isEmpty();
    }

    @Test
    void trappingExitsTurnsSignalsIntoMessages() throws Exception {
        node.spawn(self -> {
            self.trapExit(true);
            Pid child = self.spawnLink(c -> c.exit(ExitReason.of("oops")));
            out.put(self.receive(Matcher.type(Exit.class)));
            out.put(child);
        });
        Exit exit = (Exit) out.next();
        assertThat(exit.from()).isEqualTo(out.next());
        assertThat(exit.reason()).isEqualTo(new ExitReason.Custom("oops"));
    }

    @Test
    void trappingProcessesAlsoSeeNormalExitsOfLinks() throws Exception {
        node.spawn(self -> {
            self.trapExit(true);
            self.spawnLink(c -> {});
            out.put(self.receive(Matcher.type(Exit.class)).reason());
        });
        assertThat(out.next()).isEqualTo(ExitReason.NORMAL);
    }

    @Test
    void killCannotBeTrappedAndPropagatesAsKilled() throws Exception {
        LinkedBlockingQueue<Pid> victim = new LinkedBlockingQueue<>();
        node.spawn(self -> {
            self.trapExit(true);
            victim.put(self.spawn(SpawnOptions.defaults().withLink().withTrapExit(), c -> c.receive()));
            out.put(self.receive(Matcher.type(Exit.class)));
        });
        Pid v = victim.take();
        node.exit(v, ExitReason.KILL);
        Exit exit = (Exit) out.next();
        assertThat(exit.from()).isEqualTo(v);
        assertThat(exit.reason()).isEqualTo(ExitReason.KILLED);
        assertThat(node.isAlive(v)).isFalse();
    }

    @Test
    void anExitSignalWithAnAbnormalReasonKillsANonTrappingProcess() throws Exception {
        Pid p = watched(self -> self.receive());
        node.exit(p, ExitReason.shutdown("bye"));
        Down down = (Down) out.next();
        assertThat(down.reason()).isEqualTo(new ExitReason.Shutdown("bye"));
        assertThat(down.reason().isNormalOrShutdown()).isTrue();
        assertThat(down.reason().isNormal()).isFalse();
    }

    @Test
    void anExitSignalWithReasonNormalIsIgnoredByANonTrappingProcess() throws Exception {
        Pid p = node.spawn(self -> out.put(self.receive()));
        node.exit(p, ExitReason.NORMAL);
        node.send(p, "still here");
        assertThat(out.next()).isEqualTo("still here");
    }

    @Test
    void aKilledProcessBlockedInSleepDiesAtOnce() throws Exception {
        Pid p = watched(self -> Thread.sleep(Long.MAX_VALUE));
        node.exit(p, ExitReason.KILL);
        assertThat(((Down) out.next()).reason()).isEqualTo(ExitReason.KILLED);
    }

    @Test
    void aKilledProcessThatComputesIsDeadAtOnceAndItsThreadStopsAtItsNextRuntimeCall() throws Exception {
        // A JVM thread cannot be stopped from outside (a deliberate difference from Erlang, docs/processes.md):
        // the kill takes effect for everyone else at once, the victim's code runs on until it next calls fauxtp.
        AtomicBoolean computing = new AtomicBoolean(true);
        LinkedBlockingQueue<Object> afterKill = new LinkedBlockingQueue<>();
        Pid receiver = node.spawn(self -> {
            while (true) {
                afterKill.put(self.receive());
            }
        });
        Pid busy = watched(self -> {
            node.registry().register("busy", self.self());
            try {
                while (computing.get()) {
                    Thread.onSpinWait();   // no runtime call: nothing can unwind this loop
                }
                self.send(receiver, "sent after the kill");
                afterKill.offer("the send returned");   // offer: the kill left this thread interrupted
            } catch (Throwable unwound) {
                afterKill.offer(unwound.getClass().getSimpleName());
                throw unwound;
            }
        });
        await().atMost(LONG).until(() -> node.registry().whereis("busy").isPresent());

        node.exit(busy, ExitReason.KILL);

        assertThat(((Down) out.next())).as("its monitor learns of the death while its code still computes")
                .extracting(Down::reason).isEqualTo(ExitReason.KILLED);
        assertThat(computing).isTrue();
        assertThat(node.isAlive(busy)).isFalse();
        assertThat(node.registry().whereis("busy")).as("its name is free at once").isEmpty();

        computing.set(false);
        assertThat(afterKill.poll(LONG.toSeconds(), TimeUnit.SECONDS))
                .as("its first runtime call after the kill unwinds its thread").isEqualTo("ProcessExitSignal");
        node.send(receiver, "marker");
        assertThat(afterKill.poll(LONG.toSeconds(), TimeUnit.SECONDS))
                .as("what it tried to send after the kill was never delivered").isEqualTo("marker");
    }

    @Test
    void linkingToADeadProcessDeliversNoproc() throws Exception {
        Pid dead = node.spawn(self -> {});
        await().atMost(LONG).until(() -> !node.isAlive(dead));
        node.spawn(self -> {
            self.trapExit(true);
            self.link(dead);
            out.put(self.receive(Matcher.type(Exit.class)));
        });
        assertThat(out.next()).isEqualTo(new Exit(dead, ExitReason.NO_PROCESS));
        Pid nonTrapping = watched(self -> {
            self.link(dead);
            self.receive();
        });
        assertThat(((Down) out.next()).reason()).isEqualTo(ExitReason.NO_PROCESS);
        assertThat(node.isAlive(nonTrapping)).isFalse();
    }

    @Test
    void unlinkStopsPropagation() throws Exception {
        LinkedBlockingQueue<Pid> child = new LinkedBlockingQueue<>();
        Pid parent = node.spawn(self -> {
            Pid c = self.spawnLink(x -> x.receive());
            self.unlink(c);
            child.put(c);
            out.put(self.receive());
        });
        node.exit(child.take(), ExitReason.of("gone"));
        node.send(parent, "alive");
        assertThat(out.next()).isEqualTo("alive");
    }

    @Test
    void monitorDeliversDownExactlyOnce() throws Exception {
        LinkedBlockingQueue<Pid> target = new LinkedBlockingQueue<>();
        node.spawn(self -> {
            Pid t = self.spawn(x -> x.receive());
            MonitorRef r1 = self.monitor(t);
            MonitorRef r2 = self.monitor(t);
            target.put(t);
            out.put(self.receive(Matcher.type(Down.class)));
            out.put(self.receive(Matcher.type(Down.class)));
            out.put(self.receive(Matcher.type(Down.class), Duration.ofMillis(200)).isEmpty());
            out.put(r1);
            out.put(r2);
        });
        Pid t = target.take();
        node.send(t, "stop");
        Down d1 = (Down) out.next();
        Down d2 = (Down) out.next();
        assertThat(out.next()).isEqualTo(true);
        assertThat(d1.pid()).isEqualTo(t);
        assertThat(d1.reason()).isEqualTo(ExitReason.NORMAL);
        assertThat(java.util.Set.of(d1.ref(), d2.ref())).containsExactlyInAnyOrder((MonitorRef) out.next(),
                (MonitorRef) out.next());
    }

    @Test
    void monitoringADeadPidGivesNoprocAtOnce() throws Exception {
        Pid dead = node.spawn(self -> {});
        await().atMost(LONG).until(() -> !node.isAlive(dead));
        node.spawn(self -> {
            MonitorRef ref = self.monitor(dead);
            Down down = self.receive(Matcher.type(Down.class), Duration.ZERO).orElseThrow();
            out.put(down.ref().equals(ref));
            out.put(down);
        });
        assertThat(out.next()).isEqualTo(true);
        Down down = (Down) out.next();
        assertThat(down.reason()).isEqualTo(ExitReason.NO_PROCESS);
        assertThat(down.pid()).isEqualTo(dead);
    }

    @Test
    void monitorByNameOfAMissingProcessGivesNoproc() throws Exception {
        node.spawn(self -> {
            self.monitor("nobody");
            out.put(self.receive(Matcher.type(Down.class), Duration.ZERO).orElseThrow().reason());
        });
        assertThat(out.next()).isEqualTo(ExitReason.NO_PROCESS);
    }

    @Test
    void demonitorRemovesTheMonitorAndFlushesAPendingDown() throws Exception {
        node.spawn(self -> {
            Pid t = self.spawn(x -> {});
            MonitorRef ref = self.monitor(t);
            // wait until t is certainly gone, so its Down may already be in the mailbox
            MonitorRef probe = self.monitor(t);
            self.receive(Matcher.when(Down.class, d -> d.ref().equals(probe)));
            self.demonitor(ref);
            out.put(self.receive(Matcher.type(Down.class), Duration.ofMillis(100)).isEmpty());
            Pid t2 = self.spawn(x -> x.receive());
            MonitorRef ref2 = self.monitor(t2);
            out.put(self.demonitor(ref2));
            self.send(t2, "end");
            out.put(self.receive(Matcher.type(Down.class), Duration.ofMillis(100)).isEmpty());
        });
        assertThat(out.next()).isEqualTo(true);
        assertThat(out.next()).isEqualTo(true);
        assertThat(out.next()).isEqualTo(true);
    }

    @Test
    void longLinkChainsDieWithoutDeepRecursion() throws Exception {
        int length = 5_000;
        LinkedBlockingQueue<Pid> head = new LinkedBlockingQueue<>();
        ProcessBody[] link = new ProcessBody[1];
        int[] remaining = {length};
        // each process spawns and links the next one, then waits
        link[0] = self -> {
            synchronized (remaining) {
                remaining[0]--;
            }
            if (remaining[0] > 0) {
                self.spawnLink(link[0]);
            }
            self.receive();
        };
        Pid first = node.spawn(self -> {
            head.put(self.self());
            self.spawnLink(link[0]);
            self.receive();
        });
        head.take();
        await().atMost(Duration.ofSeconds(30)).until(() -> node.processCount() == length + 1);
        node.exit(first, ExitReason.of("cascade"));
        await().atMost(Duration.ofSeconds(30)).until(() -> node.processCount() == 0);
    }

    @Test
    void aProcessKilledByAnExitSignalSendsItsExitBeforeItsDownToOneThatLinksAndMonitors() throws Exception {
        // Erlang orders the signals of one sender to one receiver: the link's EXIT, then the monitor's DOWN.
        // Found by ProcessDifferentialTest: when the target died of a signal (here from the test thread) its
        // link signals were deferred behind the one being delivered, but its Downs were not.
        for (ExitReason reason : java.util.List.of(ExitReason.SHUTDOWN, ExitReason.KILL)) {
            LinkedBlockingQueue<Object> seen = new LinkedBlockingQueue<>();
            CountDownLatch watching = new CountDownLatch(1);
            Pid target = node.spawn(self -> self.receive());
            node.spawn(SpawnOptions.defaults().withTrapExit(), self -> {
                self.link(target);
                self.monitor(target);
                watching.countDown();
                seen.add(self.receive());
                seen.add(self.receive());
            });
            assertThat(watching.await(10, TimeUnit.SECONDS)).isTrue();

            node.exit(target, reason);

            assertThat(seen.poll(10, TimeUnit.SECONDS)).isInstanceOf(Exit.class);
            assertThat(seen.poll(10, TimeUnit.SECONDS)).isInstanceOf(Down.class);
        }
    }
}

