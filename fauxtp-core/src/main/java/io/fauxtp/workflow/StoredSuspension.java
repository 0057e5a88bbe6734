package io.fauxtp.workflow;

import java.time.Instant;

/**
 * A stored suspension as listed by a {@link SuspensionStore}, without loading its text.
 *
 * @param id the run's id
 * @param workflow the workflow's name
 * @param version the workflow's version
 * @param status where the run is
 * @param awaiting what it waits for, in words ({@code ""} when nothing)
 * @param wakeUpAt when a timer or retry makes it ready, or {@code null}
 * @param updatedAt when its status, what it awaits, its inbox or its result last changed (a store may leave it
 *     as it is while a run only adds effect results to its journal)
 */
public record StoredSuspension(String id, String workflow, int version, Suspension.Status status, String awaiting,
        Instant wakeUpAt, Instant updatedAt) {
}
