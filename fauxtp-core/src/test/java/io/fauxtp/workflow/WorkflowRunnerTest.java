package io.fauxtp.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.supervisor.Supervisor;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkflowRunnerTest {

    interface Warehouse {
        String reserve(String orderId);
    }

    private final AtomicInteger reserved = new AtomicInteger();
    private final MapSuspensionStore store = new MapSuspensionStore();
    private Node node = Node.create("workflows");

    @AfterEach
    void closeNode() {
        node.close();
    }

    private static final WorkflowDefinition<String, String> RESERVE_SLEEP_AWAIT = (ctx, id) -> {
        String r = ctx.effect(Warehouse.class).reserve(id);
        ctx.sleep(Duration.ofMillis(50));
        return r + "/" + ctx.awaitSignal("shipped", String.class);
    };

    private WorkflowService service(WorkflowDefinition<String, String> definition) {
        WorkflowEngine engine = WorkflowEngine.builder()
                .register(WorkflowSpec.of("order", 1, definition))
                .handler(EffectHandler.of("warehouse", Warehouse.class, id -> "R" + reserved.incrementAndGet()))
                .build();
        return new WorkflowService(engine, store);
    }

    @Test
    void eachRunIsAProcessThatFiresItsTimerAndExitsWhenTheRunFinishes() {
        try (WorkflowRunner runner = WorkflowRunner.start(node, service(RESERVE_SLEEP_AWAIT))) {
            runner.start("order", "o-1", "o-1");
            assertThat(runner.process("o-1")).isPresent();
            assertThat(Supervisor.whichChildren(runner.supervisor())).hasSize(1);

            await().atMost(Duration.ofSeconds(10)).until(
                    () -> store.rows.get("o-1").awaiting().equals(new Await.Signal("shipped")));
            Suspension done = runner.signal("o-1", "shipped", "T-1");

            assertThat(done.result()).isEqualTo("R1/T-1");
            await().atMost(Duration.ofSeconds(10)).until(() -> runner.process("o-1").isEmpty());
            assertThat(Supervisor.whichChildren(runner.supervisor())).isEmpty();
            assertThat(reserved).hasValue(1);
        }
    }

    @Test
    void aNewRunnerTakesOverTheStoredRunsAfterARestart() {
        service(RESERVE_SLEEP_AWAIT).start("order", "o-2", "o-2");   // stored, waiting for its timer
        node.close();
        node = Node.create("workflows-after-restart");
        try (WorkflowRunner runner = WorkflowRunner.start(node, service(RESERVE_SLEEP_AWAIT))) {
            assertThat(runner.process("o-2")).isPresent();
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> store.rows.get("o-2").awaiting().equals(new Await.Signal("shipped")));
            assertThat(runner.signal("o-2", "shipped", "T-2").result()).isEqualTo("R1/T-2");
        }
        assertThat(reserved).hasValue(1);
    }

    @Test
    void aRunThatCannotBeResumedStopsItsProcessOnlyAndStaysStored() {
        service(RESERVE_SLEEP_AWAIT).start("order", "bad", "bad");
        service(RESERVE_SLEEP_AWAIT).start("order", "good", "good");
        Suspension badBefore = store.rows.get("bad");
        WorkflowDefinition<String, String> changedForBad = (ctx, id) -> {
            if (id.equals("bad")) {
                ctx.sleep(Duration.ofDays(1));   // no longer what the journal says
            }
            return RESERVE_SLEEP_AWAIT.run(ctx, id);
        };
        try (WorkflowRunner runner = WorkflowRunner.start(node, service(changedForBad))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> runner.process("bad").isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> store.rows.get("good").awaiting().equals(new Await.Signal("shipped")));
            Pid supervisor = runner.supervisor();
            assertThat(node.isAlive(supervisor)).isTrue();
            assertThat(runner.process("good")).isPresent();
            assertThat(store.rows.get("bad")).isEqualTo(badBefore);
        }
    }

    interface Shipping {
        String ship(String orderId);
    }

    @Test
    void aDeliveredSignalsStepsRunInTheRunsProcessAndASlowOneDoesNotBlockTheCaller() throws Exception {
        AtomicReference<Thread> shippedOn = new AtomicReference<>();
        CountDownLatch shippingStarted = new CountDownLatch(1);
        CountDownLatch releaseShipping = new CountDownLatch(1);
        WorkflowEngine engine = WorkflowEngine.builder()
                .register(WorkflowSpec.of("ship", 1, (WorkflowDefinition<String, String>) (ctx, id) ->
                        ctx.effect(Shipping.class).ship(ctx.awaitSignal("go", String.class))))
                .handler(EffectHandler.of("shipping", Shipping.class, id -> {
                    shippedOn.set(Thread.currentThread());
                    shippingStarted.countDown();
                    try {
                        releaseShipping.await();   // a slow effect: it ends when the test says so
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return "shipped " + id;
                }))
                .build();
        try (WorkflowRunner runner = WorkflowRunner.start(node, new WorkflowService(engine, store))) {
            runner.start("ship", "s-1", "s-1");

            AtomicReference<Thread> caller = new AtomicReference<>();
            ExecutorService requests = Executors.newSingleThreadExecutor();   // stands for a request thread
            Suspension delivered;
            try {
                delivered = requests.submit(() -> {
                    caller.set(Thread.currentThread());
                    return runner.deliver("s-1", "go", "o-9");
                }).get(10, TimeUnit.SECONDS);   // returns while the effect is still blocked
            } finally {
                releaseShipping.countDown();
                requests.shutdownNow();
            }

            assertThat(delivered.status()).isEqualTo(Suspension.Status.READY);
            assertThat(delivered.inbox()).extracting(SignalMessage::name).containsExactly("go");
            assertThat(shippingStarted.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(shippedOn.get()).isNotSameAs(caller.get());
            await().atMost(Duration.ofSeconds(10)).until(() -> store.rows.get("s-1").isFinished());
            assertThat(store.rows.get("s-1").result()).isEqualTo("shipped o-9");
        } finally {
            releaseShipping.countDown();
        }
    }
}
