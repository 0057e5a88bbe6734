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

    /**
     * Stores {@code suspension} as a new run, unless a suspension with its id is stored already: then nothing is
     * stored and the answer is false. A store may do both in one statement; this default looks first.
     */
    default boolean saveNew(Suspension suspension) {
        if (find(suspension.id()).isPresent()) {
            return false;
        }
        save(suspension);
        return true;
    }

    /** The stored suspension with this id. */
    Optional<Suspension> find(String id);

    /** A summary of every stored suspension, by id. */
    List<StoredSuspension> list();

    /** The stored runs that have not finished (ready or waiting), by id: what to resume after a restart. */
    List<StoredSuspension> pending();

    /** Removes the suspension with this id; whether there was one. */
    boolean delete(String id);
}
