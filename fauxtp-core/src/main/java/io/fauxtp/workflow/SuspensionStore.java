package io.fauxtp.workflow;

import java.util.List;
import java.util.Optional;

/**
 * Where suspensions are kept between resumes and across restarts of the application. A save replaces the
 * stored suspension of the same id as a whole: a reader sees the old or the new one, never a mix.
 */
public interface SuspensionStore {

    /** Stores {@code suspension}, replacing the one with the same id. */
    void save(Suspension suspension);

    /** The stored suspension with this id. */
    Optional<Suspension> find(String id);

    /** A summary of every stored suspension, by id. */
    List<StoredSuspension> list();

    /** The stored runs that have not finished (ready or waiting), by id: what to resume after a restart. */
    List<StoredSuspension> pending();

    /** Removes the suspension with this id; whether there was one. */
    boolean delete(String id);
}
