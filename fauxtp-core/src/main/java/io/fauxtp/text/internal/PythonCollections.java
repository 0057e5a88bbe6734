package io.fauxtp.text.internal;

import io.fauxtp.text.Tuple;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds the loader's tuples, sets and dict entries with Python's rules: a list, dict or set, or a tuple holding
 * one, cannot be a key or a set element (unhashable); and no dict or set may hold many keys with one hash code
 * (hash flooding).
 */
final class PythonCollections {

    private final Source source;

    /** Tuples that hold a list, dict or set, directly or not: like Python, they cannot be keys. */
    private final Set<Object> unhashableTuples = Collections.newSetFromMap(new IdentityHashMap<>());

    PythonCollections(Source source) {
        this.source = source;
    }

    /** A tuple of {@code items}, remembered as unhashable when it holds a list, dict or set. */
    Tuple tuple(Collection<?> items) {
        Tuple t = Tuple.copyOf(items);
        for (Object e : items) {
            if (e instanceof List<?> || e instanceof Map<?, ?> || e instanceof Set<?>
                    || (e instanceof Tuple && unhashableTuples.contains(e))) {
                unhashableTuples.add(t);
                break;
            }
        }
        return t;
    }

    /** A set of {@code items}, each hashable, in their order; {@code start} is where errors point. */
    Set<Object> toSet(Collection<?> items, int start) {
        LinkedHashSet<Object> set = LinkedHashSet.newLinkedHashSet(items.size());
        FloodGuard guard = floodGuard();
        for (Object e : items) {
            requireHashable(e, start, "set element");
            guard.check(e, set.size(), set, start);
            set.add(e);
        }
        return set;
    }

    /** Puts a dict entry: the key must be hashable, and not one too many with one hash code. */
    void put(Map<Object, Object> map, Object key, int keyAt, Object value, FloodGuard guard) {
        requireHashable(key, keyAt, "dict key");
        if (guard.counts != null || map.size() >= MAX_SAME_HASH_KEYS) {
            // a small dict is not tracked: no key-set view is made for it
            guard.check(key, map.size(), map.keySet(), keyAt);
        }
        map.put(key, value);
    }

    /** Most keys of one dict or set that may share a hash code. */
    static final int MAX_SAME_HASH_KEYS = 64;

    /**
     * Refuses hash flooding: many keys with one hash code and of different classes (say Strings and Longs, or a
     * registered type's keys) make Java's HashMap search linearly, so a dict of n such keys would take n^2 steps
     * to build. Small containers are not tracked.
     */
    /** A new guard for one dict or set. */
    FloodGuard floodGuard() {
        return new FloodGuard();
    }

    final class FloodGuard {
        private HashMap<Integer, Integer> counts;

        void check(Object key, int size, Collection<Object> present, int at) {
            if (counts == null) {
                if (size < MAX_SAME_HASH_KEYS) {
                    return;
                }
                counts = new HashMap<>();
                for (Object k : present) {
                    count(k);
                }
            }
            if (count(key) > MAX_SAME_HASH_KEYS) {
                throw source.error(at, "more than " + MAX_SAME_HASH_KEYS + " keys of one dict or set share a hash "
                        + "code: refusing what looks like a hash-flooding document");
            }
        }

        private int count(Object key) {
            Integer hash = Objects.hashCode(key);
            Integer n = counts.get(hash);
            int next = n == null ? 1 : n + 1;
            counts.put(hash, next);
            return next;
        }
    }

    private void requireHashable(Object key, int at, String what) {
        if (key instanceof List<?> || key instanceof Map<?, ?> || key instanceof Set<?>) {
            throw source.error(at, "a " + kind(key) + " cannot be a " + what + " (it is unhashable in Python too): "
                    + "use a tuple, e.g. tuple([1, 2])");
        }
        if (key instanceof Tuple && unhashableTuples.contains(key)) {
            throw source.error(at, "a tuple that contains a list, dict or set cannot be a " + what
                    + " (it is unhashable in Python too)");
        }
    }

    /** Python's name for a value's kind, for messages: list, dict, set, tuple, None, or the Java class. */
    static String kind(Object v) {
        return switch (v) {
            case null -> "None";
            case List<?> l -> "list";
            case Map<?, ?> m -> "dict";
            case Set<?> s -> "set";
            case Tuple t -> "tuple";
            default -> v.getClass().getSimpleName();
        };
    }
}
