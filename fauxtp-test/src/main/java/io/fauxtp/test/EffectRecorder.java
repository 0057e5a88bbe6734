package io.fauxtp.test;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.effect.Handlers;
import io.fauxtp.workflow.EffectStep;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * Records the calls of a test context's effect handlers, the ones the workflow engine calls, and replaces a
 * handler's answers for one test. A bean of {@link FauxtpTest}; it is reset after each test method.
 *
 * <pre>{@code
 * effects.fake(Ledger.class, (orderId, cents) -> "fake refund");   // this test only
 * ...
 * assertThat(effects.calls(Ledger.class)).extracting(Call::method).containsExactly("refund");
 * }</pre>
 */
public final class EffectRecorder {

    /**
     * One call of an effect handler.
     * @param effect the effect interface
     * @param method the method called
     * @param args its arguments
     * @param result what the handler returned, or {@code null}
     * @param failure what it threw, or {@code null}
     * @param thread the name of the thread the handler ran on
     * @param runId the workflow run it ran for ({@link EffectStep#runId()}), or {@code null} outside a run
     * @param faked whether a fake answered instead of the handler bean
     */
    public record Call(Class<?> effect, String method, List<@Nullable Object> args, @Nullable Object result,
            @Nullable Throwable failure, String thread, @Nullable String runId, boolean faked) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private final Map<Class<?>, Object> fakes = new ConcurrentHashMap<>();

    /** @return every recorded call, in the order they ended */
    public List<Call> calls() {
        return List.copyOf(this.calls);
    }

    /**
     * @param effect an effect interface
     * @return the recorded calls of that effect, in the order they ended
     */
    public List<Call> calls(Class<?> effect) {
        return this.calls.stream().filter((call) -> call.effect().equals(effect)).toList();
    }

    /**
     * Answers {@code effect}'s calls with {@code answers} instead of its handler bean until the end of the test.
     * @param effect an effect interface that has a handler in the context
     * @param answers the fake
     * @param <E> the effect type
     */
    public <E> void fake(Class<E> effect, E answers) {
        this.fakes.put(effect, Objects.requireNonNull(answers, "answers"));
    }

    /** Forgets the recorded calls and the fakes (done after each test method). */
    public void reset() {
        this.calls.clear();
        this.fakes.clear();
    }

    /**
     * @param handlers the context's effect handlers
     * @return the same handlers, each wrapped so that its calls are recorded and can be faked
     */
    public Handlers recording(Handlers handlers) {
        List<EffectHandler<?>> wrapped = new ArrayList<>();
        for (EffectHandler<?> handler : handlers.handlers()) {
            wrapped.add(recording(handler));
        }
        return Handlers.of(wrapped);
    }

    private <E> EffectHandler<E> recording(EffectHandler<E> handler) {
        Class<E> effect = handler.effect();
        E real = handler.implementation();
        InvocationHandler invocation = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(real, args);
            }
            Object fake = this.fakes.get(effect);
            Object target = (fake != null) ? fake : real;
            List<@Nullable Object> arguments = (args != null) ? Arrays.asList(args.clone()) : List.of();
            String thread = Thread.currentThread().getName();
            String runId = EffectStep.current().map(EffectStep::runId).orElse(null);
            try {
                Object result = method.invoke(target, args);
                this.calls.add(new Call(effect, method.getName(), arguments, result, null, thread, runId, fake != null));
                return result;
            }
            catch (InvocationTargetException ex) {
                this.calls.add(new Call(effect, method.getName(), arguments, null, ex.getCause(), thread, runId,
                        fake != null));
                throw ex.getCause();
            }
        };
        E proxy = effect.cast(Proxy.newProxyInstance(effect.getClassLoader(), new Class<?>[] { effect }, invocation));
        return EffectHandler.of(handler.id(), effect, proxy);
    }

}
