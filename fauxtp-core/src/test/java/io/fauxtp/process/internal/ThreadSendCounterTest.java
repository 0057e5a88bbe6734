package io.fauxtp.process.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The count of sends by ordinary code: exact however many threads send at once, kept when the threads that sent
 * have ended, and without a list entry per thread that ever sent (one virtual thread per request sends too).
 */
class ThreadSendCounterTest {

    @Test
    void countsEverySendOfConcurrentThreadsExactly() throws InterruptedException {
        ThreadSendCounter counter = new ThreadSendCounter();
        int threads = 8;
        int sends = 100_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            started.add(Thread.ofPlatform().start(() -> {
                awaitQuietly(start);
                for (int i = 0; i < sends; i++) {
                    counter.increment();
                }
            }));
        }
        start.countDown();
        for (Thread t : started) {
            t.join();
        }
        assertThat(counter.sum()).isEqualTo((long) threads * sends);
    }

    @Test
    void keepsTheCountsOfEndedThreadsAndForgetsTheThreads() throws InterruptedException {
        ThreadSendCounter counter = new ThreadSendCounter();
        int threads = 1_000;
        for (int t = 0; t < threads; t++) {
            Thread.ofVirtual().start(() -> {
                counter.increment();
                counter.increment();
            }).join();
        }
        counter.increment(); // this thread, still alive
        assertThat(counter.sum()).isEqualTo(2L * threads + 1);
        // ended threads are folded away as new ones register and when the sum is read: the live one remains
        assertThat(counter.listed()).isEqualTo(1);
    }

    @Test
    void aThreadThatKeepsSendingIsCountedOnItsOwnLine() {
        ThreadSendCounter counter = new ThreadSendCounter();
        for (int i = 0; i < 10; i++) {
            counter.increment();
        }
        assertThat(counter.sum()).isEqualTo(10);
        assertThat(counter.listed()).isEqualTo(1);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
