/** Internals of the workflow wiring; not API. */
@NullMarked
package io.fauxtp.spring.workflow.internal;

import org.jspecify.annotations.NullMarked;
