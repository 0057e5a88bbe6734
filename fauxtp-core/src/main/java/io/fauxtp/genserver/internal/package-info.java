/** The GenServer loop and client side. Not an API: may change at any time. */
package io.fauxtp.genserver.internal;
