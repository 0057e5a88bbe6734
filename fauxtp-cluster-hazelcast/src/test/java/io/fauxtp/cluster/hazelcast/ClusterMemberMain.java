package io.fauxtp.cluster.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.Matcher;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.process.ProcessContext;
import io.fauxtp.supervisor.ChildSpec;
import io.fauxtp.supervisor.Supervisor;
import io.fauxtp.supervisor.SupervisorSpec;
import io.fauxtp.text.TextCodec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.h2.jdbcx.JdbcDataSource;

/**
 * One cluster member in its own JVM, for {@link MultiJvmFailoverTest}. It competes for the singleton {@code ticker},
 * whose tree has two processes: a ticker that, every 100 ms, appends (member, token, time) to {@code ticks} with a
 * plain insert (what a copy does whether or not it should run) and makes one fenced write numbered at commit; and
 * a GenServer that takes the global name {@code ticker} (fenced by the token) and answers {@code whoami}.
 *
 * <p>On stdout: {@code READY <uuid>}; {@code ACTIVE <token>} when this member took the lease and is starting a copy
 * (before the tree's start, which may fail); {@code COPY <token> <pids>} when it started a copy; {@code ANSWER
 * <epoch ms> <uuid> <token>} whenever the answer to a call by name (from this member, every 50 ms) changes. On
 * stdin: {@code alive <pids>} prints {@code ALIVE <n>}, how many of those pids are live processes of this member;
 * {@code members} prints {@code MEMBERS <n>}. It exits when its stdin closes (the test JVM ended).
 * Arguments ({@link ChildJvms}): cluster name, its Hazelcast port, the ports of all members (comma-separated), JDBC
 * URL.
 */
public final class ClusterMemberMain {

    static final Duration LEASE = Duration.ofSeconds(3);
    static final Duration TICK = Duration.ofMillis(100);

    private ClusterMemberMain() {}

    public static void main(String[] args) throws Exception {
        String clusterName = args[0];
        int port = Integer.parseInt(args[1]);
        List<Integer> peers = Arrays.stream(args[2].split(",")).map(Integer::valueOf).toList();
        String jdbcUrl = args[3];
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Config config = TestClusters.config(clusterName, port, peers);
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(config);
        FauxtpCluster cluster = FauxtpCluster.join(hz, "jvm", TextCodec.standard());
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(jdbcUrl);
        String me = cluster.localMember().toString();

        ClusterSingleton singleton = ClusterSingleton.startFenced(cluster, dataSource, "ticker", (node, self, token) -> {
            ChildSpec ticker = ChildSpec.worker("ticker", parent -> parent.spawnLink(p -> {
                while (true) {
                    tick(dataSource, self, me, token);
                    p.receive(Matcher.any(), TICK);
                }
            }));
            ChildSpec answerer = ChildSpec.worker("answerer", parent -> GenServer.startLink(new WhoAmI(self, me, token), null));
            Pid root = Supervisor.start(node, SupervisorSpec.oneForOne(ticker, answerer));
            List<Pid> pids = new ArrayList<>(List.of(root));
            Supervisor.whichChildren(root).forEach(c -> c.runningPid().ifPresent(pids::add));
            out.println("COPY " + token + " " + pids.stream().map(ClusterMemberMain::format).collect(Collectors.joining(" ")));
            return root;
        }, ClusterSingleton.Options.defaults().withLease(LEASE).withExpectedMembers(3));

        singleton.subscribe(status -> {
            if (status.active()) {
                out.println("ACTIVE " + status.token());
            }
        });
        Thread.ofVirtual().name("probe").start(() -> probe(cluster, out));
        out.println("READY " + me);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] words = line.trim().split(" ");
            switch (words[0]) {
                case "alive" -> {
                    Node node = cluster.node();
                    long alive = Arrays.stream(words).skip(1).map(ClusterMemberMain::parse)
                            .filter(pid -> node.isAlive(pid) || node.processes().contains(pid)).count();
                    out.println("ALIVE " + alive);
                }
                case "members" -> out.println("MEMBERS " + hz.getCluster().getMembers().size()
                        + (cluster.splitOff() ? " split-off" : ""));
                default -> out.println("UNKNOWN " + line);
            }
        }
        singleton.close();
        cluster.close();
        hz.getLifecycleService().terminate();
        System.exit(0);
    }

    /** One tick of a copy: a plain row (it ran now), and a fenced row numbered in commit order. */
    private static void tick(JdbcDataSource dataSource, ClusterSingleton singleton, String me, long token) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO ticks (member, token, at_ms) VALUES (?, ?, ?)")) {
            s.setString(1, me);
            s.setLong(2, token);
            s.setLong(3, System.currentTimeMillis());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        singleton.runFenced(token, c -> {
            // The sequence row stays locked until the commit, so seq orders the fenced writes as they committed.
            try (PreparedStatement s = c.prepareStatement("UPDATE commit_seq SET seq = seq + 1")) {
                s.executeUpdate();
            }
            long seq;
            try (PreparedStatement s = c.prepareStatement("SELECT seq FROM commit_seq");
                 ResultSet r = s.executeQuery()) {
                r.next();
                seq = r.getLong(1);
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO fenced_work (seq, token, member) VALUES (?, ?, ?)")) {
                s.setLong(1, seq);
                s.setLong(2, token);
                s.setString(3, me);
                s.executeUpdate();
            }
        });
    }

    private static void probe(FauxtpCluster cluster, PrintStream out) {
        String last = null;
        while (true) {
            String answer;
            try {
                answer = cluster.call("ticker", "whoami", Duration.ofMillis(500));
            } catch (RuntimeException e) {
                answer = null;
            }
            if (answer != null && !answer.equals(last)) {
                out.println("ANSWER " + System.currentTimeMillis() + " " + answer);
                last = answer;
            }
            try {
                Thread.sleep(50);   // a probe's period, not a wait for a condition
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Takes the global name {@code ticker} for its copy and tells who it is. */
    private record WhoAmI(ClusterSingleton singleton, String member, long token) implements GenServer<String> {
        @Override
        public String init(Object args) {
            singleton.registerName("ticker", ProcessContext.current().self(), token);
            return member + " " + token;
        }

        @Override
        public CallResult<String> handleCall(Object request, From from, String me) {
            return CallResult.reply(me, me);
        }
    }

    static String format(Pid pid) {
        return pid.node() + "." + pid.serial();
    }

    static Pid parse(String text) {
        String[] parts = Objects.requireNonNull(text).split("\\.");
        return new Pid(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
    }
}
