package io.fauxtp.spring.autoconfigure.endpoint;

import java.util.HashSet;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the {@code supervision} endpoint ({@code management.endpoint.supervision.*}), next to Boot's own
 * {@code management.endpoint.supervision.access}.
 */
@ConfigurationProperties("management.endpoint.supervision")
public class SupervisionEndpointProperties {

    /**
     * When to show values that may hold application data: a GenServer's formatted state and the message of an
     * exit reason. Hidden values show as '******' (a state) or as the reason's class and exception type.
     */
    private Show showValues = Show.NEVER;

    /**
     * Roles that may see values when show-values is when-authorized. When empty, every authenticated user may.
     */
    private Set<String> roles = new HashSet<>();

    /** @return when values are shown */
    public Show getShowValues() {
        return this.showValues;
    }

    /** @param showValues when values are shown */
    public void setShowValues(Show showValues) {
        this.showValues = showValues;
    }

    /** @return the roles that may see values */
    public Set<String> getRoles() {
        return this.roles;
    }

    /** @param roles the roles that may see values */
    public void setRoles(Set<String> roles) {
        this.roles = roles;
    }

}
