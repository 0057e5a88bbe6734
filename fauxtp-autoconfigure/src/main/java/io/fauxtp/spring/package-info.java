/**
 * What a Spring application uses from fauxtp: the {@link io.fauxtp.spring.GenServer @GenServer} stereotype, the
 * {@link io.fauxtp.spring.FauxtpTemplate} for calls, casts and sends, {@link io.fauxtp.spring.ServerRef} beans for
 * the named children declared in {@code application.yml}, and {@link io.fauxtp.spring.SupervisorTree} handles.
 */
@NullMarked
package io.fauxtp.spring;

import org.jspecify.annotations.NullMarked;
