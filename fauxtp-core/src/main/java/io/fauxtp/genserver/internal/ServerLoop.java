package io.fauxtp.genserver.internal;

import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.CastResult;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.genserver.IdleTimeout;
import io.fauxtp.genserver.Next;
import io.fauxtp.genserver.StartOptions;
import io.fauxtp.genserver.internal.Envelopes.CallRequest;
import io.fauxtp.genserver.internal.Envelopes.CastRequest;
import io.fauxtp.genserver.internal.Envelopes.StopRequest;
import io.fauxtp.process.Exit;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Matcher;
import io.fauxtp.process.Pid;
import io.fauxtp.process.ProcessBody;
import io.fauxtp.process.ProcessContext;
import io.fauxtp.process.internal.ProcessExitSignal;
import io.fauxtp.process.internal.ProcessImpl;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * The body of a GenServer process: {@code init}, then one message at a time into the callbacks. The state and
 * the next step live in fields because only this process's thread touches them.
 */
final class ServerLoop<S> implements ProcessBody {

    private static final System.Logger LOG = System.getLogger("io.fauxtp.genserver");

    private final GenServer<S> behaviour;
    private final Object args;
    private final StartOptions options;
    private final Pid parent;
    /** The exception {@code init} threw, reported to the starter by the exit hook. */
    volatile Throwable initFailure;
    private S state;
    private Next next = Next.AWAIT;

    ServerLoop(GenServer<S> behaviour, Object args, StartOptions options, Pid parent) {
        this.behaviour = behaviour;
        this.args = args;
        this.options = options;
        this.parent = parent;
    }

    /** Continues the loop on the thread a message starts after the server hibernated. */
    private final ProcessBody resume = ctx -> loop((ProcessImpl) ctx);

    /** Runs once {@code init} has succeeded; set by the starter before the process starts. */
    Runnable onStarted = () -> {};

    @Override
    public void run(ProcessContext ctx) throws Exception {
        ProcessImpl self = (ProcessImpl) ctx;
        try {
            state = behaviour.init(args);
        } catch (ProcessExitSignal s) {
            throw s;
        } catch (Throwable t) {
            // The starter learns of the failure from start(); the link must not tell it a second time.
            initFailure = t;
            if (parent != null) {
                self.unlink(parent);
            }
            self.exit(ExitReason.error(t));
        }
        onStarted.run();
        onStarted = null; // nothing more to tell the starter; an idle server keeps no more than it needs
        loop(self);
    }

    private void loop(ProcessImpl self) throws Exception {
        while (true) {
            if (next instanceof Next.Continue c) {
                next = Next.AWAIT;
                S current = state;
                afterCast(self, invoke(self, () -> behaviour.handleContinue(c.cont(), current)));
                continue;
            }
            Duration timeout = next instanceof Next.Timeout t ? t.after() : options.idleTimeout();
            next = Next.AWAIT;
            Object message;
            if (timeout == null) {
                // Nothing to do and no timer: give the thread back until the next message (returns if one waits).
                self.hibernate(resume);
                message = self.take(Matcher.any(), Long.MAX_VALUE);
            } else {
                message = self.take(Matcher.any(), GenServerRuntime.deadline(timeout));
                if (message == null) {
                    message = new IdleTimeout(timeout);
                }
            }
            dispatch(self, message);
        }
    }

    private void dispatch(ProcessImpl self, Object message) throws Exception {
        S current = state;
        switch (message) {
            case CallRequest(var from, Envelopes.StatusRequest status) ->
                    GenServerRuntime.reply(from, formattedStatus(current));
            case CallRequest(var from, var request) -> {
                CallResult<S> result = invoke(self, () -> behaviour.handleCall(request, from, current));
                switch (result) {
                    case CallResult.Reply<S> r -> {
                        state = r.state();
                        next = r.next();
                        GenServerRuntime.reply(from, r.reply());
                    }
                    case CallResult.NoReply<S> n -> {
                        state = n.state();
                        next = n.next();
                    }
                    case CallResult.Stop<S> s -> {
                        state = s.state();
                        ExitReason reason = terminate(s.reason());
                        if (s.replies()) {
                            GenServerRuntime.reply(from, s.reply());
                        }
                        self.exit(reason);
                    }
                    case null -> throw new NullPointerException(behaviour.getClass().getName()
                            + ".handleCall returned null; return CallResult.reply(...), noReply(...) or stop(...)");
                }
            }
            case CastRequest(var request) -> afterCast(self, invoke(self, () -> behaviour.handleCast(request, current)));
            case StopRequest(var reason) -> self.exit(terminate(reason));
            case Exit exit when parent != null && exit.from().equals(parent) && self.trapsExit() ->
                    self.exit(terminate(exit.reason()));
            default -> afterCast(self, invoke(self, () -> behaviour.handleInfo(message, current)));
        }
    }

    /** The behaviour's opt-in view of the state; a failing formatter shows nothing rather than crash the server. */
    private Object formattedStatus(S current) {
        try {
            return behaviour.formatStatus(current);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, behaviour.getClass().getName() + ".formatStatus failed", e);
            return null;
        }
    }

    private void afterCast(ProcessImpl self, CastResult<S> result) {
        switch (result) {
            case CastResult.NoReply<S> n -> {
                state = n.state();
                next = n.next();
            }
            case CastResult.Stop<S> s -> {
                state = s.state();
                self.exit(terminate(s.reason()));
            }
            case null -> throw new NullPointerException(behaviour.getClass().getName()
                    + " returned null from a callback; return CastResult.noReply(state) or CastResult.stop(...)");
        }
    }

    /** Runs {@code terminate}; a failure there becomes the exit reason, as in Erlang. */
    private ExitReason terminate(ExitReason reason) {
        try {
            behaviour.terminate(reason, state);
            return reason;
        } catch (ProcessExitSignal s) {
            throw s;
        } catch (Throwable t) {
            LOG.log(Level.ERROR, () -> behaviour.getClass().getName() + ".terminate(" + reason + ") failed", t);
            return ExitReason.error(t);
        }
    }

    @FunctionalInterface
    private interface Callback<R> {
        R call() throws Exception;
    }

    /** Runs a callback; if it throws, {@code terminate} runs with the error and the exception ends the process. */
    private <R> R invoke(ProcessImpl self, Callback<R> callback) throws Exception {
        try {
            return callback.call();
        } catch (ProcessExitSignal s) {
            throw s;
        } catch (Throwable t) {
            // Killed by an exit signal while in the callback (the interrupt surfaced as an exception): no terminate.
            self.checkAlive();
            terminate(ExitReason.error(t));
            throw t;
        }
    }
}
