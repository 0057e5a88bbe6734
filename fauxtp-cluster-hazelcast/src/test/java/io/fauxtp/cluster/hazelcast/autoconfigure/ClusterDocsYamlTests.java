package io.fauxtp.cluster.hazelcast.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.spring.autoconfigure.FauxtpProperties;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

/**
 * The cluster example of docs/cluster.md (fauxtp-cluster-docs.yml, which ReadmeSpringSectionTests keeps equal to
 * the page) binds as Spring binds it, refusing any key the properties do not have.
 */
class ClusterDocsYamlTests {

    @Test
    void theClusterExampleOfClusterMdBinds() throws IOException {
        var sources = new YamlPropertySourceLoader()
                .load("fauxtp-cluster-docs.yml", new ClassPathResource("fauxtp-cluster-docs.yml"));
        Binder binder = new Binder(ConfigurationPropertySources.from(sources));

        FauxtpClusterProperties cluster = binder.bind("fauxtp.cluster",
                Bindable.ofInstance(new FauxtpClusterProperties()), new NoUnboundElementsBindHandler(BindHandler.DEFAULT)).get();
        assertThat(cluster.isEnabled()).isTrue();
        assertThat(cluster.getExpectedMembers()).isEqualTo(3);
        assertThat(cluster.getSingletonLease()).isEqualTo(Duration.ofSeconds(10));
        assertThat(cluster.getSingletonTable()).isEqualTo("fauxtp_singleton");
        assertThat(cluster.getWorkflowCallTimeout()).isEqualTo(Duration.ofSeconds(10));

        Map<String, FauxtpProperties.Supervisor> supervisors = binder.bind("fauxtp.supervisors",
                Bindable.mapOf(String.class, FauxtpProperties.Supervisor.class), new NoUnboundElementsBindHandler(BindHandler.DEFAULT))
                .get();
        assertThat(supervisors.get("jobs").isSingleton()).isTrue();
    }

    @Test
    void theShardingExampleOfClusterMdBinds() throws IOException {
        var sources = new YamlPropertySourceLoader()
                .load("fauxtp-shards-docs.yml", new ClassPathResource("fauxtp-shards-docs.yml"));
        Binder binder = new Binder(ConfigurationPropertySources.from(sources));
        Map<String, FauxtpShardProperties.Type> types = binder.bind("fauxtp.shards",
                Bindable.mapOf(String.class, FauxtpShardProperties.Type.class),
                new NoUnboundElementsBindHandler(BindHandler.DEFAULT)).get();
        FauxtpShardProperties.Type account = types.get("account");
        assertThat(account.getGenServer()).isEqualTo("account");
        assertThat(account.getShards()).isEqualTo(64);
        assertThat(account.getPassivateAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(account.getArgs()).containsEntry("overdraft", 100);
        assertThat(binder.bind("fauxtp.cluster.enabled", Boolean.class).get()).isTrue();
    }
}
