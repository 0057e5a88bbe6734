package io.fauxtp.cluster.hazelcast.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Sharded GenServers ({@code fauxtp.shards.<type>.*}): each entry makes a {@code @GenServer} bean a type of
 * entities addressed by id, spread over the cluster's members (see {@link io.fauxtp.cluster.hazelcast.ShardRegion}).
 * Leases, quorum and call timeout are those of {@code fauxtp.cluster.*} and {@code fauxtp.call-timeout}.
 */
@ConfigurationProperties("fauxtp")
public class FauxtpShardProperties {

    /**
     * Sharded GenServer types, by type name (letters, digits, '_', '.', '-'): the @GenServer bean each entity runs,
     * the number of shards, the passivation idle time and the init arguments.
     */
    private final Map<String, Type> shards = new LinkedHashMap<>();

    public Map<String, Type> getShards() {
        return this.shards;
    }

    /** One sharded type. */
    public static class Type {

        /**
         * Bean name of the @GenServer behaviour each entity of the type runs.
         */
        private String genServer;

        /**
         * How many shards the entity ids are spread over; a shard is what moves between members. The same on every
         * member; keep it at ten or more per member.
         */
        private int shards = 64;

        /**
         * How long an entity may go without a message before it is stopped; its behaviour's terminate gets the
         * state (reason shutdown "passivated") to persist it.
         */
        private Duration passivateAfter = Duration.ofMinutes(2);

        /**
         * Init arguments of every entity, bound to the args type of the @GenServer like a supervision tree
         * child's args; the entity's id is ShardedEntity.current().id().
         */
        private final Map<String, Object> args = new LinkedHashMap<>();

        public String getGenServer() {
            return this.genServer;
        }

        public void setGenServer(String genServer) {
            this.genServer = genServer;
        }

        public int getShards() {
            return this.shards;
        }

        public void setShards(int shards) {
            this.shards = shards;
        }

        public Duration getPassivateAfter() {
            return this.passivateAfter;
        }

        public void setPassivateAfter(Duration passivateAfter) {
            this.passivateAfter = passivateAfter;
        }

        public Map<String, Object> getArgs() {
            return this.args;
        }
    }
}
