package io.fauxtp.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fauxtp.testkit.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProcessTest {

    static final Duration LONG = Duration.ofSeconds(10);

    record Ping(Pid from) {}

    record Pong(Pid from) {}

    record Numbered(String kind, int n) {}

    @RegisterExtension
    final TestNode fauxtp = new TestNode("process-test");
    private final Node node = fauxtp.node();

    /** Spawns a process that forwards what it receives to the test thread. */
    static Pid probe(Node node, LinkedBlockingQueue<Object> out) {
        return node.spawn(self -> {
            while (true) {
                out.put(self.receive());
            }
        });
    }

    @Test
    void pidsPrintLikeErlangAndParseBack() {
        Pid pid = new Pid(3, 42);
        assertThat(pid).hasToString("<3.42>");
        assertThat(Pid.parse("<3.42>")).isEqualTo(pid);
        assertThatThrownBy(() -> Pid.parse("3.42")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<1.42>");
    }

    @Test
    void aProcessAnswersMessagesSentFromOrdinaryCodeAndOtherProcesses() throws Exception {
        Pid echo = node.spawn(self -> {
            while (true) {
                if (self.receive() instanceof Ping(Pid from)) {
                    self.send(from, new Pong(self.self()));
                }
            }
        });
        LinkedBlockingQueue<Object> out = new LinkedBlockingQueue<>();
        Pid probe = probe(node, out);
        node.send(echo, new Ping(probe));
        assertThat(out.poll(10, TimeUnit.SECONDS)).isEqualTo(new Pong(echo));
        assertThat(node.isAlive(echo)).isTrue();
        assertThat(echo.node()).isEqualTo(node.id());
        assertThat(Node.byId(node.id())).contains(node);
    }

    @Test
    void selectiveReceiveTakesTheFirstMatchAndKeepsTheOthersInOrder() throws Exception {
        LinkedBlockingQueue<Object> out = new LinkedBlockingQueue<>();
        CountDownLatch sent = new CountDownLatch(1);
        Pid p = node.spawn(self -> {
            sent.await();
            // b1 is taken first although a1, a2 arrived before it
            out.put(self.receive(Matcher.when(Numbered.class, m -> m.kind().equals("b"))));
            out.put(self.receive());
            out.put(self.receive());
            out.put(self.receive());
        });
        node.send(p, new Numbered("a", 1));
        node.send(p, new Numbered("a", 2));
        node.send(p, new Numbered("b", 1));
        node.send(p, new Numbered("a", 3));
        sent.countDown();
        List<Object> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            got.add(out.poll(10, TimeUnit.SECONDS));
        }
        assertThat(got).containsExactly(new Numbered("b", 1), new Numbered("a", 1), new Numbered("a", 2),
                new Numbered("a", 3));
    }

    @Test
    void selectiveReceiveExample() throws Exception {
        // tag::selective-receive[]
        record Job(String name, boolean urgent) {}
        BlockingQueue<String> done = new LinkedBlockingQueue<>();

        Pid worker = node.spawn(self -> {
            self.receive(Matcher.exactly("start"));   // jobs sent before "start" stay queued, in order
            while (true) {
                // urgent jobs first (oldest first), then the others in arrival order
                Optional<Job> urgent = self.receive(Matcher.when(Job.class, Job::urgent), Duration.ZERO);
                Job job = urgent.isPresent() ? urgent.get() : self.receive(Matcher.type(Job.class));
                done.put(job.name());
            }
        });
        node.send(worker, new Job("a", false));
        node.send(worker, new Job("b", true));
        node.send(worker, new Job("c", false));
        node.send(worker, new Job("d", true));
        node.send(worker, "start");
        // done receives b, d, a, c
        // end::selective-receive[]
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            order.add(done.poll(10, TimeUnit.SECONDS));
        }
        assertThat(order).containsExactly("b", "d", "a", "c");
    }

    @Test
    void receiveWithPatternSwitch() throws Exception {
        LinkedBlockingQueue<Object> out = new LinkedBlockingQueue<>();
        Pid p = node.spawn(self -> {
            while (true) {
                String text = switch (self.receive()) {
                    case Numbered(String kind, int n) when n > 10 -> "big " + kind;
                    case Numbered n -> "small " + n.kind();
                    case String s -> "text " + s;
                    default -> "other";
                };
                out.put(text);
            }
        });
        node.send(p, new Numbered("x", 11));
        node.send(p, new Numbered("y", 1));
        node.send(p, "hi");
        node.send(p, 3.5);
        assertThat(List.of(out.poll(10, TimeUnit.SECONDS), out.poll(10, TimeUnit.SECONDS),
                out.poll(10, TimeUnit.SECONDS), out.poll(10, TimeUnit.SECONDS)))
                .containsExactly("big x", "small y", "text hi", "other");
    }

    @Test
    void receiveTimeoutIsADistinctOutcomeAndLeavesNonMatchingMessages() throws Exception {
        LinkedBlockingQueue<Object> out = new LinkedBlockingQueue<>();
        Pid p = node.spawn(self -> {
            Optional<Integer> none = self.receive(Matcher.type(Integer.class), Duration.ofMillis(50));
            out.put(none.isEmpty() ? "timeout" : "got " + none.get());
            Optional<String> immediate = self.receive(Matcher.type(String.class), Duration.ZERO);
            out.put(immediate.orElse("none"));
        });
        node.send(p, "kept");
        assertThat(out.poll(10, TimeUnit.SECONDS)).isEqualTo("timeout");
        assertThat(out.poll(10, TimeUnit.SECONDS)).isEqualTo("kept");
    }

    @Test
    void sendingToADeadProcessIsSilentlyDropped() throws Exception {
        Pid p = node.spawn(self -> {});
        await().atMost(LONG).until(() -> !node.isAlive(p));
        long before = node.events().messagesSent();
        node.send(p, "lost");
        assertThat(node.events().messagesSent()).isEqualTo(before + 1);
        assertThat(node.info(p)).isEmpty();
    }

    @Test
    void sendingToAnUnknownNameIsAClearError() {
        assertThatThrownBy(() -> node.send("nobody", "hi")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nobody");
        assertThatThrownBy(() -> node.send(new Pid(node.id(), 1), null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void anUncaughtExceptionEndsOnlyThatProcess() throws Exception {
        LinkedBlockingQueue<Object> out = new LinkedBlockingQueue<>();
        Pid bystander = probe(node, out);
        Pid watcher = node.spawn(self -> {
            SpawnedMonitor sm = self.spawnMonitor(child -> {
                throw new IllegalStateException("boom");
            });
            out.put(self.receive(Matcher.type(Down.class)).reason());
        });
        Object reason = out.poll(10, TimeUnit.SECONDS);
        assertThat(reason).isInstanceOfSatisfying(ExitReason.Error.class,
                e -> assertThat(e.cause()).hasMessage("boom"));
        assertThat(node.isAlive(bystander)).isTrue();
        await().atMost(LONG).until(() -> !node.isAlive(watcher));
    }

    @Test
    void aCrashIsLoggedOnceWithPidNameAndStackTrace() throws Exception {
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("io.fauxtp.process");
        List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        jul.addHandler(handler);
        try {
            Pid p = node.spawn(SpawnOptions.defaults().withName("fragile"), self -> {
                throw new ArithmeticException("divide by zero");
            });
            await().atMost(LONG).until(() -> !node.isAlive(p) && !records.isEmpty());
            assertThat(records).hasSize(1);
            java.util.logging.LogRecord r = records.get(0);
            assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.SEVERE);
            assertThat(r.getMessage()).contains(p.toString()).contains("fragile").contains("divide by zero");
            assertThat(r.getThrown()).isInstanceOf(ArithmeticException.class);
        } finally {
            jul.removeHandler(handler);
        }
    }

    @Test
    void aBlockedProcessDoesNotDelayOthers() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        for (int i = 0; i < 50; i++) {
            node.spawn(self -> never.await());
        }
        LinkedBlockingQueue<Object> out = new LinkedBlockingQueue<>();
        Pid p = probe(node, out);
        node.send(p, "through");
        assertThat(out.poll(10, TimeUnit.SECONDS)).isEqualTo("through");
    }

    @Test
    void contextIsOnlyAvailableInsideAProcess() throws Exception {
        assertThatThrownBy(ProcessContext::current).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not inside a fauxtp process");
        assertThat(ProcessContext.currentIfAny()).isEmpty();
        LinkedBlockingQueue<Object> out = new LinkedBlockingQueue<>();
        Pid p = node.spawn(self -> out.put(ProcessContext.current().self()));
        assertThat(out.poll(10, TimeUnit.SECONDS)).isEqualTo(p);
    }

    @Test
    void onlyTheOwnerMayReceive() throws Exception {
        LinkedBlockingQueue<ProcessContext> out = new LinkedBlockingQueue<>();
        node.spawn(self -> {
            out.put(self);
            self.receive();
        });
        ProcessContext ctx = out.poll(10, TimeUnit.SECONDS);
        assertThatThrownBy(ctx::receive).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("own thread");
    }

    @Test
    void exitEndsTheCallingProcessWithTheGivenReason() throws Exception {
        LinkedBlockingQueue<Object> out = new LinkedBlockingQueue<>();
        node.spawn(self -> {
            SpawnedMonitor sm = self.spawnMonitor(child -> {
                child.exit(ExitReason.of("bored"));
                out.put("not reached");
            });
            out.put(self.receive(Matcher.type(Down.class)));
        });
        Object down = out.poll(10, TimeUnit.SECONDS);
        assertThat(down).isInstanceOfSatisfying(Down.class,
                d -> assertThat(d.reason()).isEqualTo(new ExitReason.Custom("bored")));
    }

    @Test
    void processInfoShowsMailboxLinksMonitorsAndName() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        LinkedBlockingQueue<Object> out = new LinkedBlockingQueue<>();
        Pid worker = node.spawn(SpawnOptions.defaults().withName("worker").withTrapExit(), self -> hold.await());
        Pid owner = node.spawn(self -> {
            self.link(worker);
            MonitorRef ref = self.monitor(worker);
            out.put(ref);
            self.receive();
        });
        MonitorRef ref = (MonitorRef) out.poll(10, TimeUnit.SECONDS);
        node.send(worker, "one");
        node.send(worker, "two");
        ProcessInfo info = node.info(worker).orElseThrow();
        assertThat(info.alive()).isTrue();
        assertThat(info.mailboxSize()).isEqualTo(2);
        assertThat(info.links()).containsExactly(owner);
        assertThat(info.monitoredBy()).containsExactly(owner);
        assertThat(info.registeredName()).contains("worker");
        assertThat(info.trapsExit()).isTrue();
        assertThat(node.info(owner).orElseThrow().monitors()).containsExactly(ref);
        assertThat(node.processes()).containsExactly(worker, owner);
        assertThat(node.processCount()).isEqualTo(2);
        hold.countDown();
    }

    @Test
    void closeKillsEveryProcessAndWaitsForTheirThreads() throws Exception {
        Node other = Node.create();
        LinkedBlockingQueue<Thread> seen = new LinkedBlockingQueue<>();
        for (int i = 0; i < 20; i++) {
            other.spawn(self -> {
                seen.put(Thread.currentThread());
                self.receive();
            });
        }
        other.spawn(SpawnOptions.defaults().withTrapExit(), self -> {
            seen.put(Thread.currentThread());
            Thread.sleep(Long.MAX_VALUE);
        });
        await().atMost(LONG).until(() -> seen.size() == 21);
        other.close();
        assertThat(other.processCount()).isZero();
        assertThat(seen).allSatisfy(t -> assertThat(t.isAlive()).isFalse());
        assertThat(Node.byId(other.id())).isEmpty();
        assertThatThrownBy(() -> other.spawn(self -> {})).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void processesOfTwoNodesInOneJvmTalkAndMonitorEachOther() throws Exception {
        try (Node other = Node.create("other")) {
            LinkedBlockingQueue<Object> out = new LinkedBlockingQueue<>();
            Pid remote = other.spawn(self -> self.receive());
            node.spawn(self -> {
                MonitorRef ref = self.monitor(remote);
                self.send(remote, "stop");
                out.put(self.receive(Matcher.type(Down.class)));
            });
            Down down = (Down) out.poll(10, TimeUnit.SECONDS);
            assertThat(down.pid()).isEqualTo(remote);
            assertThat(down.reason()).isEqualTo(ExitReason.NORMAL);
            assertThat(remote.node()).isEqualTo(other.id()).isNotEqualTo(node.id());
        }
    }

    @Test
    void aNodeCannotBeClosedFromItsOwnProcess() throws Exception {
        LinkedBlockingQueue<Object> out = new LinkedBlockingQueue<>();
        node.spawn(self -> {
            try {
                self.node().close();
            } catch (IllegalStateException e) {
                out.put(e.getMessage());
            }
        });
        assertThat((String) out.poll(10, TimeUnit.SECONDS)).contains("cannot be closed from one of its own processes");
    }

    @Test
    void linkAndMonitorOptionsNeedASpawningProcess() {
        assertThatThrownBy(() -> node.spawn(SpawnOptions.defaults().withLink(), self -> {}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("spawn from inside a process");
    }

    @Test
    void nodeEventsReportSpawnsAndExits() throws Exception {
        LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
        try (AutoCloseable sub = node.events().subscribe(new NodeEvents.Listener() {
            @Override
            public void processSpawned(Pid pid, String name) {
                events.add("spawned " + name);
            }

            @Override
            public void processExited(Pid pid, String name, ExitReason reason) {
                events.add("exited " + name + " " + reason);
            }
        })) {
            node.spawn(SpawnOptions.defaults().withName("short"), self -> {});
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("spawned short");
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("exited short normal");
        }
        assertThat(node.events().processesSpawned()).isEqualTo(1);
        await().atMost(LONG).until(() -> node.events().processesExited() == 1);
    }
}
