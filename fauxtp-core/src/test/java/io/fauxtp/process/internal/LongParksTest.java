package io.fauxtp.process.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * {@link LongParks}: a virtual thread parked until a deadline parks without a time limit, is woken by the looking
 * thread once the deadline has passed (not before), and the looking thread ends when nothing is parked.
 */
class LongParksTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    /** Parks as a waiter does: until the deadline has passed, whatever wakes it; returns when it woke last. */
    private static long waitUntil(long deadline) {
        while (System.nanoTime() - deadline < 0) {
            LongParks.parkUntil(LongParksTest.class, deadline);
        }
        return System.nanoTime();
    }

    @Test
    void aParkedVirtualThreadWaitsWithoutATimeLimitAndIsWokenOnceItsDeadlinePassed() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        CompletableFuture<Long> woke = new CompletableFuture<>();
        Thread waiter = Thread.ofVirtual().start(() -> woke.complete(waitUntil(deadline)));
        await().atMost(LONG).until(() -> woke.isDone()
                || waiter.getState() == Thread.State.WAITING && LockSupport.getBlocker(waiter) == LongParksTest.class);
        // nothing but the looking thread unparks it: had it not, the wait would never end
        assertThat(woke.get(LONG.toSeconds(), TimeUnit.SECONDS) - deadline).isNotNegative();
    }

    @Test
    void anUnparkedWaiterReturnsBeforeItsDeadline() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
        CompletableFuture<Long> returned = new CompletableFuture<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            LongParks.parkUntil(LongParksTest.class, deadline);
            returned.complete(System.nanoTime());
        });
        await().atMost(LONG).until(() -> waiter.getState() == Thread.State.WAITING);
        LockSupport.unpark(waiter);
        assertThat(returned.get(LONG.toSeconds(), TimeUnit.SECONDS)).isLessThan(deadline);
    }

    @Test
    void theLookingThreadEndsOnceNothingIsParked() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1); // still ahead when the waiter parks
        Thread waiter = Thread.ofVirtual().start(() -> waitUntil(deadline));
        waiter.join(LONG);
        assertThat(waiter.isAlive()).isFalse();
        // IDLE_TICKS ticks later (about a second), unless another test of this JVM parks meanwhile
        await().atMost(LONG).until(() -> !LongParks.looking());
    }
}
