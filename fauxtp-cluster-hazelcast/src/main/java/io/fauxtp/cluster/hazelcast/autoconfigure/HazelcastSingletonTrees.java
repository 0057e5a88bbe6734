package io.fauxtp.cluster.hazelcast.autoconfigure;

import io.fauxtp.cluster.hazelcast.ClusterSingleton;
import io.fauxtp.cluster.hazelcast.FauxtpCluster;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.spring.autoconfigure.SingletonTreeHost;
import io.fauxtp.spring.workflow.WorkflowDatabase;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Runs the singleton trees of {@code fauxtp.supervisors.*} as {@link ClusterSingleton}s; lists them for tools, and
 * gives a tree's own processes their singleton ({@link #singleton(String)}), whose {@code status().token()} is the
 * fencing token of the copy from the start of the tree on, for {@code runFenced} and {@code registerName}.
 */
public final class HazelcastSingletonTrees implements SingletonTreeHost {

    private final FauxtpCluster cluster;
    private final ObjectProvider<DataSource> dataSource;
    private final boolean inMemoryAllowed;
    private final ClusterSingleton.Options options;
    private final List<ClusterSingleton> singletons = new CopyOnWriteArrayList<>();
    private final Map<String, ClusterSingleton> byName = new ConcurrentHashMap<>();

    /**
     * @param dataSource the database of the leases (resolved when the first singleton tree starts)
     * @param options    lease, quorum and table of every singleton tree
     */
    public HazelcastSingletonTrees(FauxtpCluster cluster, ObjectProvider<DataSource> dataSource,
            ClusterSingleton.Options options) {
        this(cluster, dataSource, options, false);
    }

    /**
     * @param inMemoryAllowed whether the leases may be in an in-memory database
     *     ({@code fauxtp.cluster.in-memory-database-allowed}, for tests whose members share one JVM)
     */
    public HazelcastSingletonTrees(FauxtpCluster cluster, ObjectProvider<DataSource> dataSource,
            ClusterSingleton.Options options, boolean inMemoryAllowed) {
        this.cluster = cluster;
        this.dataSource = dataSource;
        this.options = options;
        this.inMemoryAllowed = inMemoryAllowed;
    }

    @Override
    public AutoCloseable host(String name, Function<Node, Pid> startTree) {
        DataSource database = dataSource.getIfUnique();
        if (database == null) {
            throw new IllegalStateException("singleton tree '" + name + "' keeps its lease and fencing token in SQL, "
                    + "but the application has no (single) DataSource: configure spring.datasource.* (PostgreSQL in "
                    + "production; every member must use the same database)");
        }
        WorkflowDatabase described = WorkflowDatabase.of(database);
        if (described.inMemory() && !inMemoryAllowed) {
            throw new IllegalStateException("singleton tree '" + name + "' keeps its lease and fencing token in SQL, "
                    + "but the application's DataSource is an in-memory database (" + described.description()
                    + "): each member would have its own lease table, and every member would run the tree. Set "
                    + "spring.datasource.url to the database all members share (PostgreSQL in production)");
        }
        ClusterSingleton singleton = ClusterSingleton.startFenced(cluster, database, name, (node, self, token) -> {
            byName.put(name, self);   // before the tree's processes start and look for it
            return startTree.apply(node);
        }, options);
        byName.put(name, singleton);
        singletons.add(singleton);
        return () -> {
            singletons.remove(singleton);
            singleton.close();
            byName.remove(name, singleton);
        };
    }

    /** The singleton of the tree {@code name} that this member competes for, if it does. */
    public Optional<ClusterSingleton> singleton(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The singleton trees this member competes for. */
    public List<ClusterSingleton> singletons() {
        return List.copyOf(singletons);
    }
}
