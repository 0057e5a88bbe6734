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
 * A run that waits stays live in its {@link WorkflowService}: its code is parked on a thread of its own, a signal
 * goes on from there without replaying the journal, a restarted service replays it once, and its thread ends with
 * the run, with its process and with the service.
 */
class LiveRunTest {

    interface Ledger {
        String record(String entry);
    }

    /** Executions of the code before the first await: once per replay from the first line. */
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
        assertThat(bodyStarts).as("the code before the first await ran once across 50 signals").hasValue(1);
        assertThat(store.rows.get("r").journal()).hasSize(100);
        assertThat(first.liveRuns()).isEqualTo(1);

        first.close();   // the process (here: the whole service) stops; the run stays stored
        WorkflowService restarted = service();
        for (int i = 50; i < 60; i++) {
            restarted.signal("r", "tick", "t" + i);
        }
        assertThat(bodyStarts).as("replayed once by the restarted service, then live again").hasValue(2);
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
        assertThat(codeThreads).hasSize(5).allSatisfy(t -> assertThat(t.isAlive()).isTrue());
        assertThat(service.liveRuns()).isEqualTo(5);

        service.signal("finishes", "tick", "stop");
        assertThat(service.signal("fails", "tick", "boom").status()).isEqualTo(Suspension.Status.FAILED);
        service.release("released");
        await().atMost(Duration.ofSeconds(10)).until(() -> !codeThreads.get(0).isAlive()
                && !codeThreads.get(1).isAlive());
        assertThat(codeThreads.get(2).isAlive()).as("released").isFalse();
        assertThat(service.liveRuns()).isEqualTo(2);

        service.close();
        assertThat(codeThreads).allSatisfy(t -> assertThat(t.isAlive()).isFalse());
        assertThat(service.liveRuns()).isZero();

        // Closed, the service still works: it replays each run on the caller's thread and keeps none live.
        assertThat(service.signal("released", "tick", "stop").result()).isEqualTo(1);
        assertThat(codeThreads).hasSize(6).last().isSameAs(Thread.currentThread());
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
            assertThat(bodyStarts).as("the delivered signal went on from the parked await").hasValue(2);

            runner.close();   // stops the run processes; the runs stay stored

            assertThat(codeThreads).hasSize(2).allSatisfy(t -> assertThat(t.isAlive()).isFalse());
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
        assertThat(bodyStarts).as("3 timers and 2 retry back-offs, one run of the code").hasValue(1);
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
