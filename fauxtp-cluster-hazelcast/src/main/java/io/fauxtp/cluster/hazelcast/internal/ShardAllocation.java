package io.fauxtp.cluster.hazelcast.internal;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.UUID;

/**
 * Where entities go: an entity id to its shard by a hash of its UTF-8 bytes, and a shard to a member by
 * rendezvous (highest-random-weight) hashing over the live members. Every member computes the same answer from
 * the same member list, with no coordination; when a member joins or leaves, only the shards it gains or loses
 * move (about one in {@code members} of them).
 */
public final class ShardAllocation {

    private ShardAllocation() {
    }

    /** The shard of {@code entityId} among {@code shards}. */
    public static int shardOf(String entityId, int shards) {
        long h = 0xcbf29ce484222325L;   // FNV-1a over the bytes, then mixed: stable across JVMs and releases
        for (byte b : entityId.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return (int) Math.floorMod(mix(h), (long) shards);
    }

    /** The member that owns {@code shard} of {@code type} among {@code members}; null when there is none. */
    public static UUID ownerOf(String type, int shard, Collection<UUID> members) {
        long seed = mix(type.hashCode() * 0x9e3779b97f4a7c15L + shard);
        UUID best = null;
        long bestScore = 0;
        for (UUID member : members) {
            long score = mix(seed ^ mix(member.getMostSignificantBits()) ^ member.getLeastSignificantBits());
            if (best == null || Long.compareUnsigned(score, bestScore) > 0
                    || (score == bestScore && member.compareTo(best) < 0)) {
                best = member;
                bestScore = score;
            }
        }
        return best;
    }

    /** SplitMix64's finaliser: spreads every input bit over the whole word. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
