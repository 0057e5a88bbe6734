package io.fauxtp.spring.autoconfigure;

import io.fauxtp.process.Node;
import io.fauxtp.process.Registry;
import io.fauxtp.spring.FauxtpTemplate;
import io.fauxtp.spring.ShardRouter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The fauxtp runtime of an application context: the {@link Node} (closed with the context, which ends every
 * process), its {@link Registry} and a {@link FauxtpTemplate}. Off with {@code fauxtp.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnClass(Node.class)
@ConditionalOnBooleanProperty(name = "fauxtp.enabled", matchIfMissing = true)
@EnableConfigurationProperties(FauxtpProperties.class)
public final class FauxtpAutoConfiguration {

    FauxtpAutoConfiguration() {
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Node fauxtpNode(FauxtpProperties properties) {
        return Node.create(properties.getNodeName());
    }

    @Bean
    @ConditionalOnMissingBean
    Registry fauxtpRegistry(Node node) {
        return node.registry();
    }

    @Bean
    @ConditionalOnMissingBean
    FauxtpTemplate fauxtpTemplate(Node node, FauxtpProperties properties, ObjectProvider<ShardRouter> shardRouter) {
        // Looked up at each use: the cluster module's router depends on beans that depend on the template.
        return new FauxtpTemplate(node, properties.getCallTimeout(), shardRouter::getIfAvailable);
    }

}
