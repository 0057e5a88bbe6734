package io.fauxtp.workflow;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A store in a map, for tests of what sits above a store. */
class MapSuspensionStore implements SuspensionStore {

    final ConcurrentSkipListMap<String, Suspension> rows = new ConcurrentSkipListMap<>();
    final AtomicInteger saves = new AtomicInteger();

    @Override
    public void save(Suspension suspension) {
        saves.incrementAndGet();
        rows.put(suspension.id(), suspension);
    }

    @Override
    public Optional<Suspension> find(String id) {
        return Optional.ofNullable(rows.get(id));
    }

    @Override
    public List<StoredSuspension> list() {
        return rows.values().stream().map(s -> new StoredSuspension(s.id(), s.workflow(), s.version(), s.status(),
                String.valueOf(s.awaiting()), s.isFinished() ? null : s.awaiting().readyAt(), Instant.EPOCH)).toList();
    }

    @Override
    public List<StoredSuspension> pending() {
        return list().stream().filter(s -> s.status() == Suspension.Status.READY
                || s.status() == Suspension.Status.WAITING).toList();
    }

    @Override
    public boolean delete(String id) {
        return rows.remove(id) != null;
    }
}
