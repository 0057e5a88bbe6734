package io.fauxtp.spring.autoconfigure.endpoint;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of fauxtp's actuator endpoint ({@code fauxtp.actuator.*}).
 */
@ConfigurationProperties("fauxtp.actuator")
public class FauxtpActuatorProperties {

    private final WriteOperations writeOperations = new WriteOperations();

    /** @return the settings of the write operations */
    public WriteOperations getWriteOperations() {
        return this.writeOperations;
    }

    /** Settings of the {@code supervision} endpoint's write operations (restart and terminate a child). */
    public static class WriteOperations {

        /**
         * Whether the supervision endpoint may restart and terminate children. They are refused (HTTP 403)
         * otherwise; like every actuator operation they also need the endpoint exposed.
         */
        private boolean enabled;

        /** @return whether the write operations are enabled */
        public boolean isEnabled() {
            return this.enabled;
        }

        /** @param enabled whether the write operations are enabled */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

    }

}
