package io.fauxtp.process;

/**
 * An exit signal turned into a message, received by a process that traps exits
 * ({@link ProcessContext#trapExit(boolean)}): {@code from} exited (or sent an exit signal) with {@code reason}.
 */
public record Exit(Pid from, ExitReason reason) {}
