package io.fauxtp.cluster.hazelcast;

import java.sql.Connection;
import java.sql.SQLException;

/** SQL work of a singleton that must never be done by two copies; see {@link ClusterSingleton#runFenced}. */
@FunctionalInterface
public interface FencedWork {

    /** Does the work on {@code connection}, inside the fenced transaction (do not commit or close it). */
    void run(Connection connection) throws SQLException;
}
