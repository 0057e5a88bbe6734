/**
 * {@link io.fauxtp.genserver.GenServer}: the server behaviour (Erlang's {@code gen_server}) and its client side
 * (start, call, cast, reply, stop).
 */
package io.fauxtp.genserver;
