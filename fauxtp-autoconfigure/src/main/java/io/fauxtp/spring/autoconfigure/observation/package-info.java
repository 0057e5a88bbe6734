/**
 * Auto-configuration of the observations of GenServer requests, applied when Micrometer's observation API is present.
 */
@NullMarked
package io.fauxtp.spring.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
