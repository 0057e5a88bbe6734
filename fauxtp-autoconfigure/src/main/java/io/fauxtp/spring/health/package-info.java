/**
 * Actuator health of the supervision trees: the {@code fauxtp} health contributor.
 */
@NullMarked
package io.fauxtp.spring.health;

import org.jspecify.annotations.NullMarked;
