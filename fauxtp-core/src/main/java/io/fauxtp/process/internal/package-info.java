/** The process runtime behind {@link io.fauxtp.process.Node}. Not an API: may change at any time. */
package io.fauxtp.process.internal;
