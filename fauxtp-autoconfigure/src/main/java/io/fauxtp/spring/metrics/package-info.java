/**
 * Micrometer metrics of a fauxtp node: processes, mailboxes, messages, supervisors, restarts, exits and calls.
 */
@NullMarked
package io.fauxtp.spring.metrics;

import org.jspecify.annotations.NullMarked;
