package io.fauxtp.supervisor;

import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Pid;
import java.time.Instant;
import java.util.Optional;

/**
 * One child of a supervisor, as seen at one moment (immutable).
 *
 * @param id             the child id
 * @param pid            the live instance, or null when not {@link ChildStatus#RUNNING}
 * @param name           the registered name of the child, or null
 * @param type           worker or supervisor
 * @param restart        the restart type
 * @param status         running, restarting or terminated
 * @param restartCount   how many times this supervisor instance restarted the child (not counting explicit
 *                       {@link Supervisor#restartChild restartChild} calls)
 * @param startedAt      when the current (or last) instance started, or null if it never started
 * @param lastExitReason why the last instance exited, or null if none has
 */
public record ChildInfo(String id, Pid pid, String name, ChildType type, Restart restart, ChildStatus status,
                        int restartCount, Instant startedAt, ExitReason lastExitReason) {

    /** The live instance, if the child is running. */
    public Optional<Pid> runningPid() {
        return Optional.ofNullable(pid);
    }

    public boolean isRunning() {
        return status == ChildStatus.RUNNING;
    }
}
