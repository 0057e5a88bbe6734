package io.fauxtp.cluster.hazelcast;

import static io.fauxtp.spring.ShardAddress.shard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import io.fauxtp.cluster.hazelcast.actuate.ClusterEndpoint;
import io.fauxtp.cluster.hazelcast.actuate.ShardMetrics;
import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.process.ExitReason;
import io.fauxtp.spring.FauxtpTemplate;
import io.fauxtp.spring.GenServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * {@code fauxtp.shards.<type>} through Spring Boot: two applications in one JVM share an H2 database; a
 * {@code @GenServer} bean declared sharded answers by type and id on whichever member owns the id, passivates
 * after its idle time handing its state to {@code terminate}, and starts again from the saved state. A
 * configuration mistake fails the start naming the property.
 */
class ShardedGenServersAutoConfigurationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Stands for the application's database: both members of this JVM see it. */
    static final Map<String, Long> SAVED = new ConcurrentHashMap<>();
    /** Which member ran each entity's last passivation. */
    static final Map<String, UUID> PASSIVATED_ON = new ConcurrentHashMap<>();

    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();
    private final String cluster = "fauxtp-shards-spring-" + UUID.randomUUID();
    private final String database = "shards-" + UUID.randomUUID();

    /** The accounts store of the example; a map here. */
    static final class Balances {
        long load(String id) {
            return SAVED.getOrDefault(id, 0L);
        }

        void save(String id, long balance) {
            SAVED.put(id, balance);
            PASSIVATED_ON.put(id, ShardedEntity.current().member());
        }
    }

    // tag::sharded-account[]
    @GenServer(value = "account", args = Account.Limits.class)
    static class Account implements GenServer.Behaviour<Account.State> {
        record Limits(long overdraft) {}

        record State(long balance, long overdraft) {}

        private final Balances balances;

        Account(Balances balances) {
            this.balances = balances;
        }

        @Override
        public State init(Object args) {      // the state saved at its last passivation
            return new State(balances.load(ShardedEntity.current().id()), ((Limits) args).overdraft());
        }

        @Override
        public CallResult<State> handleCall(Object request, From from, State s) {
            long amount = (Long) request;      // + deposit, - withdrawal
            if (s.balance() + amount < -s.overdraft()) {
                return CallResult.reply("refused", s);
            }
            return CallResult.reply(s.balance() + amount, new State(s.balance() + amount, s.overdraft()));
        }

        @Override
        public void terminate(ExitReason reason, State s) {   // passivated, or its shard moves
            balances.save(ShardedEntity.current().id(), s.balance());
        }
    }
    // end::sharded-account[]

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Account.class)
    static class App {
        @Bean
        Config hazelcastConfig(@Value("${test.cluster}") String cluster) {
            return TestClusters.config(cluster);
        }

        @Bean
        Balances balances() {
            return new Balances();
        }
    }

    @BeforeEach
    void forgetSavedState() {
        SAVED.clear();
        PASSIVATED_ON.clear();
    }

    @AfterEach
    void close() {
        apps.reversed().forEach(ConfigurableApplicationContext::close);
    }

    private SpringApplicationBuilder app(String... extra) {
        List<String> properties = new ArrayList<>(List.of("test.cluster=" + cluster,
                "spring.datasource.url=jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1",
                "fauxtp.cluster.enabled=true",
                "fauxtp.workflow.enabled=false",
                // The members share this JVM's in-memory database: allowed for tests only.
                "fauxtp.cluster.in-memory-database-allowed=true",
                "fauxtp.cluster.singleton-lease=3s",
                "fauxtp.shards.account.gen-server=account",
                "fauxtp.shards.account.shards=16",
                "fauxtp.shards.account.passivate-after=1s",
                "fauxtp.shards.account.args.overdraft=100",
                "management.endpoints.web.exposure.include=cluster"));
        properties.addAll(List.of(extra));
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties(properties.toArray(String[]::new));
    }

    private ConfigurableApplicationContext start(String... extra) {
        ConfigurableApplicationContext app = app(extra).run();
        apps.add(app);
        return app;
    }

    @Test
    void aShardedGenServerAnswersByIdOnItsOwnerPassivatesAndStartsAgainFromItsSavedState() {
        ConfigurableApplicationContext first = start();
        ConfigurableApplicationContext second = start();
        await().atMost(WAIT).until(() -> first.getBean(FauxtpCluster.class).members().size() == 2);
        ShardRegions shards = first.getBean(ShardRegions.class);
        ShardRegion region = shards.region("account");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add("acct-" + i);
        }
        UUID other = second.getBean(FauxtpCluster.class).localMember();
        // Shards go to members known to run a region of the type: the first member learns the second's soon after
        // Hazelcast lists it.
        await().atMost(WAIT).until(() -> region.allocation().containsKey(other));
        assertThat(ids).as("some accounts live on the other member").anyMatch(id -> region.ownerOf(id).equals(other));

        for (String id : ids) {
            // tag::sharded-call[]
            Long balance = shards.call("account", id, 25L);   // entity `id` of type "account", on its owner
            // end::sharded-call[]
            assertThat(balance).isEqualTo(25L);
            assertThat(shards.<Object>call("account", id, -200L)).isEqualTo("refused");
        }
        FauxtpTemplate template = second.getBean(FauxtpTemplate.class);
        for (String id : ids) {
            // tag::sharded-template-call[]
            Long balance = template.call(shard("account", id), 10L, Long.class);   // the same, from Spring code
            // end::sharded-template-call[]
            assertThat(balance).isEqualTo(35L);
            assertThat(template.call(shard("account", id), -10L, Long.class)).isEqualTo(25L);
        }
        assertThat(shards.<Long>call("account", "acct-0", 5L)).isEqualTo(30L);

        // Idle for passivate-after: every entity stops, and its terminate saves the balance on its owner.
        await().atMost(WAIT).until(() -> SAVED.keySet().containsAll(ids)
                && first.getBean(ShardRegions.class).stats().getFirst().entities() == 0
                && second.getBean(ShardRegions.class).stats().getFirst().entities() == 0);
        assertThat(SAVED.get("acct-0")).isEqualTo(30L);
        for (String id : ids) {
            assertThat(PASSIVATED_ON.get(id)).as(id + " passivated on its owner").isEqualTo(region.ownerOf(id));
        }
        // The next message starts it again, from what it saved.
        assertThat(second.getBean(ShardRegions.class).<Long>call("account", "acct-0", 1L)).isEqualTo(31L);
    }

    @Test
    void aStoppingMemberHandsItsEntitiesOverWithTheirState() {
        ConfigurableApplicationContext first = start("fauxtp.shards.account.passivate-after=10m");
        ConfigurableApplicationContext second = start("fauxtp.shards.account.passivate-after=10m");
        await().atMost(WAIT).until(() -> first.getBean(FauxtpCluster.class).members().size() == 2);
        ShardRegions shards = first.getBean(ShardRegions.class);
        ShardRegion region = shards.region("account");
        UUID other = second.getBean(FauxtpCluster.class).localMember();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add("moving-" + i);
        }
        await().atMost(WAIT).until(() -> second.getBean(ShardRegions.class).stats().getFirst().shards() > 0);
        for (String id : ids) {
            assertThat(shards.<Long>call("account", id, 1000L)).isEqualTo(1000L);
        }
        List<String> onSecond = ids.stream().filter(id -> region.ownerOf(id).equals(other)).toList();
        assertThat(onSecond).isNotEmpty();
        assertThat(onSecond).noneMatch(SAVED::containsKey);   // running, not passivated (10m idle time)

        // The meters and the cluster endpoint show the allocation and the entities of each member.
        SimpleMeterRegistry firstMeters = new SimpleMeterRegistry();
        SimpleMeterRegistry secondMeters = new SimpleMeterRegistry();
        first.getBean(ShardMetrics.class).bindTo(firstMeters);
        second.getBean(ShardMetrics.class).bindTo(secondMeters);
        await().atMost(WAIT).until(() -> gauge(firstMeters, "fauxtp.shards.owned")
                + gauge(secondMeters, "fauxtp.shards.owned") == 16);
        assertThat(gauge(firstMeters, "fauxtp.shards.entities") + gauge(secondMeters, "fauxtp.shards.entities"))
                .isEqualTo(40);
        ClusterEndpoint.ShardTypeView view = first.getBean(ClusterEndpoint.class).cluster().shards().getFirst();
        assertThat(view.type()).isEqualTo("account");
        assertThat(view.allocation()).hasSize(2);
        assertThat(view.allocation().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(16);
        assertThat(view.allocation().get(other)).isEqualTo(
                second.getBean(ShardRegions.class).stats().getFirst().shards());
        assertThat(view.entities() + second.getBean(ShardRegions.class).stats().getFirst().entities()).isEqualTo(40);

        ShardRegion leaving = second.getBean(ShardRegions.class).region("account");   // its meters read it
        second.close();
        apps.remove(second);
        assertThat(secondMeters.get("fauxtp.shards.handoffs").tag("type", "account").functionCounter().count())
                .as("the shards the stopped member handed over").isEqualTo((double) view.allocation().get(other));
        assertThat(leaving.stats().shards()).as("shards the stopped member still holds").isZero();
        // A call routed to it while it leaves fails with noconnection, like any call to a leaving member.
        await().atMost(WAIT).until(() -> first.getBean(FauxtpCluster.class).members().size() == 1);
        assertThat(onSecond).allSatisfy(id -> assertThat(PASSIVATED_ON.get(id)).as(id).isEqualTo(other));
        for (String id : ids) {   // on the remaining member, from the state the stopped one handed over
            assertThat(shards.<Long>call("account", id, 1L)).as(id).isEqualTo(1001L);
        }
        // A shard none of the ids hash to is taken at the lease keeper's next round, not before the calls above.
        await().atMost(WAIT).until(() -> first.getBean(ShardRegions.class).stats().getFirst().shards() == 16);
        assertThat(firstMeters.get("fauxtp.shards.takeovers").tag("type", "account").functionCounter().count())
                .as("the shards it took from the stopped member").isEqualTo((double) view.allocation().get(other));
    }

    private static double gauge(SimpleMeterRegistry registry, String name) {
        return registry.get(name).tag("type", "account").gauge().value();
    }

    @Test
    void theTemplateNamesThePropertyOfAnUnknownType() {
        FauxtpTemplate template = start().getBean(FauxtpTemplate.class);
        assertThatThrownBy(() -> template.call(shard("acount", "bob"), 1L, Long.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fauxtp.shards.acount").hasMessageContaining("[account]");
        assertThatThrownBy(() -> template.cast(shard("acount", "bob"), 1L))
                .hasMessageContaining("fauxtp.shards.acount");
    }

    @Test
    void aMissingGenServerFailsTheStartNamingTheProperty() {
        assertThatThrownBy(() -> start("fauxtp.shards.ledger.shards=8"))
                .rootCause().hasMessageContaining("fauxtp.shards.ledger.gen-server")
                .hasMessageContaining("account");
    }

    @Test
    void anUnknownBeanFailsTheStartNamingTheProperty() {
        assertThatThrownBy(() -> start("fauxtp.shards.account.gen-server=acount"))
                .rootCause().hasMessageContaining("fauxtp.shards.account.gen-server")
                .hasMessageContaining("acount").hasMessageContaining("[account]");
    }

    @Test
    void aBadNumberOfShardsOrIdleTimeFailsTheStartNamingTheProperty() {
        assertThatThrownBy(() -> start("fauxtp.shards.account.shards=0"))
                .rootCause().hasMessageContaining("fauxtp.shards.account.shards").hasMessageContaining("between 1");
        assertThatThrownBy(() -> start("fauxtp.shards.account.passivate-after=0s"))
                .rootCause().hasMessageContaining("fauxtp.shards.account.passivate-after");
    }

    @Test
    void aMistypedKeyOrArgumentFailsTheStartNamingIt() {
        assertThatThrownBy(() -> start("fauxtp.shards.account.passivate-afer=5m"))
                .hasStackTraceContaining("fauxtp.shards.account.passivate-afer");
        assertThatThrownBy(() -> start("fauxtp.shards.account.args.overdraf=5"))
                .hasStackTraceContaining("fauxtp.shards.account.args.overdraf");
    }
}
