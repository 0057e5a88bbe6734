package io.fauxtp.effect;

import io.fauxtp.process.ProcessBody;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * An immutable set of {@link EffectHandler}s, at most one per effect, with unique ids. Bound to a thread with
 * {@link #bind()}, {@link #run(Runnable)} or {@link #call(Callable)}, it answers the calls made on effect
 * requests ({@link Effects#request(Class, String)}) inside that scope: a test, a workflow run, or a process
 * started with {@link #wrap(ProcessBody)} (how a supervisor subtree hands its handlers to its children).
 *
 * <pre>{@code
 * try (var scope = Handlers.of(EffectHandler.of("fake-payments", Payments.class, fake)).bind()) {
 *     service.checkout(order);   // service's Payments request is answered by fake
 * }
 * }</pre>
 */
public final class Handlers {

    private static final Handlers EMPTY = new Handlers(Map.of());
    private static final ThreadLocal<Frame> CURRENT = new ThreadLocal<>();

    private final Map<Class<?>, EffectHandler<?>> byEffect;

    private Handlers(Map<Class<?>, EffectHandler<?>> byEffect) {
        this.byEffect = byEffect;
    }

    /** No handlers. */
    public static Handlers empty() {
        return EMPTY;
    }

    /**
     * A set of the given handlers.
     *
     * @throws IllegalArgumentException when two handlers share an id or handle the same effect
     */
    public static Handlers of(EffectHandler<?>... handlers) {
        return of(List.of(handlers));
    }

    /** A set of the given handlers; see {@link #of(EffectHandler[])}. */
    public static Handlers of(Collection<? extends EffectHandler<?>> handlers) {
        Map<Class<?>, EffectHandler<?>> map = new LinkedHashMap<>();
        Map<String, EffectHandler<?>> ids = new LinkedHashMap<>();
        for (EffectHandler<?> h : handlers) {
            Objects.requireNonNull(h, "handler");
            EffectHandler<?> sameId = ids.putIfAbsent(h.id(), h);
            if (sameId != null) {
                throw new IllegalArgumentException("two effect handlers have the id '" + h.id() + "' ("
                        + sameId.effect().getSimpleName() + " and " + h.effect().getSimpleName()
                        + "); give each a unique id");
            }
            EffectHandler<?> sameEffect = map.putIfAbsent(h.effect(), h);
            if (sameEffect != null) {
                throw new IllegalArgumentException("handlers '" + sameEffect.id() + "' and '" + h.id()
                        + "' both handle " + h.effect().getName() + "; keep one (an inner scope may replace an"
                        + " outer handler, but one set holds one handler per effect)");
            }
        }
        return map.isEmpty() ? EMPTY : new Handlers(Map.copyOf(map));
    }

    /** The handlers bound to the calling thread ({@link #empty()} outside every scope). */
    public static Handlers current() {
        Frame f = CURRENT.get();
        return f == null ? EMPTY : f.visible;
    }

    /** This set plus {@code handler}, which replaces any handler this set has for the same effect. */
    public Handlers with(EffectHandler<?> handler) {
        return overriddenBy(of(handler));
    }

    /** This set with every handler of {@code inner} added, replacing this set's handlers of the same effects. */
    public Handlers overriddenBy(Handlers inner) {
        if (inner.byEffect.isEmpty()) {
            return this;
        }
        if (byEffect.isEmpty()) {
            return inner;
        }
        Map<Class<?>, EffectHandler<?>> merged = new LinkedHashMap<>(byEffect);
        merged.putAll(inner.byEffect);
        return new Handlers(Map.copyOf(merged));
    }

    /** The handler for {@code effect}, if this set has one. */
    @SuppressWarnings("unchecked")
    public <E> Optional<EffectHandler<E>> lookup(Class<E> effect) {
        return Optional.ofNullable((EffectHandler<E>) byEffect.get(effect));
    }

    /** Whether this set has a handler for {@code effect}. */
    public boolean covers(Class<?> effect) {
        return byEffect.containsKey(effect);
    }

    /** The effects handled. */
    public Set<Class<?>> effects() {
        return byEffect.keySet();
    }

    /** The handlers in this set. */
    public List<EffectHandler<?>> handlers() {
        return List.copyOf(byEffect.values());
    }

    /**
     * Binds this set to the calling thread until the returned scope is closed. Handlers bound by enclosing
     * scopes stay visible unless this set replaces them.
     */
    public EffectScope bind() {
        Frame parent = CURRENT.get();
        Frame frame = new Frame(parent, (parent == null ? EMPTY : parent.visible).overriddenBy(this),
                Thread.currentThread());
        CURRENT.set(frame);
        return frame;
    }

    /** Runs {@code body} with this set bound. */
    public void run(Runnable body) {
        try (EffectScope ignored = bind()) {
            body.run();
        }
    }

    /** Calls {@code body} with this set bound and returns its result. */
    public <T> T call(Callable<T> body) throws Exception {
        try (EffectScope ignored = bind()) {
            return body.call();
        }
    }

    /**
     * A runnable that binds this set on whichever thread runs it; how handlers are handed to another thread
     * or process (a supervisor subtree's children, a virtual thread).
     */
    public Runnable wrap(Runnable body) {
        Objects.requireNonNull(body, "body");
        return () -> run(body);
    }

    /**
     * A process body that binds this set in the process it runs in: how a supervisor (or any parent) hands
     * its handlers to the children it starts, since a new process does not inherit its parent's scope.
     */
    public ProcessBody wrap(ProcessBody body) {
        Objects.requireNonNull(body, "body");
        return self -> {
            try (EffectScope ignored = bind()) {
                body.run(self);
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Handlers h && h.byEffect.equals(byEffect);
    }

    @Override
    public int hashCode() {
        return byEffect.hashCode();
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        byEffect.values().forEach(h -> parts.add(h.effect().getSimpleName() + "=" + h.id()));
        return "Handlers" + parts;
    }

    private static final class Frame implements EffectScope {
        private final Frame parent;
        private final Handlers visible;
        private final Thread owner;
        private boolean closed;

        Frame(Frame parent, Handlers visible, Thread owner) {
            this.parent = parent;
            this.visible = visible;
            this.owner = owner;
        }

        @Override
        public Handlers handlers() {
            return visible;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("an effect scope must be closed by the thread that opened it ("
                        + owner + "), not " + Thread.currentThread());
            }
            if (CURRENT.get() != this) {
                throw new IllegalStateException("effect scopes closed out of order: close the inner scope first"
                        + " (use try-with-resources)");
            }
            closed = true;
            if (parent == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(parent);
            }
        }
    }
}
