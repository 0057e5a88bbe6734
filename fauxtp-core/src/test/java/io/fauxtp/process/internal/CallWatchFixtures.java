package io.fauxtp.process.internal;

import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import java.util.ArrayList;
import java.util.List;

/** What the tests of call watches share ({@link CallWatchTest}, {@link OrdinaryCallerTest}). */
final class CallWatchFixtures {

    private CallWatchFixtures() {}

    /** Answers every call with its request, except "never" calls, which it leaves unanswered. */
    static final class EchoServer implements GenServer<Object> {
        @Override
        public Object init(Object args) {
            return "";
        }

        @Override
        public CallResult<Object> handleCall(Object request, From from, Object state) {
            return request.equals("never") ? CallResult.noReply(state) : CallResult.reply(request, state);
        }
    }

    /**
     * Answers calls in batches: it keeps each call until {@code request} of them wait, then answers them all through
     * their {@code From}s, the oldest first. The oldest call's watch is the deepest in the list, so each batch leaves
     * ended watches below the waiting ones.
     */
    static final class Batches implements GenServer<List<From>> {
        @Override
        public List<From> init(Object args) {
            return new ArrayList<>();
        }

        @Override
        public CallResult<List<From>> handleCall(Object request, From from, List<From> waiting) {
            waiting.add(from);
            if (waiting.size() == (Integer) request) {
                waiting.forEach(f -> GenServer.reply(f, "ok"));
                waiting.clear();
            }
            return CallResult.noReply(waiting);
        }
    }

    /** The process behind a live pid of {@code node}. */
    static ProcessImpl process(Node node, Pid pid) {
        return NodeRuntime.of(node).lookup(pid);
    }

    /** The call watches on {@code server}'s mailbox whose call still waits. */
    static int waitingWatches(ProcessImpl server) {
        int n = 0;
        for (CallWatch w = server.mailboxForTests().callWatchers; w != null && w != CallWatch.DEAD; w = w.next) {
            if (w.waiting()) {
                n++;
            }
        }
        return n;
    }
}
