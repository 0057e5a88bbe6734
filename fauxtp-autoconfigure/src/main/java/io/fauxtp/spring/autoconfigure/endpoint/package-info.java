/**
 * Auto-configuration of the {@code supervision} actuator endpoint, applied when Spring Boot's actuator is present.
 */
@NullMarked
package io.fauxtp.spring.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
