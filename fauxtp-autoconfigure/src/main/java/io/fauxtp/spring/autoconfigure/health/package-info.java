/**
 * Auto-configuration of the {@code fauxtp} health contributor, applied when Spring Boot's health module is present.
 */
@NullMarked
package io.fauxtp.spring.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
