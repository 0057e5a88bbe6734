package io.fauxtp.cluster.hazelcast;

import java.util.List;
import java.util.UUID;

/**
 * One member of the cluster as this member sees it.
 *
 * @param uuid    the Hazelcast member uuid
 * @param address host:port of the member
 * @param nodeIds the fauxtp node ids it hosts (the {@code node} part of its pids)
 * @param local   whether it is this member
 */
public record ClusterMember(UUID uuid, String address, List<Integer> nodeIds, boolean local) {}
