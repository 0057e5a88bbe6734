package io.fauxtp.supervisor;

import io.fauxtp.process.Pid;
import io.fauxtp.process.ProcessContext;

/**
 * Starts one child on behalf of a supervisor. It runs inside the supervisor process ({@code parent}) and must
 * return only once the child is ready (its {@code init} done), with the child <b>linked</b> to {@code parent}
 * (for example {@code parent.spawnLink(...)} or {@code GenServer.startLink(...)}). Throwing fails the start of
 * that child.
 */
@FunctionalInterface
public interface StartFunction {
    Pid start(ProcessContext parent) throws Exception;
}
