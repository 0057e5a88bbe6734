package io.fauxtp.supervisor.internal;

import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Delivers delayed restart messages to supervisors, so that a back-off never blocks a supervisor's loop. One
 * daemon thread for the JVM; a message to a supervisor that has exited (or a closed node) is dropped.
 */
final class RestartTimer {

    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fauxtp-supervisor-timer");
        t.setDaemon(true);
        return t;
    });

    private RestartTimer() {}

    static void sendAfter(Node node, Pid to, Object message, Duration delay) {
        SCHEDULER.schedule(() -> node.send(to, message), delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
