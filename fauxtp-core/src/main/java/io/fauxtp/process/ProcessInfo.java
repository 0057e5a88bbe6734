package io.fauxtp.process;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A snapshot of one live process, from {@link Node#info(Pid)}.
 *
 * @param mailboxSize messages waiting in its mailbox
 * @param links       processes linked to it
 * @param monitors    monitors it holds on other processes
 * @param monitoredBy processes monitoring it
 */
public record ProcessInfo(Pid pid, boolean alive, int mailboxSize, Set<Pid> links, Set<MonitorRef> monitors,
                          Set<Pid> monitoredBy, Optional<String> registeredName, boolean trapsExit,
                          Instant startedAt) {
    public ProcessInfo {
        links = Set.copyOf(links);
        monitors = Set.copyOf(monitors);
        monitoredBy = Set.copyOf(monitoredBy);
    }
}
