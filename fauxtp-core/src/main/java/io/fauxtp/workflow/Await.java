package io.fauxtp.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What a suspended workflow is waiting for now. */
public sealed interface Await {

    /** Nothing: the workflow has not started, or has finished. */
    Await NOTHING = new Nothing();

    /** The request this await will be journaled under, or {@code null} for {@link Nothing}. */
    Request request();

    /** The instant from which resuming can make progress, or {@code null} when that depends on a signal. */
    default Instant readyAt() {
        return null;
    }

    /** Nothing to wait for. */
    record Nothing() implements Await {
        @Override
        public Request request() {
            return null;
        }
    }

    /**
     * An effect call that failed and waits for its next attempt.
     *
     * @param call the call
     * @param failedAttempts the failures so far
     * @param retryAt when the next attempt may run
     */
    record Effect(Request.EffectCall call, List<Failure> failedAttempts, Instant retryAt) implements Await {
        public Effect {
            Objects.requireNonNull(call, "call");
            failedAttempts = List.copyOf(failedAttempts);
            Objects.requireNonNull(retryAt, "retryAt");
        }

        @Override
        public Request request() {
            return call;
        }

        @Override
        public Instant readyAt() {
            return retryAt;
        }
    }

    /** The signal {@code name}, not yet sent. */
    record Signal(String name) implements Await {
        public Signal {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public Request request() {
            return new Request.SignalWait(name);
        }
    }

    /** A durable timer of {@code duration} that fires at {@code due}. */
    record Timer(Duration duration, Instant due) implements Await {
        public Timer {
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(due, "due");
        }

        @Override
        public Request request() {
            return new Request.Sleep(duration);
        }

        @Override
        public Instant readyAt() {
            return due;
        }
    }
}
