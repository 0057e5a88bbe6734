/** Internals of the Hazelcast cluster adapter: wire format and lease table. */
package io.fauxtp.cluster.hazelcast.internal;
