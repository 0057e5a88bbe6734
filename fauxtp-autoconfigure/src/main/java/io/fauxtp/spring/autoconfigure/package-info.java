/**
 * Spring Boot auto-configuration of fauxtp: the node, the registry, the template, the supervision trees declared
 * under {@code fauxtp.supervisors}, their lifecycle, and the failure analysis of bad configuration.
 */
@NullMarked
package io.fauxtp.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
