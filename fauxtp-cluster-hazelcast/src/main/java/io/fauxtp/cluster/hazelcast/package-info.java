/**
 * Scale-out for fauxtp on Hazelcast Community Edition: {@link io.fauxtp.cluster.hazelcast.FauxtpCluster}
 * (cluster-unique node ids, global names, remote send/call/cast in the text format) and
 * {@link io.fauxtp.cluster.hazelcast.ClusterSingleton} (a tree on one member at a time, fenced in SQL).
 */
package io.fauxtp.cluster.hazelcast;
