/**
 * Processes: {@link io.fauxtp.process.Node} (the runtime), {@link io.fauxtp.process.Pid}, spawning, mailboxes
 * with selective receive ({@link io.fauxtp.process.ProcessContext#receive(io.fauxtp.process.Matcher,
 * java.time.Duration)}), links, monitors, typed {@link io.fauxtp.process.ExitReason}s,
 * {@link io.fauxtp.process.Task}s and the node's {@link io.fauxtp.process.Registry} of names (Erlang's
 * {@code register}). Erlang's semantics are the reference.
 */
package io.fauxtp.process;
