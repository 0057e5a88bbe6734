package io.fauxtp.cluster.hazelcast;

import java.util.Objects;
import java.util.UUID;

/**
 * What a sharded entity knows about itself, from its {@code init} on: its type, its id, its shard, and the
 * fencing token under which its member owns the shard. {@link #current()} gives it inside the entity's callbacks.
 *
 * <p>A member runs the entities of a shard only while it holds the shard's lease row (as a singleton tree holds
 * its own); {@link #runFenced(FencedWork)} commits SQL work only while the token is still the current one, so
 * an entity a former owner still runs (paused, cut off, not yet stopped) never commits after the new owner's
 * token is in place.
 */
public final class ShardedEntity {

    private static final ThreadLocal<ShardedEntity> CURRENT = new ThreadLocal<>();

    private final ShardRegion region;
    private final String id;
    private final int shard;
    private final long token;

    ShardedEntity(ShardRegion region, String id, int shard, long token) {
        this.region = region;
        this.id = id;
        this.shard = shard;
        this.token = token;
    }

    /**
     * The entity whose callback is running on this thread.
     *
     * @throws IllegalStateException outside the callbacks of a sharded entity
     */
    public static ShardedEntity current() {
        ShardedEntity entity = CURRENT.get();
        if (entity == null) {
            throw new IllegalStateException("ShardedEntity.current() is only known in the callbacks of a sharded "
                    + "entity (a GenServer started by a ShardRegion)");
        }
        return entity;
    }

    /** Runs {@code callback} with this entity as {@link #current()} (a process may change threads between messages). */
    <T> T run(Callback<T> callback) throws Exception {
        ShardedEntity previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return callback.run();
        } finally {
            CURRENT.set(previous);
        }
    }

    /** One callback of the entity's behaviour. */
    @FunctionalInterface
    interface Callback<T> {
        T run() throws Exception;
    }

    /** The sharded type, as in {@code fauxtp.shards.<type>}. */
    public String type() {
        return region.type();
    }

    public String id() {
        return id;
    }

    /** The member running the entity (its Hazelcast uuid). */
    public UUID member() {
        return region.localMember();
    }

    public int shard() {
        return shard;
    }

    /** The fencing token of the shard's lease that this member held when it started the entity. */
    public long token() {
        return token;
    }

    /** Whether this member still holds the shard's lease with {@link #token()}. */
    public boolean checkFence() {
        return region.checkFence(shard, token);
    }

    /**
     * Runs SQL {@code work} in one transaction that commits only while this member still holds the shard's lease
     * with {@link #token()}, as {@link ClusterSingleton#runFenced(long, FencedWork)} does for a singleton.
     *
     * @return whether the fence held and the work was committed
     * @throws IllegalStateException when the database fails (the work was rolled back)
     */
    public boolean runFenced(FencedWork work) {
        Objects.requireNonNull(work, "work");
        return region.runFenced(shard, token, work);
    }

    @Override
    public String toString() {
        return region.type() + "/" + id + " (shard " + shard + ", token " + token + ")";
    }
}
