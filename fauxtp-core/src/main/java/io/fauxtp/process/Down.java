package io.fauxtp.process;

/**
 * The message a monitor delivers, exactly once, when the monitored process {@code pid} ends with
 * {@code reason} ({@link ExitReason#NO_PROCESS} if it was already dead when the monitor was set).
 */
public record Down(MonitorRef ref, Pid pid, ExitReason reason) {}
