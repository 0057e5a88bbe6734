package io.fauxtp.cluster.hazelcast;

import io.fauxtp.spring.ShardAddress;
import io.fauxtp.spring.ShardRouter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The sharded types of this member, by type name ({@code fauxtp.shards.<type>}): {@code call("account", "bob",
 * request)} reaches entity {@code bob} of type {@code account} on whichever member runs it. It is also the
 * {@link ShardRouter} through which {@code FauxtpTemplate.call(ShardAddress.shard("account", "bob"), ...)} goes.
 */
public final class ShardRegions implements ShardRouter, AutoCloseable {

    private final Map<String, ShardRegion> regions;

    /** The regions by type; {@link #close()} closes them. */
    public ShardRegions(Map<String, ShardRegion> regions) {
        this.regions = Map.copyOf(regions);
    }

    /**
     * The region of {@code type}.
     *
     * @throws IllegalArgumentException when no {@code fauxtp.shards.<type>} is configured
     */
    public ShardRegion region(String type) {
        Objects.requireNonNull(type, "type");
        ShardRegion region = regions.get(type);
        if (region == null) {
            throw new IllegalArgumentException("no sharded type '" + type + "': configure fauxtp.shards." + type
                    + " (configured: " + regions.keySet().stream().sorted().toList() + ")");
        }
        return region;
    }

    /** Calls entity {@code entityId} of {@code type}; see {@link ShardRegion#call(String, Object)}. */
    public <R> R call(String type, String entityId, Object request) {
        return region(type).call(entityId, request);
    }

    /** Calls entity {@code entityId} of {@code type}, waiting up to {@code timeout}. */
    public <R> R call(String type, String entityId, Object request, Duration timeout) {
        return region(type).call(entityId, request, timeout);
    }

    /** Calls {@code entity} for {@code FauxtpTemplate}; see {@link ShardRegion#call(String, Object, Duration)}. */
    @Override
    public Object call(ShardAddress entity, Object request, Duration timeout) {
        return region(entity.type()).call(entity.entityId(), request, timeout);
    }

    /** Casts to {@code entity} for {@code FauxtpTemplate}; at most once. */
    @Override
    public void cast(ShardAddress entity, Object request) {
        region(entity.type()).cast(entity.entityId(), request);
    }

    /** Casts to entity {@code entityId} of {@code type}; at most once. */
    public void cast(String type, String entityId, Object request) {
        region(type).cast(entityId, request);
    }

    /** The regions, one per configured type. */
    public List<ShardRegion> regions() {
        return List.copyOf(regions.values());
    }

    /** What this member runs of each type. */
    public List<ShardRegion.Stats> stats() {
        return regions.values().stream().map(ShardRegion::stats).toList();
    }

    /** Hands this member's shards over and stops its regions. */
    @Override
    public void close() {
        regions.values().forEach(ShardRegion::close);
    }
}
