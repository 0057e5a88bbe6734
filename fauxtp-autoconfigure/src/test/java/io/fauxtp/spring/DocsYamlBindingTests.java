package io.fauxtp.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.spring.autoconfigure.workflow.FauxtpWorkflowProperties;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

/**
 * The YAML blocks of the docs that no application boots with are bound here, as Spring binds them, refusing any
 * key the properties do not have: a misspelt or removed property in a docs example fails this test.
 */
class DocsYamlBindingTests {

    @Test
    void thePostgresqlStoreExampleOfWorkflowsMdBinds() throws IOException {
        Binder binder = binder("fauxtp-postgres-docs.yml");
        FauxtpWorkflowProperties workflow = binder.bind("fauxtp.workflow",
                Bindable.ofInstance(new FauxtpWorkflowProperties()), new NoUnboundElementsBindHandler(BindHandler.DEFAULT)).get();
        assertThat(workflow.getStore().getTable()).isEqualTo("fauxtp_suspension");
        assertThat(binder.bind("spring.datasource.url", String.class).get()).startsWith("jdbc:postgresql://");
    }

    private static Binder binder(String resource) throws IOException {
        var sources = new YamlPropertySourceLoader().load(resource, new ClassPathResource(resource));
        return new Binder(ConfigurationPropertySources.from(sources));
    }
}
