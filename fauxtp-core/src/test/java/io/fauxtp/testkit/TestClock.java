package io.fauxtp.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock tests move by hand, so timers and retries become due without waiting; one instance may be shared by
 * several engines or application contexts of a test, as the wall clock would be. UTC only.
 */
public final class TestClock extends Clock {

    private final AtomicReference<Instant> now;

    /** @param start the time it shows until moved */
    public TestClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** @param duration how far to move it forward */
    public void advance(Duration duration) {
        this.now.updateAndGet(instant -> instant.plus(duration));
    }

    @Override
    public Instant instant() {
        return this.now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a test clock is UTC only");
    }
}
