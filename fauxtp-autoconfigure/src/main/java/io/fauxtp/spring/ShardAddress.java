package io.fauxtp.spring;

import java.util.Objects;

/**
 * The address of a sharded GenServer: an entity of a sharded type ({@code fauxtp.shards.<type>}), by its id.
 * {@link FauxtpTemplate#call(ShardAddress, Object, Class)} reaches it on whichever member of the cluster runs it:
 * {@code template.call(shard("account", "bob"), request, Long.class)}.
 *
 * @param type the sharded type, as configured under {@code fauxtp.shards.<type>}
 * @param entityId the entity's id within its type
 */
public record ShardAddress(String type, String entityId) {

    /**
     * Checks the parts.
     * @param type the sharded type
     * @param entityId the entity's id
     * @throws IllegalArgumentException when {@code type} is blank
     */
    public ShardAddress {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(entityId, "entityId");
        if (type.isBlank()) {
            throw new IllegalArgumentException("a sharded type name must not be blank");
        }
    }

    /**
     * The address of entity {@code entityId} of the sharded type {@code type}.
     * @param type the sharded type, as configured under {@code fauxtp.shards.<type>}
     * @param entityId the entity's id
     * @return the address
     */
    public static ShardAddress shard(String type, String entityId) {
        return new ShardAddress(type, entityId);
    }

    /** @return {@code type/entityId} */
    @Override
    public String toString() {
        return this.type + "/" + this.entityId;
    }

}
