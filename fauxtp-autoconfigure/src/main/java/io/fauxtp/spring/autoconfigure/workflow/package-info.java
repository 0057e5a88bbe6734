/**
 * Auto-configuration of workflows and effects ({@code fauxtp.workflow.*}) and of the {@code workflows} actuator
 * endpoint.
 */
@NullMarked
package io.fauxtp.spring.autoconfigure.workflow;

import org.jspecify.annotations.NullMarked;
