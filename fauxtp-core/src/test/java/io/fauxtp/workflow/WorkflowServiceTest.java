package io.fauxtp.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkflowServiceTest {

    interface Reminders {
        void remind(String who);
    }

    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T09:00:00Z"));
    private final AtomicInteger reminders = new AtomicInteger();
    private final MapSuspensionStore store = new MapSuspensionStore();

    private WorkflowService service(WorkflowDefinition<String, String> remind) {
        WorkflowEngine engine = WorkflowEngine.builder()
                .register(WorkflowSpec.of("remind", 1, remind))
                .handler(EffectHandler.of("count", Reminders.class, who -> reminders.incrementAndGet()))
                .clock(clock)
                .build();
        return new WorkflowService(engine, store, clock);
    }

    private static final WorkflowDefinition<String, String> REMIND_TWICE = (ctx, who) -> {
        ctx.effect(Reminders.class).remind(who);
        ctx.sleep(Duration.ofDays(1));
        ctx.effect(Reminders.class).remind(who);
        return ctx.awaitSignal("ack", String.class);
    };

    @Test
    void runsAreSavedAfterEveryStepAndTimersFireFromTheStore() {
        WorkflowService service = service(REMIND_TWICE);
        Suspension started = service.start("remind", "run-1", "ann");
        assertThat(started.awaiting()).isEqualTo(new Await.Timer(Duration.ofDays(1),
                Instant.parse("2026-03-02T09:00:00Z")));
        assertThat(store.rows.get("run-1")).isEqualTo(started);
        assertThat(service.nextWakeUp()).contains(Instant.parse("2026-03-02T09:00:00Z"));

        assertThat(service.resumeDue().resumed()).as("nothing is due yet").isEmpty();
        clock.advance(Duration.ofDays(1));
        WorkflowService afterRestart = service(REMIND_TWICE);   // a new engine over the same store
        WorkflowService.ResumeReport report = afterRestart.resumeDue();
        assertThat(report.failed()).isEmpty();
        assertThat(report.resumed()).singleElement()
                .satisfies(s -> assertThat(s.awaiting()).isEqualTo(new Await.Signal("ack")));
        assertThat(afterRestart.signal("run-1", "ack", "done").result()).isEqualTo("done");
        assertThat(store.rows.get("run-1").status()).isEqualTo(Suspension.Status.COMPLETED);
        assertThat(reminders).hasValue(2);
        assertThat(service.nextWakeUp()).isEmpty();
    }

    @Test
    void aRunThatNoLongerReplaysIsReportedAndLeftAsStored() {
        service(REMIND_TWICE).start("remind", "run-2", "bob");
        clock.advance(Duration.ofDays(2));
        WorkflowService changed = service((ctx, who) -> {
            ctx.sleep(Duration.ofDays(1));
            return who;
        });
        Suspension before = store.rows.get("run-2");
        WorkflowService.ResumeReport report = changed.resumeDue();
        assertThat(report.resumed()).isEmpty();
        assertThat(report.failed()).containsOnlyKeys("run-2");
        assertThat(report.failed().get("run-2")).isInstanceOf(NonDeterminismException.class);
        assertThat(store.rows.get("run-2")).isSameAs(before);
    }

    @Test
    void concurrentSignalsToOneRunAreAppliedOneAtATime() throws Exception {
        WorkflowDefinition<String, String> collect = (ctx, who) -> {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                all.append(ctx.awaitSignal("item", String.class));
            }
            ctx.effect(Reminders.class).remind(who);
            return all.toString();
        };
        WorkflowService service = service(collect);
        service.start("remind", "run-c", "dee");
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String letter = String.valueOf((char) ('a' + t));
            senders.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 5; i++) {
                    service.signal("run-c", "item", letter);
                }
            }));
        }
        for (Thread t : senders) {
            t.join(Duration.ofSeconds(10));
        }
        Suspension done = store.rows.get("run-c");
        assertThat(done.status()).isEqualTo(Suspension.Status.COMPLETED);
        assertThat(((String) done.result()).chars().sorted().collect(StringBuilder::new,
                StringBuilder::appendCodePoint, StringBuilder::append).toString())
                .isEqualTo("aaaaabbbbbcccccddddd");
        assertThat(reminders).hasValue(1);
    }

    @Test
    void anOperationOnOneRunNeverWaitsForAnotherRunsEffect() throws Exception {
        // "run-Aa" and "run-BB" have the same hashCode: a lock per hash bucket would make the second wait.
        assertThat("run-Aa".hashCode()).isEqualTo("run-BB".hashCode());
        java.util.concurrent.CountDownLatch inFlight = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        WorkflowEngine engine = WorkflowEngine.builder()
                .register(WorkflowSpec.of("steps", 1, (WorkflowDefinition<String, Integer>) (ctx, who) ->
                        ctx.effect(Steps.class).run(who.equals("slow") ? 1 : 0)))
                .handler(EffectHandler.of("steps", Steps.class, step -> {
                    if (step == 1) {
                        inFlight.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return step;
                }))
                .clock(clock)
                .build();
        WorkflowService service = new WorkflowService(engine, store, clock);
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                var slow = threads.submit(() -> service.start("steps", "run-Aa", "slow"));
                assertThat(inFlight.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

                var other = threads.submit(() -> service.start("steps", "run-BB", "fast"));

                assertThat(other.get(30, java.util.concurrent.TimeUnit.SECONDS).status())
                        .as("run-BB finished while run-Aa's effect was in flight")
                        .isEqualTo(Suspension.Status.COMPLETED);
                assertThat(slow.isDone()).isFalse();
                release.countDown();
                assertThat(slow.get(30, java.util.concurrent.TimeUnit.SECONDS).status())
                        .isEqualTo(Suspension.Status.COMPLETED);
            } finally {
                release.countDown();   // before the executor's close waits for run-Aa
            }
        }
    }

    @Test
    void idsAreUniqueAndUnknownIdsAreNamed() {
        WorkflowService service = service(REMIND_TWICE);
        service.start("remind", "run-3", "cy");
        assertThatThrownBy(() -> service.start("remind", "run-3", "cy")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'run-3' exists already");
        assertThatThrownBy(() -> service.signal("nope", "ack", "x")).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("'nope'");
        int saves = store.saves.get();
        service.resume("run-3");
        assertThat(store.saves).as("an unchanged run is not saved again").hasValue(saves);
    }

    interface Steps {
        int run(int step);
    }

    /** Start, three effects, a signal, two more effects: what each handler call finds stored when it starts. */
    private static final WorkflowDefinition<String, String> FIVE_STEPS = (ctx, who) -> {
        Steps steps = ctx.effect(Steps.class);
        steps.run(0);
        steps.run(1);
        steps.run(2);
        String go = ctx.awaitSignal("go", String.class);
        steps.run(3);
        steps.run(4);
        return go;
    };

    @Test
    void everyEffectResultIsStoredBeforeTheNextEffectRunsAndASignalBeforeItsEffects() {
        List<String> seen = new ArrayList<>();
        WorkflowEngine engine = WorkflowEngine.builder()
                .register(WorkflowSpec.of("steps", 1, FIVE_STEPS))
                .handler(EffectHandler.of("steps", Steps.class, step -> {
                    Suspension stored = store.rows.get("run-s");
                    EffectStep current = EffectStep.current().orElseThrow();
                    seen.add(step + ":" + stored.journal().size() + ":" + stored.inbox().size() + ":"
                            + current.idempotencyKey());
                    return step;
                }))
                .clock(clock)
                .build();
        WorkflowService service = new WorkflowService(engine, store, clock);

        service.start("steps", "run-s", "ann");
        assertThat(store.rows.get("run-s").journal()).hasSize(3);
        service.signal("run-s", "go", "now");

        // Effect k finds the k earlier steps stored (the signal's step counts as one after the third effect),
        // and its key is the run id and its own step index.
        assertThat(seen).containsExactly("0:0:0:run-s:0", "1:1:0:run-s:1", "2:2:0:run-s:2",
                "3:4:0:run-s:4", "4:5:0:run-s:5");
        assertThat(store.rows.get("run-s").status()).isEqualTo(Suspension.Status.COMPLETED);
        assertThat(EffectStep.current()).as("only while a handler runs").isEmpty();
    }

    /** Stands for the JVM's death: an Error, which the engine does not turn into a failed run. */
    private static final class Crash extends Error {
    }

    @Test
    void aRunCheckpointedBetweenEffectsGoesOnFromTheCheckpointAfterARestart() {
        List<Integer> ran = new ArrayList<>();
        Steps crashAtTwo = step -> {
            if (step == 2 && ran.contains(1) && !ran.contains(2)) {
                ran.add(2);
                throw new Crash();   // the JVM "dies" while effect 2 is in flight: nothing after it is saved
            }
            ran.add(step);
            return step;
        };
        WorkflowEngine engine = WorkflowEngine.builder().register(WorkflowSpec.of("steps", 1, FIVE_STEPS))
                .handler(EffectHandler.of("steps", Steps.class, crashAtTwo)).clock(clock).build();
        assertThatThrownBy(() -> new WorkflowService(engine, store, clock).start("steps", "run-c", "ann"))
                .isInstanceOf(Crash.class);
        Suspension stored = store.rows.get("run-c");
        assertThat(stored.status()).isEqualTo(Suspension.Status.READY);
        assertThat(stored.journal()).hasSize(2);

        WorkflowService restarted = new WorkflowService(engine, store, clock);
        assertThat(restarted.resumeDue().resumed()).singleElement()
                .satisfies(s -> assertThat(s.awaiting()).isEqualTo(new Await.Signal("go")));
        assertThat(ran).as("only the effect in flight ran twice").containsExactly(0, 1, 2, 2);
    }

    interface Payments {
        String capture(String order, long cents);
    }

    /** A payment provider that answers a repeated idempotency key with its first result, as Stripe does. */
    static final class Provider {
        final java.util.Map<String, String> byKey = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicInteger captures = new AtomicInteger();

        String capture(String order, long cents, String key) {
            return byKey.computeIfAbsent(key, k -> "capture-" + captures.incrementAndGet() + " of " + order);
        }
    }

    @Test
    void theIdempotencyKeyMakesAnEffectRunAgainAfterACrashHappenOnce() {
        Provider provider = new Provider();
        // tag::idempotency-key[]
        Payments payments = (order, cents) -> {
            String key = EffectStep.current().orElseThrow().idempotencyKey();   // "<run id>:<step>"
            return provider.capture(order, cents, key);   // the provider answers a repeated key with the first result
        };
        // end::idempotency-key[]
        AtomicInteger calls = new AtomicInteger();
        Payments diesOnceAfterTheProviderAnswered = (order, cents) -> {
            String receipt = payments.capture(order, cents);
            if (calls.incrementAndGet() == 1) {
                throw new Crash();   // the JVM dies before the result is journaled
            }
            return receipt;
        };
        WorkflowDefinition<String, String> pay = (ctx, order) -> ctx.effect(Payments.class).capture(order, 100);
        WorkflowEngine engine = WorkflowEngine.builder().register(WorkflowSpec.of("pay", 1, pay))
                .handler(EffectHandler.of("provider", Payments.class, diesOnceAfterTheProviderAnswered))
                .clock(clock).build();
        assertThatThrownBy(() -> new WorkflowService(engine, store, clock).start("pay", "run-p", "o-1"))
                .isInstanceOf(Crash.class);

        WorkflowService restarted = new WorkflowService(engine, store, clock);
        assertThat(restarted.resumeDue().resumed()).singleElement()
                .satisfies(s -> assertThat(s.result()).isEqualTo("capture-1 of o-1"));
        assertThat(calls).as("the handler ran twice").hasValue(2);
        assertThat(provider.captures).as("the provider captured once").hasValue(1);
        assertThat(provider.byKey).containsOnlyKeys("run-p:0");
    }

    @Test
    void aDeliveredSignalIsStoredWithoutRunningAStepAndTheNextResumeConsumesIt() {
        WorkflowService service = service(REMIND_TWICE);
        service.start("remind", "run-d", "dan");
        clock.advance(Duration.ofDays(1));
        service.resumeDue();
        assertThat(reminders).hasValue(2);
        assertThat(service.deliver("run-d", "early", "x").status())
                .as("a signal nobody awaits yet leaves the run waiting").isEqualTo(Suspension.Status.WAITING);

        Suspension delivered = service.deliver("run-d", "ack", "done");

        assertThat(delivered.status()).isEqualTo(Suspension.Status.READY);
        assertThat(store.rows.get("run-d")).as("stored before deliver returned").isEqualTo(delivered);
        assertThat(delivered.inbox()).extracting(SignalMessage::name).containsExactly("early", "ack");
        WorkflowService afterRestart = service(REMIND_TWICE);   // the signal survives a restart and is due
        assertThat(afterRestart.resumeDue().resumed()).singleElement()
                .satisfies(s -> assertThat(s.result()).isEqualTo("done"));
        assertThatThrownBy(() -> afterRestart.deliver("run-d", "ack", "again"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has completed");
        assertThatThrownBy(() -> afterRestart.deliver("nope", "ack", "x"))
                .isInstanceOf(NoSuchElementException.class);
    }
}
