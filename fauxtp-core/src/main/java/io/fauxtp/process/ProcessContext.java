package io.fauxtp.process;

import io.fauxtp.process.internal.ProcessImpl;
import java.time.Duration;
import java.util.Optional;

/**
 * A process's handle on itself, passed to its {@link ProcessBody} and available on its thread through
 * {@link #current()}. Only the process's own thread may receive; the other methods act on behalf of this
 * process (a link, monitor or spawn made here belongs to it).
 *
 * <p>Receiving works with records and pattern {@code switch}:
 * <pre>{@code
 * switch (self.receive()) {
 *     case Ping(Pid from) -> self.send(from, new Pong());
 *     case Exit(Pid from, ExitReason reason) -> ...;
 *     default -> {}
 * }
 * }</pre>
 */
public interface ProcessContext {

    /**
     * The context of the process running on the calling thread.
     *
     * @throws IllegalStateException when the caller is not a fauxtp process
     */
    static ProcessContext current() {
        ProcessContext c = ProcessImpl.current();
        if (c == null) {
            throw new IllegalStateException("not inside a fauxtp process: " + Thread.currentThread()
                    + " is an ordinary thread; use Node methods (node.spawn, node.send) from ordinary code");
        }
        return c;
    }

    /** The context of the process running on the calling thread, if the caller is one. */
    static Optional<ProcessContext> currentIfAny() {
        return Optional.ofNullable(ProcessImpl.current());
    }

    /** This process's pid. */
    Pid self();

    /** The node running this process. */
    Node node();

    /** Takes the oldest message, waiting as long as needed. */
    Object receive() throws InterruptedException;

    /** Takes the oldest message {@code matcher} accepts, waiting as long as needed; the others keep their order. */
    <T> T receive(Matcher<T> matcher) throws InterruptedException;

    /**
     * Takes the oldest message {@code matcher} accepts, waiting at most {@code timeout} (zero: only look at what
     * has arrived). Empty means the timeout passed; the messages that did not match keep their order.
     */
    <T> Optional<T> receive(Matcher<T> matcher, Duration timeout) throws InterruptedException;

    /** Sends {@code message} (never null) to {@code to}; dropped silently if {@code to} is dead. */
    void send(Pid to, Object message);

    /**
     * Sends {@code message} to the process registered as {@code name}.
     *
     * @throws IllegalArgumentException when no process has that name (Erlang's {@code badarg})
     */
    void send(String name, Object message);

    /** Spawns an independent process. */
    Pid spawn(ProcessBody body);

    /** Spawns a process linked to this one (the link exists before the body runs). */
    Pid spawnLink(ProcessBody body);

    /** Spawns a process monitored by this one. */
    SpawnedMonitor spawnMonitor(ProcessBody body);

    /** Spawns a process with options (link, monitor, trap-exit, registered name). */
    Pid spawn(SpawnOptions options, ProcessBody body);

    /**
     * Links this process with {@code other} (idempotent). Linking to a dead process delivers an exit signal
     * with reason {@link ExitReason#NO_PROCESS} to this process, as in Erlang.
     */
    void link(Pid other);

    /** Removes the link with {@code other}, if any. */
    void unlink(Pid other);

    /** Monitors {@code pid}: one {@link Down} will arrive (at once, with no-process, if it is already dead). */
    MonitorRef monitor(Pid pid);

    /** Monitors the process registered as {@code name}; no such process gives an immediate {@code Down(noproc)}. */
    MonitorRef monitor(String name);

    /**
     * Removes a monitor and flushes its {@link Down} if that already arrived.
     *
     * @return true if the monitor was still active
     */
    boolean demonitor(MonitorRef ref);

    /** Turns exit signals from links into {@link Exit} messages (except {@link ExitReason#KILL}). */
    void trapExit(boolean on);

    /** Whether this process traps exits. */
    boolean trapsExit();

    /** Sends the exit signal {@code reason} to {@code pid} (to itself, too). */
    void exit(Pid pid, ExitReason reason);

    /** Ends this process now with {@code reason}. Does not return. */
    void exit(ExitReason reason);
}
