package io.fauxtp.testkit;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Where a test's processes put what they saw, for the test thread to take in order: a queue whose
 * {@link #next()} waits a generous time (10 s, for a loaded machine) and fails when nothing came.
 */
public final class Probe extends LinkedBlockingQueue<Object> {

    /** How long {@link #next()} waits. */
    public static final Duration WAIT = Duration.ofSeconds(10);

    private static final long serialVersionUID = 1L;

    /**
     * The next value put here, waiting up to {@link #WAIT} for it.
     * @return the value
     * @throws InterruptedException when the test thread is interrupted
     * @throws AssertionError when nothing came in time
     */
    public Object next() throws InterruptedException {
        Object o = poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (o == null) {
            throw new AssertionError("expected a result within " + WAIT.toSeconds() + " s, got none");
        }
        return o;
    }
}
