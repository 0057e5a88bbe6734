package io.fauxtp.process;

/** The result of {@link ProcessContext#spawnMonitor(ProcessBody)}: the new process and the monitor on it. */
public record SpawnedMonitor(Pid pid, MonitorRef ref) {}
