package io.fauxtp.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks a Spring bean as a GenServer behaviour that supervision trees declared under {@code fauxtp.supervisors}
 * can start by bean name ({@code gen-server: counter}).
 *
 * <p>The annotated class implements {@link io.fauxtp.genserver.GenServer}, most simply through
 * {@link GenServer.Behaviour}, so that one import serves both. It is an ordinary component: it is
 * found by component scanning and dependency injection works in it. The bean holds code, not state: every start
 * and every restart of a child calls {@code init} again on the same bean instance, which is never re-created.
 *
 * <pre>{@code
 * @GenServer("counter")
 * class Counter implements GenServer.Behaviour<Integer> { ... }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface GenServer {

    /**
     * The bean name that {@code gen-server:} entries refer to; empty for Spring's default name (the class name
     * with a lower-case first letter).
     * @return the bean name, or an empty string for the default
     */
    @AliasFor(annotation = Component.class)
    String value() default "";

    /**
     * The type of the init arguments: a record or a class with setters, bound from a child's {@code args} the way
     * {@code @ConfigurationProperties} are (conversion, defaults, {@code @Validated} when a validator bean is
     * present, unknown keys refused), so that {@code init} receives an instance of it. {@code Map.class}, the
     * default, passes the {@code args} as an unmodifiable map of strings.
     * @return the type of the init arguments
     */
    Class<?> args() default java.util.Map.class;

    /**
     * The behaviour interface {@link io.fauxtp.genserver.GenServer} under a name that does not clash with this
     * annotation: {@code @GenServer class Counter implements GenServer.Behaviour<Integer>} needs one import.
     * Implementing {@code io.fauxtp.genserver.GenServer} directly works just as well.
     *
     * @param <S> the type of the server's state
     */
    interface Behaviour<S> extends io.fauxtp.genserver.GenServer<S> {
    }

}
