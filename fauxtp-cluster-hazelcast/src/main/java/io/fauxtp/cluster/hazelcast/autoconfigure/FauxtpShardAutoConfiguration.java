package io.fauxtp.cluster.hazelcast.autoconfigure;

import io.fauxtp.cluster.hazelcast.FauxtpCluster;
import io.fauxtp.cluster.hazelcast.ShardRegion;
import io.fauxtp.cluster.hazelcast.ShardRegions;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.spring.autoconfigure.FauxtpProperties;
import io.fauxtp.spring.workflow.WorkflowDatabase;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Sharded GenServers in cluster mode: one {@link ShardRegion} per {@code fauxtp.shards.<type>}, in the
 * {@link ShardRegions} bean, with its leases in the application's {@link DataSource} (the singletons' table,
 * lease and quorum). The configuration is checked at startup; a mistake fails naming the property.
 */
@AutoConfiguration(after = FauxtpClusterAutoConfiguration.class)
@ConditionalOnClass({FauxtpCluster.class, ShardRegion.class})
@ConditionalOnBooleanProperty(name = "fauxtp.cluster.enabled")
@ConditionalOnBean(FauxtpCluster.class)
@EnableConfigurationProperties({FauxtpShardProperties.class, FauxtpClusterProperties.class, FauxtpProperties.class})
public final class FauxtpShardAutoConfiguration {

    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    FauxtpShardAutoConfiguration() {
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ShardRegions fauxtpShardRegions(FauxtpCluster cluster, ObjectProvider<DataSource> dataSource,
            ListableBeanFactory beans, Environment environment, FauxtpClusterProperties clusterProperties,
            FauxtpProperties fauxtpProperties) {
        Binder binder = Binder.get(environment);
        Map<String, FauxtpShardProperties.Type> types = binder.bind("fauxtp.shards",
                Bindable.mapOf(String.class, FauxtpShardProperties.Type.class),
                new NoUnboundElementsBindHandler(BindHandler.DEFAULT)).orElseGet(Map::of);
        Map<String, ShardRegion> regions = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, FauxtpShardProperties.Type> e : types.entrySet()) {
                String type = e.getKey();
                String property = "fauxtp.shards." + type;
                if (!TYPE.matcher(type).matches()) {
                    throw new InvalidConfigurationPropertyValueException(property, type, "a sharded type name is 1 "
                            + "to 100 letters, digits, '_', '.' or '-'; rename the entry");
                }
                FauxtpShardProperties.Type config = e.getValue();
                GenServer<?> behaviour = behaviour(property + ".gen-server", config.getGenServer(), beans);
                Object args = args(property + ".args", config, beans, binder);
                ShardRegion.Options options = options(property, config, clusterProperties, fauxtpProperties);
                DataSource database = database(property, dataSource, clusterProperties);
                regions.put(type, ShardRegion.start(cluster, database, type, behaviour, id -> args, options));
            }
        } catch (RuntimeException failure) {
            regions.values().forEach(ShardRegion::close);
            throw failure;
        }
        return new ShardRegions(regions);
    }

    private static GenServer<?> behaviour(String property, String beanName, ListableBeanFactory beans) {
        TreeSet<String> available = new TreeSet<>(java.util.List.of(beans.getBeanNamesForType(GenServer.class)));
        if (beanName == null || beanName.isBlank()) {
            throw new InvalidConfigurationPropertyValueException(property, beanName, "it is required: the name of "
                    + "the @GenServer bean each entity runs (GenServer beans: " + available + ")");
        }
        if (!beans.containsBean(beanName)) {
            throw new InvalidConfigurationPropertyValueException(property, beanName, "there is no bean of that name; "
                    + "GenServer beans: " + available);
        }
        if (!(beans.getBean(beanName) instanceof GenServer<?> behaviour)) {
            throw new InvalidConfigurationPropertyValueException(property, beanName, "the bean is a "
                    + beans.getType(beanName) + ", not a GenServer; GenServer beans: " + available);
        }
        return behaviour;
    }

    /** The init arguments: bound to the bean's declared args type, else the raw map of strings. */
    private static Object args(String property, FauxtpShardProperties.Type config, ListableBeanFactory beans,
            Binder binder) {
        io.fauxtp.spring.GenServer annotation = beans.findAnnotationOnBean(config.getGenServer(),
                io.fauxtp.spring.GenServer.class);
        if (annotation == null || annotation.args() == Map.class) {
            Map<String, String> raw = new LinkedHashMap<>();
            config.getArgs().forEach((k, v) -> raw.put(k, String.valueOf(v)));
            return java.util.Collections.unmodifiableMap(raw);
        }
        return binder.bindOrCreate(property, Bindable.of(annotation.args()), new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
    }

    private static ShardRegion.Options options(String property, FauxtpShardProperties.Type config,
            FauxtpClusterProperties cluster, FauxtpProperties fauxtp) {
        if (config.getShards() < 1 || config.getShards() > 100_000) {
            throw new InvalidConfigurationPropertyValueException(property + ".shards", config.getShards(),
                    "the number of shards must be between 1 and 100000 (ten or more per member)");
        }
        Duration idle = config.getPassivateAfter();
        if (idle == null || idle.isNegative() || idle.isZero()) {
            throw new InvalidConfigurationPropertyValueException(property + ".passivate-after", idle,
                    "the passivation idle time must be positive, such as 2m");
        }
        return new ShardRegion.Options(config.getShards(), idle, cluster.getSingletonLease(),
                cluster.getExpectedMembers(), cluster.getSingletonTable(), fauxtp.getCallTimeout());
    }

    private static DataSource database(String property, ObjectProvider<DataSource> dataSource,
            FauxtpClusterProperties cluster) {
        DataSource database = dataSource.getIfUnique();
        if (database == null) {
            throw new IllegalStateException(property + ": sharded entities keep their shard leases and fencing tokens "
                    + "in SQL, but the application has no (single) DataSource: configure spring.datasource.* "
                    + "(PostgreSQL in production; every member must use the same database)");
        }
        WorkflowDatabase described = WorkflowDatabase.of(database);
        if (described.inMemory() && !cluster.isInMemoryDatabaseAllowed()) {
            throw new IllegalStateException(property + ": sharded entities keep their shard leases in SQL, but the "
                    + "application's DataSource is an in-memory database (" + described.description() + "): each "
                    + "member would have its own leases, and an entity could run on several members. Set "
                    + "spring.datasource.url to the database all members share (PostgreSQL in production)");
        }
        return database;
    }
}
