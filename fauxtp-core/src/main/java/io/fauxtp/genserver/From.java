package io.fauxtp.genserver;

import io.fauxtp.process.Pid;

/**
 * Who is waiting for the answer to one call. {@code handleCall} may keep it, return
 * {@link CallResult#noReply(Object)}, and answer later, from any thread or process, with
 * {@link GenServer#reply(From, Object)}. Only the first reply counts; replies after the caller gave up are
 * discarded.
 *
 * @param caller the calling process; for a call made from ordinary code (not a process), a pid with serial 0
 *               that names no process
 * @param tag    unique per call within the caller's node
 */
public record From(Pid caller, long tag) {

    /** Whether the caller is ordinary code rather than a process. */
    public boolean callerIsProcess() {
        return caller.serial() != 0;
    }
}
