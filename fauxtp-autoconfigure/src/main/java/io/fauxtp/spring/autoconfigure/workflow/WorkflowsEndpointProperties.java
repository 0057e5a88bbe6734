package io.fauxtp.spring.autoconfigure.workflow;

import java.util.HashSet;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the {@code workflows} endpoint ({@code management.endpoint.workflows.*}), next to Boot's own
 * {@code management.endpoint.workflows.access}.
 */
@ConfigurationProperties("management.endpoint.workflows")
public class WorkflowsEndpointProperties {

    /**
     * When to show a run's suspension text (its inputs, results and journal: customer data, authorisation codes).
     * Hidden, GET /actuator/workflows/{id} answers '******'.
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
