/**
 * Supervision trees: {@link io.fauxtp.supervisor.Supervisor} and
 * {@link io.fauxtp.supervisor.DynamicSupervisor}, their specs, snapshots and events. Semantics are Erlang's
 * {@code supervisor}; restart back-off ({@link io.fauxtp.supervisor.Backoff}) goes beyond it.
 */
package io.fauxtp.supervisor;
