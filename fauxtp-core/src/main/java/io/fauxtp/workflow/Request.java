package io.fauxtp.workflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a workflow asked for at one await: the key that replay compares to tell whether the code still does
 * what the journal says it did.
 */
public sealed interface Request {

    /**
     * A call of an effect method.
     *
     * @param effect the effect's name ({@link io.fauxtp.effect.Effects#name(Class)})
     * @param method the method name
     * @param args the arguments (may hold nulls)
     */
    record EffectCall(String effect, String method, List<Object> args) implements Request {
        public EffectCall {
            Objects.requireNonNull(effect, "effect");
            Objects.requireNonNull(method, "method");
            args = Collections.unmodifiableList(new ArrayList<>(args == null ? List.of() : args));
        }

        @Override
        public String toString() {
            String a = args.toString();
            return effect + "." + method + "(" + a.substring(1, a.length() - 1) + ")";
        }
    }

    /** Waiting for the signal {@code name}. */
    record SignalWait(String name) implements Request {
        public SignalWait {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return "signal '" + name + "'";
        }
    }

    /** A durable sleep of {@code duration}. */
    record Sleep(Duration duration) implements Request {
        public Sleep {
            Objects.requireNonNull(duration, "duration");
        }

        @Override
        public String toString() {
            return "sleep " + duration;
        }
    }

    /** Reading the current time ({@link WorkflowContext#now()}). */
    record CurrentTime() implements Request {
        @Override
        public String toString() {
            return "now()";
        }
    }
}
