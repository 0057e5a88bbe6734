package io.fauxtp.genserver.internal;

import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.CastResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.genserver.IdleTimeout;
import io.fauxtp.genserver.Next;
import io.fauxtp.genserver.RequestObserver;
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
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The body of a GenServer process: {@code init}, then one message at a time into the callbacks. The state and
 * the next step live in fields because only this process's thread touches them.
 */
final class ServerLoop<S> implements ProcessBody {

    private static final System.Logger LOG = System.getLogger("io.fauxtp.genserver");

    private static final Matcher<Object> ANY = Matcher.any();

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

    /**
     * {@code init} has run: {@link #run} on a thread a message starts after the server hibernated (this object is
     * the continuation it hibernates with, one object less per idle server than a lambda) continues the loop.
     */
    private boolean initialized;

    /**
     * What a synchronous starter waits for, and what it learns: the starter's thread while it waits for
     * {@code init} (set before the process starts); then {@link #STARTED} once {@code init} has succeeded, or what
     * the start fails with (a {@code Throwable}) if the server died first ({@link #startFailed}), whichever comes
     * first (a compare-and-set), and the starter's thread is unparked if it parks ({@link #starterParks}); null
     * for a spawned server (nobody waits for its init). A field of the server, not a future: a start allocates
     * nothing to wait with, and a started server keeps only the shared marker.
     */
    volatile Object starter;

    /**
     * Set by a synchronous starter just before it parks (it checks {@link #starter} again after setting it): the
     * server unparks the starter only then, so a starter that saw the start settled while it spun, or after its
     * yield, is left without a stray permit. A field, not a marker in {@link #starter}: it costs no object per
     * start, and the loop's size is unchanged (it fits in the alignment padding).
     */
    volatile boolean starterParks;

    /** {@link #starter} once {@code init} has succeeded (one shared object). */
    static final Object STARTED = new Object();

    private static final VarHandle STARTER;

    static {
        try {
            STARTER = MethodHandles.lookup().findVarHandle(ServerLoop.class, "starter", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Whether the start has been settled, one way or the other (what the starter waits for). */
    boolean startSettled() {
        return !(starter instanceof Thread);
    }

    @Override
    public void run(ProcessContext ctx) throws Exception {
        ProcessImpl self = (ProcessImpl) ctx;
        if (initialized) {
            loop(self);
            return;
        }
        Object waiting = starter;
        if (waiting == null) {
            // Spawned (GenServer.spawn): nobody waits for init. A failure is a crash like any other, logged and
            // carried by the link and monitors, as with Erlang's proc_lib:spawn_link and gen_server:enter_loop.
            state = behaviour.init(args);
            initialized = true;
            loop(self);
            return;
        }
        if (!(waiting instanceof Thread starterThread)) {
            // killed before init could run: the exit hook has told the starter already
            self.checkAlive();
            return;
        }
        try {
            state = behaviour.init(args);
        } catch (ProcessExitSignal s) {
            throw s;
        } catch (Throwable t) {
            // A death interrupts the thread, and init may throw what that caused (an InterruptedException): the
            // starter must hear the exit reason, not that.
            self.checkAlive();
            // The starter learns of the failure from start(); the link must not tell it a second time.
            initFailure = t;
            if (parent != null) {
                self.unlink(parent);
            }
            self.exit(ExitReason.error(t));
        }
        initialized = true;
        // nothing more to tell the starter; an idle server keeps no more than it needs (not the starter's thread)
        if (STARTER.compareAndSet(this, starterThread, STARTED) && starterParks) {
            LockSupport.unpark(starterThread);
        }
        loop(self);
    }

    /**
     * The server died (exit hook, on the dying thread): a starter still waiting learns why, as what {@code init}
     * threw or as the exit reason (made a throwable by {@code toThrowable}).
     */
    void startFailed(ExitReason reason, java.util.function.Function<ExitReason, Throwable> toThrowable) {
        if (starter instanceof Thread starterThread) {
            Throwable failure = initFailure;
            if (STARTER.compareAndSet(this, starterThread, failure != null ? failure : toThrowable.apply(reason))
                    && starterParks) {
                LockSupport.unpark(starterThread);
            }
        }
    }

    private void loop(ProcessImpl self) throws Exception {
        while (true) {
            if (next instanceof Next.Continue c) {
                next = Next.AWAIT;
                runCallback(self, CONTINUE, c.cont());
                continue;
            }
            Duration timeout = next instanceof Next.Timeout t ? t.after() : options.idleTimeout();
            if (next != Next.AWAIT) {
                next = Next.AWAIT;
            }
            Object message;
            if (timeout == null) {
                // Nothing to do and no timer. A busy server finds its next message within the receive's short
                // spin (a new server too: its first request usually follows its start at once), or, if its last
                // idle period was short, while it waits a little longer; an idle one gives its thread back until
                // the next message (hibernate returns if one arrived meanwhile).
                Duration hibernateAfter = options.hibernateAfter();
                message = hibernateAfter == null
                        ? self.takeBeforeHibernating(ANY)
                        : self.takeBeforeHibernating(ANY, GenServerRuntime.nanos(hibernateAfter));
                if (message == null) {
                    self.hibernate(this);
                    message = self.take(ANY, Long.MAX_VALUE);
                }
            } else {
                message = self.take(ANY, GenServerRuntime.deadline(timeout));
                if (message == null) {
                    message = new IdleTimeout(timeout);
                }
            }
            dispatch(self, message);
        }
    }

    private void dispatch(ProcessImpl self, Object message) throws Exception {
        // Plain instanceof tests, casts first: this runs once per message, and a chain the JIT sees through is
        // cheaper than a pattern switch's type dispatch. Callbacks are called directly (no lambda per message).
        if (message instanceof CastRequest cast) {
            if (cast.context == null) {
                runCallback(self, CAST, cast.request());
            } else {
                observedCast(self, cast);
            }
        } else if (message instanceof CallRequest call) {
            if (call.context == null) {
                handleCall(self, call, state);
            } else {
                observedCall(self, call);
            }
        } else if (message instanceof StopRequest(var reason)) {
            self.exit(terminate(reason));
        } else if (message instanceof Exit exit && parent != null && exit.from().equals(parent) && self.trapsExit()) {
            self.exit(terminate(exit.reason()));
        } else {
            runCallback(self, INFO, message);
        }
    }

    /** A cast that carried its sender's context: handled inside the request observer's handling. */
    private void observedCast(ProcessImpl self, CastRequest cast) throws Exception {
        RequestObserver.Handling handling =
                GenServerRuntime.handling(self, cast.context, RequestObserver.Kind.CAST, cast.request());
        if (handling == null) {
            runCallback(self, CAST, cast.request());
            return;
        }
        try {
            runCallback(self, CAST, cast.request());
        } catch (ProcessExitSignal s) {
            throw s;
        } catch (Throwable t) {
            handling.failed(t);
            throw t;
        } finally {
            handling.close();
        }
    }

    /** A call that carried its caller's context: handled inside the request observer's handling. */
    private void observedCall(ProcessImpl self, CallRequest call) throws Exception {
        RequestObserver.Handling handling =
                GenServerRuntime.handling(self, call.context, RequestObserver.Kind.CALL, call.request());
        if (handling == null) {
            handleCall(self, call, state);
            return;
        }
        try {
            handleCall(self, call, state);
        } catch (ProcessExitSignal s) {
            throw s;
        } catch (Throwable t) {
            handling.failed(t);
            throw t;
        } finally {
            handling.close();
        }
    }

    private static final int CAST = 0;
    private static final int INFO = 1;
    private static final int CONTINUE = 2;

    /**
     * Runs {@code handleCast}, {@code handleInfo} or {@code handleContinue} (by {@code kind}) and applies its
     * result. A crash runs {@code terminate} and ends the process; an exit signal surfacing in the callback
     * passes through untouched.
     */
    private void runCallback(ProcessImpl self, int kind, Object argument) throws Exception {
        S current = state;
        CastResult<S> result;
        try {
            result = switch (kind) {
                case CAST -> behaviour.handleCast(argument, current);
                case INFO -> behaviour.handleInfo(argument, current);
                default -> behaviour.handleContinue(argument, current);
            };
        } catch (ProcessExitSignal s) {
            throw s;
        } catch (Throwable t) {
            crashed(self, t);
            throw t;
        }
        afterCast(self, result);
    }

    private void handleCall(ProcessImpl self, CallRequest call, S current) throws Exception {
        try {
            dispatchCall(self, call, current);
        } finally {
            call.handled();
        }
    }

    private void dispatchCall(ProcessImpl self, CallRequest call, S current) throws Exception {
        From from = call.from();
        if (call.request() instanceof Envelopes.StatusRequest) {
            call.reply(self, formattedStatus(current));
            return;
        }
        CallResult<S> result;
        try {
            result = behaviour.handleCall(call.request(), from, current);
        } catch (ProcessExitSignal s) {
            throw s;
        } catch (Throwable t) {
            crashed(self, t);
            throw t;
        }
        if (result instanceof CallResult.Reply<S> r) {
            update(r.state(), r.next());
            call.reply(self, r.reply());
        } else if (result instanceof CallResult.NoReply<S> n) {
            update(n.state(), n.next());
        } else if (result instanceof CallResult.Stop<S> s) {
            state = s.state();
            ExitReason reason = terminate(s.reason());
            if (s.replies()) {
                call.reply(self, s.reply());
            }
            self.exit(reason);
        } else {
            throw new NullPointerException(behaviour.getClass().getName()
                    + ".handleCall returned null; return CallResult.reply(...), noReply(...) or stop(...)");
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

    /**
     * Stores the callback's state and next step, writing only what changed: most callbacks return the same state
     * object and {@code AWAIT}, and a write per message would dirty a cache line that this object may share with
     * fields other processes read to send to this server.
     */
    private void update(S newState, Next newNext) {
        if (newState != state) {
            state = newState;
        }
        if (newNext != next) {
            next = newNext;
        }
    }

    private void afterCast(ProcessImpl self, CastResult<S> result) {
        if (result instanceof CastResult.NoReply<S> n) {
            update(n.state(), n.next());
        } else if (result instanceof CastResult.Stop<S> s) {
            state = s.state();
            self.exit(terminate(s.reason()));
        } else {
            throw new NullPointerException(behaviour.getClass().getName()
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

    /**
     * A callback threw {@code t}: {@code terminate} runs with the error before the caller rethrows it to end the
     * process. Killed by an exit signal while in the callback (the interrupt surfaced as an exception):
     * no terminate.
     */
    private void crashed(ProcessImpl self, Throwable t) {
        self.checkAlive();
        terminate(ExitReason.error(t));
    }
}
