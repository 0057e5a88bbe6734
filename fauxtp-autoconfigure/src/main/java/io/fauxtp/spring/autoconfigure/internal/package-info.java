/** Implementation details of the auto-configuration; not an API. */
@NullMarked
package io.fauxtp.spring.autoconfigure.internal;

import org.jspecify.annotations.NullMarked;
