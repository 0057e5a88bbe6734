/**
 * Test support for applications on the fauxtp starter: {@link io.fauxtp.test.FauxtpTest} and the beans it adds.
 */
@NullMarked
package io.fauxtp.test;

import org.jspecify.annotations.NullMarked;
