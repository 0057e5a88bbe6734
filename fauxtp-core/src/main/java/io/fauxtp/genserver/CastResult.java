package io.fauxtp.genserver;

import io.fauxtp.process.ExitReason;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link GenServer#handleCast}, {@link GenServer#handleInfo} and {@link GenServer#handleContinue} return:
 * a new state, or stop.
 *
 * @param <S> the server state
 */
public sealed interface CastResult<S> {

    S state();

    /** Continue with {@code state}. */
    record NoReply<S>(S state, Next next) implements CastResult<S> {
        public NoReply {
            Objects.requireNonNull(next, "next");
        }
    }

    /** Stop with {@code reason}; {@code terminate} runs first. */
    record Stop<S>(ExitReason reason, S state) implements CastResult<S> {
        public Stop {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static <S> CastResult<S> noReply(S state) {
        return new NoReply<>(state, Next.AWAIT);
    }

    static <S> CastResult<S> stop(ExitReason reason, S state) {
        return new Stop<>(reason, state);
    }

    /** The same result, then {@code handleContinue(cont, state)} runs before the next message. */
    default CastResult<S> thenContinue(Object cont) {
        return withNext(new Next.Continue(cont));
    }

    /** The same result, with an idle timeout before the next message. */
    default CastResult<S> withTimeout(Duration after) {
        return withNext(new Next.Timeout(after));
    }

    private CastResult<S> withNext(Next next) {
        return switch (this) {
            case NoReply<S> n -> new NoReply<>(n.state(), next);
            case Stop<S> s -> throw new IllegalStateException("a stop result has no next step: " + s);
        };
    }
}
