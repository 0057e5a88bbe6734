package io.fauxtp.spring.autoconfigure;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Fails the start of an application that still sets a property fauxtp removed, naming its replacement: a removed
 * property would otherwise be ignored without a word, and the application would run with a setting it did not
 * ask for. Runs after the configuration files are loaded; Boot's failure analyzer reports the property, where it
 * was set and what to use instead. The configuration metadata marks the same properties as deprecated at level
 * {@code error} with their replacement, so IDEs and {@code spring-boot-properties-migrator} say so too.
 */
public final class RemovedPropertiesCheck implements EnvironmentPostProcessor, Ordered {

    /** Each removed property, with what to do instead. */
    static final Map<String, String> REMOVED = Map.of("fauxtp.actuator.write-operations.enabled",
            "it was removed: fauxtp's endpoints use Spring Boot's access model. Set "
                    + "management.endpoint.supervision.access=unrestricted to allow restarting and terminating "
                    + "children (and management.endpoint.workflows.access=unrestricted for the workflows check); "
                    + "their default access is read-only");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Binder binder = Binder.get(environment);
        REMOVED.forEach((name, reason) -> binder.bind(name, Bindable.of(String.class)).ifBound(value -> {
            throw new InvalidConfigurationPropertyValueException(name, value, reason);
        }));
    }

    @Override
    public int getOrder() {
        // after ConfigDataEnvironmentPostProcessor has loaded application.properties/yml
        return Ordered.LOWEST_PRECEDENCE;
    }

}
