package io.fauxtp.spring.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

/**
 * Says in the log that {@code fauxtp.enabled=false} switched fauxtp off, so that an application whose trees do
 * not start is not left guessing why.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "fauxtp.enabled", havingValue = false)
public final class FauxtpDisabledAutoConfiguration {

    private static final Log logger = LogFactory.getLog(FauxtpDisabledAutoConfiguration.class);

    FauxtpDisabledAutoConfiguration() {
        logger.info("fauxtp is disabled (fauxtp.enabled=false): no node, no supervision trees, no workflows; "
                + "fauxtp.* settings are ignored");
    }

}
