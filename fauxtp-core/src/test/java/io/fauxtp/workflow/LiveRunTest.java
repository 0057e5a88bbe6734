package io.fauxtp.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.process.Node;
import io.fauxtp.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A run that waits stays live in its {@link WorkflowService}: its code runs on the operation's thread until it first
 * waits, is then replayed once onto a thread of its own and parked there, a signal goes on from there without
 * replaying the journal, a restarted service replays it once, and its thread ends with the run, with its process
 * and with the service. A run that never waits never gets a thread of its own.
 */
class LiveRunTest {

    interface Ledger {
        String record(String entry);
    }

    /**
     * Executions of the code before the first await: once on the operation's thread, once more per replay from the
     * first line (the one onto the run's own thread when it first waits, and one per recovery).
     */
    private final AtomicInteger bodyStarts = new AtomicInteger();
    /** Each execution of the ledger effect, by entry: once per journal entry unless something ran it twice. */
    private final ConcurrentHashMap<String, AtomicInteger> ledger = new ConcurrentHashMap<>();
    /** The threads the workflow code ran on. */
    private final List<Thread> codeThreads = new CopyOnWriteArrayList<>();
    private final MapSuspensionStore store = new MapSuspensionStore();
    private final List<WorkflowService> services = new CopyOnWriteArrayList<>();

    /** Records each "tick" in the ledger until "stop"; "boom" fails the run. */
    private final WorkflowDefinition<String, Integer> ticks = (ctx, input) -> {
        bodyStarts.incrementAndGet();
        codeThreads.add(Thread.currentThread());
        Ledger l = ctx.effect(Ledger.class);
        int n = 0;
        for (String tick; !(tick = ctx.awaitSignal("tick", String.class)).equals("stop"); n++) {
            if (tick.equals("boom")) {
                throw new IllegalStateException("boom");
            }
            l.record(ctx.workflowId() + ":" + tick);
        }
        l.record(ctx.workflowId() + ":finished");
        return n;
    };

    private WorkflowEngine engine() {
        return WorkflowEngine.builder()
                .register(WorkflowSpec.of("ticks", 1, ticks))
                .handler(EffectHandler.of("ledger", Ledger.class, entry -> {
                    ledger.computeIfAbsent(entry, e -> new AtomicInteger()).incrementAndGet();
                    return entry;
                }))
                .build();
    }

    private WorkflowService service() {
        WorkflowService s = new WorkflowService(engine(), store);
        services.add(s);
        return s;
    }

    @AfterEach
    void closeServices() {
        services.forEach(WorkflowService::close);
    }

    @Test
    void aLiveRunsSignalsDoNotReplayAndARestartedServiceReplaysItOnceAndFinishesItOnce() {
        WorkflowService first = service();
        first.start("ticks", "r", "x");
        for (int i = 0; i < 50; i++) {
            first.signal("r", "tick", "t" + i);
        }
        assertThat(bodyStarts).as("run on the starting thread, replayed once onto its own, then 50 signals live")
                .hasValue(2);
        assertThat(store.rows.get("r").journal()).hasSize(100);
        assertThat(first.liveRuns()).isEqualTo(1);

        first.close();   // the process (here: the whole service) stops; the run stays stored
        WorkflowService restarted = service();
        for (int i = 50; i < 60; i++) {
            restarted.signal("r", "tick", "t" + i);
        }
        assertThat(bodyStarts).as("replayed by the restarted service on the signal's thread and once onto its own,"
                + " then live again").hasValue(4);
        Suspension done = restarted.signal("r", "tick", "stop");

        assertThat(done.status()).isEqualTo(Suspension.Status.COMPLETED);
        assertThat(done.result()).isEqualTo(60);
        assertThat(ledger).hasSize(61);
        assertThat(ledger.values()).allSatisfy(executions -> assertThat(executions).hasValue(1));
        assertThat(store.rows.get("r")).isEqualTo(done);
        assertThat(restarted.liveRuns()).isZero();
    }

    @Test
    void aRunChangedInTheStoreByAnotherWriterIsReplayedNotContinuedFromWhereItWasParked() {
        WorkflowService a = service();
        WorkflowService b = service();   // another writer on the same store (as another member would be)
        a.start("ticks", "r", "x");
        a.signal("r", "tick", "a1");
        b.signal("r", "tick", "b1");      // a's live run is now behind the store
        a.signal("r", "tick", "a2");
        Suspension done = a.signal("r", "tick", "stop");

        assertThat(done.result()).isEqualTo(3);
        assertThat(done.journal()).extracting(e -> e.outcome() instanceof Outcome.Returned r ? r.value() : null)
                .containsSubsequence("a1", "r:a1", "b1", "r:b1", "a2", "r:a2", "stop", "r:finished");
        assertThat(ledger.values()).allSatisfy(executions -> assertThat(executions).hasValue(1));
    }

    @Test
    void theCodesThreadEndsWhenTheRunFinishesFailsIsReleasedOrTheServiceCloses() {
        WorkflowService service = service();
        for (String id : List.of("finishes", "fails", "released", "open-1", "open-2")) {
            service.start("ticks", id, "x");
            service.signal(id, "tick", "t");
        }
        // Each run's code ran on this thread until it first waited, then was replayed onto a thread of its own.
        assertThat(codeThreads).hasSize(10);
        List<Thread> own = codeThreads.stream().filter(t -> t != Thread.currentThread()).toList();
        assertThat(own).hasSize(5).allSatisfy(t -> assertThat(t.isAlive()).isTrue());
        assertThat(service.liveRuns()).isEqualTo(5);

        service.signal("finishes", "tick", "stop");
        assertThat(service.signal("fails", "tick", "boom").status()).isEqualTo(Suspension.Status.FAILED);
        service.release("released");
        await().atMost(Duration.ofSeconds(10)).until(() -> !own.get(0).isAlive() && !own.get(1).isAlive());
        assertThat(own.get(2).isAlive()).as("released").isFalse();
        assertThat(service.liveRuns()).isEqualTo(2);

        service.close();
        assertThat(own).allSatisfy(t -> assertThat(t.isAlive()).isFalse());
        assertThat(service.liveRuns()).isZero();

        // Closed, the service still works: it replays each run on the caller's thread and keeps none live.
        assertThat(service.signal("released", "tick", "stop").result()).isEqualTo(1);
        assertThat(codeThreads).hasSize(11).last().isSameAs(Thread.currentThread());
        assertThat(service.liveRuns()).isZero();
    }

    @Test
    void theCodesThreadEndsWhenTheRunsProcessStops() {
        WorkflowService service = service();
        try (Node node = Node.create("live-runs")) {
            WorkflowRunner runner = WorkflowRunner.start(node, service);
            runner.start("ticks", "p-1", "x");
            runner.start("ticks", "p-2", "x");
            await().atMost(Duration.ofSeconds(10)).until(() -> service.liveRuns() == 2);
            runner.deliver("p-1", "tick", "t");
            await().atMost(Duration.ofSeconds(10)).until(() -> ledger.containsKey("p-1:t"));
            assertThat(bodyStarts).as("each run ran to its first await and was replayed onto its own thread once;"
                    + " the delivered signal went on from the parked await").hasValue(4);

            runner.close();   // stops the run processes; the runs stay stored

            assertThat(codeThreads).hasSize(4);
            assertThat(codeThreads).filteredOn(t -> t.getName().startsWith("fauxtp-workflow-")).as("the runs' own")
                    .hasSize(2).allSatisfy(t -> assertThat(t.isAlive()).isFalse());
            assertThat(service.liveRuns()).isZero();
            assertThat(store.rows.get("p-1").status()).isEqualTo(Suspension.Status.WAITING);
        }
    }

    @Test
    void dueTimersAndRetriesGoOnFromWhereTheRunIsParked() {
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        AtomicInteger attempts = new AtomicInteger();
        WorkflowDefinition<String, String> sleepsAndRetries = (ctx, input) -> {
            bodyStarts.incrementAndGet();
            Ledger l = ctx.effect(Ledger.class);
            for (int i = 0; i < 3; i++) {
                ctx.sleep(Duration.ofMinutes(1));
                l.record("slept-" + i);
            }
            return l.record("flaky");
        };
        WorkflowEngine engine = WorkflowEngine.builder()
                .register(WorkflowSpec.of("sleeps", 1, sleepsAndRetries))
                .handler(EffectHandler.of("ledger", Ledger.class, entry -> {
                    if (entry.equals("flaky") && attempts.incrementAndGet() < 3) {
                        throw new IllegalStateException("try again");
                    }
                    ledger.computeIfAbsent(entry, e -> new AtomicInteger()).incrementAndGet();
                    return entry;
                }))
                .retry(Ledger.class, RetryPolicy.fixed(3, Duration.ofMinutes(1)))
                .clock(clock)
                .build();
        WorkflowService service = new WorkflowService(engine, store, clock);
        services.add(service);

        Suspension s = service.start("sleeps", "s", "x");
        for (int i = 0; i < 10 && !s.isFinished(); i++) {
            assertThat(s.awaiting().readyAt()).isNotNull();
            clock.advance(Duration.ofMinutes(1));
            s = service.resume("s");
        }

        assertThat(s.result()).isEqualTo("flaky");
        assertThat(attempts).hasValue(3);
        assertThat(bodyStarts).as("3 timers and 2 retry back-offs: run once to the first timer, replayed once"
                + " onto its own thread").hasValue(2);
        assertThat(ledger.values()).allSatisfy(executions -> assertThat(executions).hasValue(1));
    }

    @Test
    void aRunThatNeverWaitsRunsOnTheOperationsThreadAndIsNotKeptLive() {
        WorkflowDefinition<String, String> noWaits = (ctx, input) -> {
            codeThreads.add(Thread.currentThread());
            Ledger l = ctx.effect(Ledger.class);
            return l.record(input + "-1") + l.record(input + "-2");
        };
        WorkflowEngine engine = WorkflowEngine.builder()
                .register(WorkflowSpec.of("no-waits", 1, noWaits))
                .handler(EffectHandler.of("ledger", Ledger.class, entry -> {
                    codeThreads.add(Thread.currentThread());   // the effect's thread, too
                    return entry;
                }))
                .build();
        WorkflowService service = new WorkflowService(engine, store);
        services.add(service);

        assertThat(service.start("no-waits", "n", "a").result()).isEqualTo("a-1a-2");
        assertThat(codeThreads).hasSize(3).allSatisfy(t -> assertThat(t).isSameAs(Thread.currentThread()));
        assertThat(service.liveRuns()).isZero();
    }

    @Test
    void noMoreThanMaxLiveRunsAreKeptLiveWhenManyRunsStartAtOnce() throws Exception {
        WorkflowService service = new WorkflowService(engine(), store, java.time.Clock.systemUTC(), 3);
        services.add(service);
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<Suspension>> started = new java.util.ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String id = "many-" + i;
                started.add(threads.submit(() -> service.start("ticks", id, "x")));
            }
            for (var f : started) {
                assertThat(f.get().status()).isEqualTo(Suspension.Status.WAITING);
            }
        }
        assertThat(service.liveRuns()).isEqualTo(3);
        for (int i = 0; i < 64; i++) {
            assertThat(service.signal("many-" + i, "tick", "stop").result()).isEqualTo(0);
        }
        assertThat(service.liveRuns()).isZero();
    }

    @Test
    void replayingARunOntoItsOwnThreadParksItAtItsAwaitEvenWhenItsTimerFellDueMeanwhile() {
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        WorkflowDefinition<String, String> sleepsOnce = (ctx, input) -> {
            Ledger l = ctx.effect(Ledger.class);
            l.record("before");
            ctx.sleep(Duration.ofMinutes(1));
            return l.record("after");
        };
        WorkflowEngine engine = WorkflowEngine.builder()
                .register(WorkflowSpec.of("sleeps-once", 1, sleepsOnce))
                .handler(EffectHandler.of("ledger", Ledger.class, entry -> {
                    ledger.computeIfAbsent(entry, e -> new AtomicInteger()).incrementAndGet();
                    return entry;
                }))
                .clock(clock)
                .build();
        // The timer falls due right after the run is saved waiting, before it is replayed onto its own thread.
        SuspensionStore store = new MapSuspensionStore() {
            @Override
            public void save(Suspension suspension) {
                super.save(suspension);
                if (suspension.status() == Suspension.Status.WAITING) {
                    clock.advance(Duration.ofMinutes(2));
                }
            }
        };
        WorkflowService service = new WorkflowService(engine, store, clock);
        services.add(service);

        assertThat(service.start("sleeps-once", "t", "x").status()).isEqualTo(Suspension.Status.WAITING);
        assertThat(ledger).as("the replay onto the run's thread ran no effect").containsOnlyKeys("before");
        assertThat(service.liveRuns()).isEqualTo(1);

        assertThat(service.resume("t").result()).isEqualTo("after");
        assertThat(ledger.values()).allSatisfy(executions -> assertThat(executions).hasValue(1));
    }

    @Test
    void aRunKeptLiveBeyondTheLimitIsReplayedInstead() {
        WorkflowService service = new WorkflowService(engine(), store, java.time.Clock.systemUTC(), 0);
        services.add(service);
        service.start("ticks", "r", "x");
        service.signal("r", "tick", "a");
        service.signal("r", "tick", "b");

        assertThat(bodyStarts).as("no live runs: each operation replays").hasValue(3);
        assertThat(codeThreads).allSatisfy(t -> assertThat(t).isSameAs(Thread.currentThread()));
        assertThatThrownBy(() -> new WorkflowService(engine(), store, java.time.Clock.systemUTC(), -1))
                .hasMessageContaining("maxLiveRuns");
    }
}
