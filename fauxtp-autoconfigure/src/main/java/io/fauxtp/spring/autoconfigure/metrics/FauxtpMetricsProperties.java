package io.fauxtp.spring.autoconfigure.metrics;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of fauxtp's Micrometer metrics ({@code fauxtp.metrics.*}).
 */
@ConfigurationProperties("fauxtp.metrics")
public class FauxtpMetricsProperties {

    /**
     * How many registered names that are not declared under fauxtp.supervisors may become values of the 'name'
     * and 'supervisor' tags (and of the observations' 'fauxtp.server' and 'fauxtp.supervisor' key values), first
     * seen first admitted; every further name is tagged 'other'. Declared names are always their own tag.
     */
    private int nameTagLimit = 50;

    /** @return how many undeclared registered names may become tag values */
    public int getNameTagLimit() {
        return this.nameTagLimit;
    }

    /** @param nameTagLimit how many undeclared registered names may become tag values */
    public void setNameTagLimit(int nameTagLimit) {
        this.nameTagLimit = nameTagLimit;
    }

}
