package io.fauxtp.process;

import java.util.Objects;

/**
 * Why a process ended, or the reason carried by an exit signal. Typed so that links, monitors and supervisors
 * decide from the kind of reason, never from strings.
 *
 * <ul>
 *   <li>{@link Normal}: the process finished its work. Does not kill linked processes.</li>
 *   <li>{@link Shutdown}: asked to stop (by a supervisor, with an optional detail). Abnormal for links, but a
 *       {@code transient} child is not restarted after it.</li>
 *   <li>{@link Kill}: the untrappable signal; the victim dies with {@link Killed}.</li>
 *   <li>{@link NoProcess}: the process did not exist (monitoring, linking or calling a dead pid).</li>
 *   <li>{@link Error}: an uncaught exception.</li>
 *   <li>{@link Custom}: any other term given to {@code exit}/{@code stop}; abnormal.</li>
 * </ul>
 */
public sealed interface ExitReason {

    /** The process finished normally. */
    record Normal() implements ExitReason {
        @Override
        public String toString() {
            return "normal";
        }
    }

    /** An orderly stop request; {@code detail} may be null. */
    record Shutdown(Object detail) implements ExitReason {
        @Override
        public String toString() {
            return detail == null ? "shutdown" : "{shutdown, " + detail + "}";
        }
    }

    /** The reason a process dies with after receiving {@link Kill}. Propagates to links as a trappable reason. */
    record Killed() implements ExitReason {
        @Override
        public String toString() {
            return "killed";
        }
    }

    /** The untrappable exit signal: {@code exit(pid, KILL)} always ends {@code pid}, with reason {@link Killed}. */
    record Kill() implements ExitReason {
        @Override
        public String toString() {
            return "kill";
        }
    }

    /** The process does not exist (or no longer does). */
    record NoProcess() implements ExitReason {
        @Override
        public String toString() {
            return "noproc";
        }
    }

    /** The node of the process is gone or unreachable. */
    record NoConnection() implements ExitReason {
        @Override
        public String toString() {
            return "noconnection";
        }
    }

    /** An uncaught exception ended the process. */
    record Error(Throwable cause) implements ExitReason {
        public Error {
            Objects.requireNonNull(cause, "cause");
        }

        @Override
        public String toString() {
            return "error: " + cause;
        }
    }

    /** Any other reason given to {@code exit} or {@code stop}; always abnormal. */
    record Custom(Object term) implements ExitReason {
        public Custom {
            Objects.requireNonNull(term, "term");
        }

        @Override
        public String toString() {
            return String.valueOf(term);
        }
    }

    ExitReason NORMAL = new Normal();
    ExitReason SHUTDOWN = new Shutdown(null);
    ExitReason KILL = new Kill();
    ExitReason KILLED = new Killed();
    ExitReason NO_PROCESS = new NoProcess();
    ExitReason NO_CONNECTION = new NoConnection();

    /** {@code Shutdown} with a detail (null gives plain {@link #SHUTDOWN}). */
    static ExitReason shutdown(Object detail) {
        return detail == null ? SHUTDOWN : new Shutdown(detail);
    }

    /** An abnormal exit carrying the exception. */
    static ExitReason error(Throwable t) {
        return new Error(t);
    }

    /**
     * Wraps any term as a reason: an {@code ExitReason} is returned as it is, a {@code Throwable} becomes
     * {@link Error}, anything else {@link Custom}. Strings are not interpreted ({@code of("normal")} is abnormal).
     */
    static ExitReason of(Object term) {
        Objects.requireNonNull(term, "exit reason term");
        if (term instanceof ExitReason r) {
            return r;
        }
        if (term instanceof Throwable t) {
            return new Error(t);
        }
        return new Custom(term);
    }

    /** True for {@link Normal} only: the one reason that does not kill linked processes. */
    default boolean isNormal() {
        return this instanceof Normal;
    }

    /** True for {@link Normal} and any {@link Shutdown}: the reasons after which a transient child is not restarted. */
    default boolean isNormalOrShutdown() {
        return this instanceof Normal || this instanceof Shutdown;
    }
}
