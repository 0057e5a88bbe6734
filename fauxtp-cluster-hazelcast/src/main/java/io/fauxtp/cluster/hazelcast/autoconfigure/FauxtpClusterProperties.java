package io.fauxtp.cluster.hazelcast.autoconfigure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the Hazelcast cluster adapter ({@code fauxtp.cluster.*}). Hazelcast itself (members, ports, join)
 * is configured the Spring Boot way: a {@code com.hazelcast.config.Config} bean or {@code hazelcast.yaml}.
 */
@ConfigurationProperties("fauxtp.cluster")
public class FauxtpClusterProperties {

    /**
     * Whether this instance joins a fauxtp cluster over the application's HazelcastInstance.
     */
    private boolean enabled;

    /**
     * The configured number of members. A singleton tree runs only on a member that sees a majority of it
     * (expected-members / 2 + 1), so a minority side of a network partition never runs one.
     */
    private int expectedMembers = 1;

    /**
     * How long a singleton lease lasts without renewal; the holder renews it every third of it. A member that
     * vanishes without leaving is replaced after at most this long, or as soon as Hazelcast drops it.
     */
    private Duration singletonLease = Duration.ofSeconds(10);

    /**
     * SQL table of the singleton leases and fencing tokens, in the application's DataSource.
     */
    private String singletonTable = "fauxtp_singleton";

    /**
     * How long a start or signal of a workflow run waits for the member that owns the run.
     */
    private Duration workflowCallTimeout = Duration.ofSeconds(10);

    /**
     * How many shards the workflow runs are spread over (a run's shard is a hash of its id); each shard is owned
     * by one member at a time through its own lease row. Keep it at ten or more per member, and the same on every
     * member.
     */
    private int workflowShards = 64;

    /**
     * Whether singleton trees and workflow runs may keep their leases and runs in an in-memory database. Each
     * member would have its own, which voids the one-owner guarantee: only for tests whose members share one JVM
     * (and so one in-memory database).
     */
    private boolean inMemoryDatabaseAllowed;

    public boolean isInMemoryDatabaseAllowed() {
        return inMemoryDatabaseAllowed;
    }

    public void setInMemoryDatabaseAllowed(boolean inMemoryDatabaseAllowed) {
        this.inMemoryDatabaseAllowed = inMemoryDatabaseAllowed;
    }

    public Duration getWorkflowCallTimeout() {
        return this.workflowCallTimeout;
    }

    public void setWorkflowCallTimeout(Duration workflowCallTimeout) {
        this.workflowCallTimeout = workflowCallTimeout;
    }

    public int getWorkflowShards() {
        return this.workflowShards;
    }

    public void setWorkflowShards(int workflowShards) {
        this.workflowShards = workflowShards;
    }

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getExpectedMembers() {
        return this.expectedMembers;
    }

    public void setExpectedMembers(int expectedMembers) {
        this.expectedMembers = expectedMembers;
    }

    public Duration getSingletonLease() {
        return this.singletonLease;
    }

    public void setSingletonLease(Duration singletonLease) {
        this.singletonLease = singletonLease;
    }

    public String getSingletonTable() {
        return this.singletonTable;
    }

    public void setSingletonTable(String singletonTable) {
        this.singletonTable = singletonTable;
    }
}
