/** The {@code cluster} actuator endpoint. */
package io.fauxtp.cluster.hazelcast.actuate;
