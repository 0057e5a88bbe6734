package io.fauxtp.genserver;

import io.fauxtp.process.ExitReason;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link GenServer#handleCall} returns: a reply now, no reply yet (answer later with
 * {@link GenServer#reply}), or stop.
 *
 * @param <S> the server state
 */
public sealed interface CallResult<S> {

    S state();

    /** Reply {@code reply} to the caller; continue with {@code state}. */
    record Reply<S>(Object reply, S state, Next next) implements CallResult<S> {
        public Reply {
            Objects.requireNonNull(next, "next");
        }
    }

    /** Do not reply now (the {@link From} is answered later); continue with {@code state}. */
    record NoReply<S>(S state, Next next) implements CallResult<S> {
        public NoReply {
            Objects.requireNonNull(next, "next");
        }
    }

    /** Stop with {@code reason} after replying {@code reply} if {@code replies}; {@code terminate} runs first. */
    record Stop<S>(ExitReason reason, boolean replies, Object reply, S state) implements CallResult<S> {
        public Stop {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static <S> CallResult<S> reply(Object reply, S state) {
        return new Reply<>(reply, state, Next.AWAIT);
    }

    static <S> CallResult<S> noReply(S state) {
        return new NoReply<>(state, Next.AWAIT);
    }

    /** Reply {@code reply}, then stop with {@code reason}. */
    static <S> CallResult<S> stop(ExitReason reason, Object reply, S state) {
        return new Stop<>(reason, true, reply, state);
    }

    /** Stop with {@code reason} without replying (the caller's call fails with the exit reason). */
    static <S> CallResult<S> stop(ExitReason reason, S state) {
        return new Stop<>(reason, false, null, state);
    }

    /** The same result, then {@code handleContinue(cont, state)} runs before the next message. */
    default CallResult<S> thenContinue(Object cont) {
        return withNext(new Next.Continue(cont));
    }

    /** The same result, with an idle timeout before the next message. */
    default CallResult<S> withTimeout(Duration after) {
        return withNext(new Next.Timeout(after));
    }

    private CallResult<S> withNext(Next next) {
        return switch (this) {
            case Reply<S> r -> new Reply<>(r.reply(), r.state(), next);
            case NoReply<S> n -> new NoReply<>(n.state(), next);
            case Stop<S> s -> throw new IllegalStateException("a stop result has no next step: " + s);
        };
    }
}
