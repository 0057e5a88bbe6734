package io.fauxtp.cluster.hazelcast.internal;

import io.fauxtp.cluster.hazelcast.ShardedEntity;
import io.fauxtp.workflow.JdbcSuspensionStore;
import io.fauxtp.workflow.StoredSuspension;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.SuspensionStore;
import io.fauxtp.workflow.SuspensionStoreException;
import java.util.List;
import java.util.Optional;

/**
 * The SQL suspension store as seen by the process of a workflow run, a sharded entity: every save commits only
 * while this member still holds the lease of the run's shard with the token it started the run's process under
 * ({@link ShardedEntity#runFenced}), in the same transaction as the fencing check, so a former owner (paused,
 * partitioned) can never overwrite what the new owner saved. Saves and deletes must come from the callbacks of
 * a sharded entity; reads go to the store directly.
 */
public final class FencedSuspensionStore implements SuspensionStore {

    private final JdbcSuspensionStore store;

    public FencedSuspensionStore(JdbcSuspensionStore store) {
        this.store = store;
    }

    @Override
    public void save(Suspension suspension) {
        ShardedEntity run = ShardedEntity.current();
        if (!run.runFenced(c -> store.save(c, suspension))) {
            throw lost("save", run);
        }
    }

    @Override
    public Optional<Suspension> find(String id) {
        return store.find(id);
    }

    @Override
    public List<StoredSuspension> list() {
        return store.list();
    }

    @Override
    public List<StoredSuspension> pending() {
        return store.pending();
    }

    @Override
    public boolean delete(String id) {
        ShardedEntity run = ShardedEntity.current();
        if (!run.checkFence()) {   // a delete is idempotent: checked, not locked
            throw lost("delete", run);
        }
        return store.delete(id);
    }

    private static SuspensionStoreException lost(String what, ShardedEntity run) {
        return new SuspensionStoreException("did not " + what + " suspension " + run.id() + ": this member no longer"
                + " owns shard " + run.shard() + " of the workflow runs (its lease with token " + run.token()
                + " was taken over or expired); the new owner runs the run", null);
    }
}
