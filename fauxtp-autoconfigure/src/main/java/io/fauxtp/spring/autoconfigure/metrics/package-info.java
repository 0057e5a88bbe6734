/**
 * Auto-configuration of fauxtp's Micrometer metrics, applied when Micrometer is present.
 */
@NullMarked
package io.fauxtp.spring.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
