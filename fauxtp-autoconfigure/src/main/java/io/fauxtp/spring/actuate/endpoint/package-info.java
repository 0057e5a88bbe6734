/**
 * The {@code supervision} actuator endpoint: the supervision trees of the node, one subtree by path, and the
 * (opt-in) write operations that restart or terminate a child; and the {@code workflows} endpoint: the stored
 * workflow runs and their suspension text.
 */
@NullMarked
package io.fauxtp.spring.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
