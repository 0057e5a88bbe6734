/**
 * The {@code supervision} actuator endpoint: the supervision trees of the node, one subtree by path, and the
 * (opt-in) write operations that restart or terminate a child.
 */
@NullMarked
package io.fauxtp.spring.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
