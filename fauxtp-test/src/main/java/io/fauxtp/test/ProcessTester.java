package io.fauxtp.test;

import io.fauxtp.process.Down;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Matcher;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;

/**
 * Waits for the named processes of a test context's node, and crashes them. A bean of {@link FauxtpTest}.
 *
 * <pre>{@code
 * Pid before = processes.awaitProcess("account-alice");
 * Pid after = processes.crashAndAwaitRestart("account-alice");   // killed, seen dead, restarted
 * }</pre>
 */
public final class ProcessTester {

    /** How long the methods without a timeout wait: generous, for loaded build machines. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final Node node;

    /** @param node the node whose processes are tested */
    public ProcessTester(Node node) {
        this.node = Objects.requireNonNull(node, "node");
    }

    /**
     * @param name a registered name
     * @return the pid registered under {@code name}, once there is one
     * @throws org.awaitility.core.ConditionTimeoutException after {@link #DEFAULT_TIMEOUT}
     */
    public Pid awaitProcess(String name) {
        return awaitProcess(name, DEFAULT_TIMEOUT);
    }

    /**
     * @param name a registered name
     * @param timeout how long to wait
     * @return the pid registered under {@code name}, once there is one
     */
    public Pid awaitProcess(String name, Duration timeout) {
        return awaitRegistered(name, null, timeout);
    }

    /**
     * Kills the process registered as {@code name} (the untrappable {@link ExitReason#KILL}), waits for the
     * {@link Down} of a monitor on it, then for its supervisor to register a new process under the name.
     * @param name the registered name of a supervised process
     * @return the new process's pid, never the killed one
     */
    public Pid crashAndAwaitRestart(String name) {
        return crashAndAwaitRestart(name, DEFAULT_TIMEOUT);
    }

    /**
     * {@link #crashAndAwaitRestart(String)} with a timeout for each of the three waits.
     * @param name the registered name of a supervised process
     * @param timeout how long each wait may take
     * @return the new process's pid, never the killed one
     */
    public Pid crashAndAwaitRestart(String name, Duration timeout) {
        Pid killed = awaitProcess(name, timeout);
        Down down = killAndAwaitDown(killed, timeout);
        if (!(down.reason() instanceof ExitReason.Killed)) {
            throw new AssertionError("process '" + name + "' " + killed + " ended with " + down.reason()
                    + " before it was killed");
        }
        return awaitRegistered(name, killed, timeout);
    }

    private Down killAndAwaitDown(Pid pid, Duration timeout) {
        CompletableFuture<Void> monitoring = new CompletableFuture<>();
        CompletableFuture<Down> down = new CompletableFuture<>();
        Pid watcher = this.node.spawn((self) -> {
            self.monitor(pid);
            monitoring.complete(null);
            Optional<Down> seen = self.receive(Matcher.type(Down.class), timeout);
            seen.ifPresentOrElse(down::complete, () -> down.completeExceptionally(new TimeoutException(
                    "no Down from " + pid + " within " + timeout)));
        });
        try {
            monitoring.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            this.node.exit(pid, ExitReason.KILL);
            return down.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while crashing " + pid, ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new AssertionError("process " + pid + " was not seen to die within " + timeout, ex);
        }
        finally {
            if (this.node.isAlive(watcher)) {
                this.node.exit(watcher, ExitReason.KILL);
            }
        }
    }

    private Pid awaitRegistered(String name, @Nullable Pid notThis, Duration timeout) {
        AtomicReference<Pid> found = new AtomicReference<>();
        Awaitility.await("process '" + name + "'" + ((notThis != null) ? " other than " + notThis : ""))
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    Optional<Pid> pid = this.node.registry().whereis(name);
                    pid.filter((p) -> !p.equals(notThis)).ifPresent(found::set);
                    return found.get() != null;
                });
        return found.get();
    }

}
