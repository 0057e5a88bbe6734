package io.fauxtp.otp;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A supervisor scenario of the differential test: a static supervisor with its strategy, intensity and children,
 * then operations on it. {@link #erlang()} is the same scenario as the term the Erlang driver reads.
 *
 * @param periodSeconds the intensity period; whole seconds, as OTP's is
 */
record SupervisorScenario(String strategy, int intensity, int periodSeconds, List<Child> children, List<Op> ops) {

    /** A child: restart type (permanent, transient, temporary) and shutdown (brutal_kill, infinity or ms). */
    record Child(String id, String restart, String shutdown) {
        String erlang() {
            return "{" + id + ", " + restart + ", " + shutdown + "}";
        }

        @Override
        public String toString() {
            return erlang();
        }
    }

    /** One operation; each prints as the Erlang term the driver reads. */
    sealed interface Op {
        String erlang();
    }

    /** The child exits: normal, shutdown, {shutdown,term}, kill (exit(Pid, kill)) or crash (an error). */
    record ExitChild(String id, String reason) implements Op {
        public String erlang() {
            return "{exit, " + id + ", " + reason + "}";
        }
    }

    record TerminateChild(String id) implements Op {
        public String erlang() {
            return "{terminate, " + id + "}";
        }
    }

    record RestartChild(String id) implements Op {
        public String erlang() {
            return "{restart, " + id + "}";
        }
    }

    record DeleteChild(String id) implements Op {
        public String erlang() {
            return "{delete, " + id + "}";
        }
    }

    record StartChild(Child child) implements Op {
        public String erlang() {
            return "{start, " + child.erlang() + "}";
        }
    }

    /** The next {@code count} starts of the child fail (its start function returns an error). */
    record FailStarts(String id, int count) implements Op {
        public String erlang() {
            return "{fail_starts, " + id + ", " + count + "}";
        }
    }

    record WhichChildren() implements Op {
        public String erlang() {
            return "which";
        }
    }

    record CountChildren() implements Op {
        public String erlang() {
            return "count";
        }
    }

    /** Waits {@code millis} of real time, long enough for the intensity period to pass in both. */
    record Wait(int millis) implements Op {
        public String erlang() {
            return "{wait, " + millis + "}";
        }
    }

    record Stop() implements Op {
        public String erlang() {
            return "stop";
        }
    }

    String erlang() {
        return "{sup, " + strategy + ", " + intensity + ", " + periodSeconds + ", ["
                + children.stream().map(Child::erlang).collect(Collectors.joining(", ")) + "], ["
                + ops.stream().map(Op::erlang).collect(Collectors.joining(", ")) + "]}";
    }

    @Override
    public String toString() {
        return erlang();
    }
}
