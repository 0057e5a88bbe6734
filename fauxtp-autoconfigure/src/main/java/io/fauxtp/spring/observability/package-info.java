/**
 * A read-only view of the supervision trees of a node, built from the supervisors' published snapshots only (no
 * message to any process, no user code): the actuator health contributor, the {@code supervision} endpoint and
 * the metrics read the trees through it.
 */
@NullMarked
package io.fauxtp.spring.observability;

import org.jspecify.annotations.NullMarked;
