/** Unique names for processes of a node ({@link io.fauxtp.registry.Registry}, Erlang's {@code register}). */
package io.fauxtp.registry;
