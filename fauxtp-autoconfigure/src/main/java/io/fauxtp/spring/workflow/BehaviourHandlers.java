package io.fauxtp.spring.workflow;

import io.fauxtp.effect.Effects;
import io.fauxtp.effect.Handlers;
import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.CastResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.ExitReason;
import io.fauxtp.spring.workflow.internal.ComponentBeans;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The effect handler beans as seen by the {@code @GenServer} behaviours of the supervision trees. A process does
 * not inherit its starter's handler scope, so each behaviour that requests effects is run with the context's
 * handlers bound around every callback. The handlers are set once every singleton exists, by the startup check,
 * before any tree starts.
 */
public final class BehaviourHandlers {

    private volatile Handlers handlers = Handlers.empty();

    /** @return the handlers bound in behaviours' processes */
    public Handlers handlers() {
        return this.handlers;
    }

    /**
     * Sets the handlers; called by the startup check.
     * @param handlers every handler of the context
     */
    public void set(Handlers handlers) {
        this.handlers = Objects.requireNonNull(handlers, "handlers");
    }

    /**
     * @param behaviours behaviours by bean name
     * @return the same, each one that requests effects wrapped to run with these handlers bound
     */
    public Map<String, GenServer<?>> bind(Map<String, GenServer<?>> behaviours) {
        Map<String, GenServer<?>> bound = new LinkedHashMap<>();
        behaviours.forEach((name, behaviour) -> bound.put(name,
                Effects.effectTypes(ComponentBeans.target(behaviour)).isEmpty() ? behaviour : bound(behaviour)));
        return bound;
    }

    private <S> GenServer<S> bound(GenServer<S> behaviour) {
        return new HandlersBound<>(behaviour, this);
    }

    /** Delegates every callback with the handlers bound in the calling (the server's) thread. */
    private record HandlersBound<S>(GenServer<S> delegate, BehaviourHandlers owner) implements GenServer<S> {

        @Override
        public S init(Object args) throws Exception {
            return this.owner.handlers().call(() -> this.delegate.init(args));
        }

        @Override
        public CallResult<S> handleCall(Object request, From from, S state) throws Exception {
            return this.owner.handlers().call(() -> this.delegate.handleCall(request, from, state));
        }

        @Override
        public CastResult<S> handleCast(Object request, S state) throws Exception {
            return this.owner.handlers().call(() -> this.delegate.handleCast(request, state));
        }

        @Override
        public CastResult<S> handleInfo(Object message, S state) throws Exception {
            return this.owner.handlers().call(() -> this.delegate.handleInfo(message, state));
        }

        @Override
        public CastResult<S> handleContinue(Object cont, S state) throws Exception {
            return this.owner.handlers().call(() -> this.delegate.handleContinue(cont, state));
        }

        @Override
        public void terminate(ExitReason reason, S state) throws Exception {
            this.owner.handlers().call(() -> {
                this.delegate.terminate(reason, state);
                return null;
            });
        }

        @Override
        public Object formatStatus(S state) {
            return this.delegate.formatStatus(state);
        }

        @Override
        public String toString() {
            return this.delegate.toString();
        }

    }

}
