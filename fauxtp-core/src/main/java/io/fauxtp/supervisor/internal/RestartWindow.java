package io.fauxtp.supervisor.internal;

import java.time.Duration;
import java.util.ArrayDeque;

/** The restarts of one supervisor inside its sliding intensity window. */
final class RestartWindow {

    private final int maxRestarts;
    private final long windowNanos;
    private final ArrayDeque<Long> times = new ArrayDeque<>();

    RestartWindow(int maxRestarts, Duration within) {
        this.maxRestarts = maxRestarts;
        this.windowNanos = within.toNanos();
    }

    /** Records a restart at {@code now}; false when that exceeds the intensity (more than max in the window). */
    boolean add(long now) {
        times.addLast(now);
        prune(now);
        return times.size() <= maxRestarts;
    }

    /** Restarts still inside the window at {@code now}. */
    int count(long now) {
        prune(now);
        return times.size();
    }

    private void prune(long now) {
        while (!times.isEmpty() && now - times.peekFirst() >= windowNanos) {
            times.removeFirst();
        }
    }
}
