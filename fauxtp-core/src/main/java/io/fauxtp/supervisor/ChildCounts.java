package io.fauxtp.supervisor;

/**
 * Erlang's {@code count_children}.
 *
 * @param specs       all children the supervisor knows, running or not
 * @param active      children whose process is alive
 * @param supervisors children of type supervisor, running or not
 * @param workers     children of type worker, running or not
 */
public record ChildCounts(int specs, int active, int supervisors, int workers) {}
