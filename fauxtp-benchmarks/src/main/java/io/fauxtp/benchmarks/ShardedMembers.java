package io.fauxtp.benchmarks;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.fauxtp.cluster.hazelcast.FauxtpCluster;
import io.fauxtp.cluster.hazelcast.ShardRegion;
import io.fauxtp.cluster.hazelcast.ShardedEntity;
import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.text.TextCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * Members of one cluster in this JVM for the sharding benchmarks: each a Hazelcast member on its own loopback port
 * (they talk TCP to each other, as separate machines would), a {@link FauxtpCluster} and a {@link ShardRegion} of
 * the type {@value #TYPE}, whose entities answer a call with its request. The shard leases live in one database the
 * members share: an in-memory H2 database of this JVM ({@code h2}), or PostgreSQL ({@code postgres}, from
 * {@code -Dfauxtp.bench.postgres-url=jdbc:postgresql://...}).
 */
final class ShardedMembers implements AutoCloseable {

    static final String TYPE = "bench";

    /** The request an entity answers with the uuid of the member it runs on. */
    static final String WHERE = "where";

    /** 64 shards (ten or more per member), no passivation during a run, the default lease (10 s). */
    static final ShardRegion.Options OPTIONS = ShardRegion.Options.defaults()
            .withShards(64).withPassivateAfter(Duration.ofMinutes(30)).withCallTimeout(Duration.ofSeconds(30));

    /** How long one attempt of {@link #callAll} waits before it calls again (a call lost with its entity's lease). */
    private static final Duration ATTEMPT = Duration.ofSeconds(5);

    private static final Duration FORM_WAIT = Duration.ofSeconds(120);

    /** One member: its Hazelcast instance, its fauxtp node and its region of {@value #TYPE}. */
    record Member(HazelcastInstance hazelcast, FauxtpCluster cluster, ShardRegion region) {
        UUID uuid() {
            return cluster.localMember();
        }
    }

    /** An entity: answers {@link #WHERE} with its member's uuid, anything else with the request itself. */
    static final class Entity implements GenServer<Object> {
        @Override
        public Object init(Object args) {
            return "";
        }

        @Override
        public CallResult<Object> handleCall(Object request, From from, Object state) {
            Object answer = WHERE.equals(request) ? ShardedEntity.current().member().toString() : request;
            return CallResult.reply(answer, state);
        }
    }

    private final String clusterName = "fauxtp-bench-shards-" + UUID.randomUUID();
    private final String table = "bench_lease_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final boolean postgres;
    private final JdbcConnectionPool leases;
    private final List<Integer> ports = new ArrayList<>();
    private final List<Member> members = new ArrayList<>();
    private final List<Member> departed = new ArrayList<>();

    private ShardedMembers(String database) {
        postgres = switch (database) {
            case "h2" -> false;
            case "postgres" -> true;
            default -> throw new IllegalArgumentException("database must be h2 or postgres, got " + database);
        };
        if (postgres) {
            String url = System.getProperty("fauxtp.bench.postgres-url");
            if (url == null) {
                throw new IllegalArgumentException("database=postgres needs -jvmArgsAppend "
                        + "-Dfauxtp.bench.postgres-url=jdbc:postgresql://...");
            }
            PGConnectionPoolDataSource pg = new PGConnectionPoolDataSource();
            pg.setURL(url);
            leases = JdbcConnectionPool.create(pg);
        } else {
            leases = JdbcConnectionPool.create("jdbc:h2:mem:" + table + ";DB_CLOSE_DELAY=-1", "sa", "");
        }
    }

    /**
     * Starts {@code size} members and waits until they see each other and hold every shard between them (each
     * the shards rendezvous hashing gives it).
     */
    static ShardedMembers form(int size, String database) {
        ShardedMembers members = new ShardedMembers(database);
        try {
            for (int i = 0; i < size; i++) {
                members.add(size);
            }
            members.awaitAllShardsHeld(size);
            return members;
        } catch (RuntimeException | Error e) {
            members.close();
            throw e;
        }
    }

    private void add(int expectedMembers) {
        int port = freePort();
        ports.add(port);
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(config(port));
        FauxtpCluster cluster = FauxtpCluster.join(hz, "member" + members.size(), TextCodec.standard());
        ShardRegion region = ShardRegion.start(cluster, leases, TYPE, new Entity(), id -> null,
                OPTIONS.withExpectedMembers(expectedMembers).withTable(table));
        members.add(new Member(hz, cluster, region));
    }

    private void awaitAllShardsHeld(int size) {
        long deadline = System.nanoTime() + FORM_WAIT.toNanos();
        while (true) {
            boolean seen = members.stream().allMatch(m -> m.hazelcast().getCluster().getMembers().size() == size);
            int held = members.stream().mapToInt(m -> m.region().stats().shards()).sum();
            if (seen && held == OPTIONS.shards()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(size + " members did not form within " + FORM_WAIT + ": shards held "
                        + held + " of " + OPTIONS.shards());
            }
            sleep(20);
        }
    }

    Member member(int i) {
        return members.get(i);
    }

    List<Member> members() {
        return List.copyOf(members);
    }

    /** Entity ids {@code e0} to {@code e<n-1>}. */
    static List<String> entityIds(int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add("e" + i);
        }
        return ids;
    }

    /**
     * Calls every entity of {@code ids} with {@link #WHERE} from {@code callers} virtual threads, entity i through
     * {@code via.get(i % via.size())}, until it answers from a member other than {@code notFrom} (null: any
     * member), calling again after a failure (its owner left during the call) or 5 s without an answer; returns how
     * many entities answered from each member.
     *
     * @throws IllegalStateException when an entity has not answered so within {@code deadline}
     */
    static Map<String, Long> callAll(List<String> ids, List<ShardRegion> via, UUID notFrom, int callers,
                                     Duration deadline) {
        Map<String, AtomicLong> byMember = new ConcurrentHashMap<>();
        long end = System.nanoTime() + deadline.toNanos();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> work = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int first = c;
                work.add(threads.submit(() -> {
                    for (int i = first; i < ids.size(); i += callers) {
                        String member = callUntilAnswered(via.get(i % via.size()), ids.get(i), notFrom, end);
                        byMember.computeIfAbsent(member, k -> new AtomicLong()).incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        Map<String, Long> counts = new java.util.TreeMap<>();
        byMember.forEach((k, v) -> counts.put(k, v.get()));
        return counts;
    }

    private static String callUntilAnswered(ShardRegion via, String id, UUID notFrom, long endNanos) {
        RuntimeException last = null;
        String member = null;
        while (System.nanoTime() < endNanos) {
            try {
                long left = Math.max(1, endNanos - System.nanoTime());
                member = via.call(id, WHERE, Duration.ofNanos(Math.min(left, ATTEMPT.toNanos())));
                if (notFrom == null || !notFrom.toString().equals(member)) {
                    return member;
                }
            } catch (RuntimeException e) {   // noconnection (its owner left during the call) or a timeout
                last = e;
            }
            sleep(5);   // the shard is still on the member that leaves, or its owner just went: try again soon
        }
        throw new IllegalStateException("entity " + id + " did not answer from a remaining member in time (last"
                + " from " + member + ")", last);
    }

    /**
     * Member {@code i} leaves as the application stopping would: its region hands its shards over, its node
     * closes, its Hazelcast member shuts down (and leaves the member list).
     */
    void leave(int i) {
        Member m = members.remove(i);
        departed.add(m);
        m.region().close();
        m.cluster().close();
        m.hazelcast().shutdown();
    }

    /**
     * Member {@code i} crashes: its Hazelcast member terminates at once (its sockets close, as a killed process's
     * do); its region and node are closed only in {@link #close()}.
     */
    void crash(int i) {
        Member m = members.remove(i);
        departed.add(m);
        m.hazelcast().getLifecycleService().terminate();
    }

    /** Stops every member (regions, nodes, Hazelcast) and drops the lease table or database. */
    @Override
    public void close() {
        List<Member> all = new ArrayList<>(members);
        all.addAll(departed);
        for (Member m : all) {   // each region stops its entities and gives its leases back; closing twice is a no-op
            m.region().close();
            m.cluster().close();
            m.hazelcast().getLifecycleService().terminate();
        }
        members.clear();
        departed.clear();
        try (Connection c = leases.getConnection(); Statement s = c.createStatement()) {
            s.execute(postgres ? "DROP TABLE IF EXISTS " + table : "SHUTDOWN");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the lease table " + table, e);
        } finally {
            leases.dispose();
        }
    }

    private Config config(int port) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setInstanceName(clusterName + "-" + port);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        // Failure detection as in the cluster tests: a member without a heartbeat for 5 s is dropped.
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
        config.getJetConfig().setEnabled(false);
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (int peer : ports) {
            join.getTcpIpConfig().addMember("127.0.0.1:" + peer);
        }
        return config;
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
