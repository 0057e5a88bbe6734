/** The auto-configuration behind {@link io.fauxtp.test.FauxtpTest}; not an API. */
@NullMarked
package io.fauxtp.test.internal;

import org.jspecify.annotations.NullMarked;
