package io.fauxtp.process.internal;

import io.fauxtp.process.ExitReason;

/** Runtime code run when a process ends, after its name is released and before links and monitors hear of it. */
@FunctionalInterface
public interface ExitHook {
    void exited(ProcessImpl process, ExitReason reason);
}
