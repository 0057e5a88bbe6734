/** Spring Boot auto-configuration of the Hazelcast cluster adapter. */
package io.fauxtp.cluster.hazelcast.autoconfigure;
