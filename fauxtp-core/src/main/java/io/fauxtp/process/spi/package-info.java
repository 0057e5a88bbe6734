/** Service-provider hooks of the process runtime, for cluster adapters; applications do not use them. */
package io.fauxtp.process.spi;
