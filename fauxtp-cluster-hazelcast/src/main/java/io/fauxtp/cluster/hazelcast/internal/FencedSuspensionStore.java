package io.fauxtp.cluster.hazelcast.internal;

import io.fauxtp.cluster.hazelcast.ClusterSingleton;
import io.fauxtp.workflow.JdbcSuspensionStore;
import io.fauxtp.workflow.StoredSuspension;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.SuspensionStore;
import io.fauxtp.workflow.SuspensionStoreException;
import java.util.List;
import java.util.Optional;

/**
 * The SQL suspension store as seen by the member that owns the workflow runs: every save and delete commits
 * only while this member still holds the workflow lease with {@code token}, in the same transaction as the
 * fencing check, so a former owner (paused, partitioned) can never overwrite what the new owner saved.
 * Reads go to the store directly.
 */
public final class FencedSuspensionStore implements SuspensionStore {

    private final JdbcSuspensionStore store;
    private final ClusterSingleton lease;
    private final long token;

    public FencedSuspensionStore(JdbcSuspensionStore store, ClusterSingleton lease, long token) {
        this.store = store;
        this.lease = lease;
        this.token = token;
    }

    @Override
    public void save(Suspension suspension) {
        if (!lease.runFenced(token, c -> store.save(c, suspension))) {
            throw lost("save", suspension.id());
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
        if (!lease.checkFence(token)) {   // a delete is idempotent: checked, not locked
            throw lost("delete", id);
        }
        return store.delete(id);
    }

    private SuspensionStoreException lost(String what, String id) {
        return new SuspensionStoreException("did not " + what + " suspension " + id + ": this member no longer owns"
                + " the workflow runs (its lease '" + lease.name() + "' with token " + token + " was taken over"
                + " or expired); the new owner runs them", null);
    }
}
