/**
 * Micrometer {@code Observation}s of GenServer calls and casts, and the propagation of the caller's context (trace,
 * current observation, MDC) into the server's handling.
 */
@NullMarked
package io.fauxtp.spring.observation;

import org.jspecify.annotations.NullMarked;
