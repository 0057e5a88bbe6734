package io.fauxtp.workflow;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.effect.Effects;
import io.fauxtp.effect.Handlers;
import io.fauxtp.effect.UnhandledEffectException;
import io.fauxtp.effect.internal.Invocations;
import io.fauxtp.workflow.internal.Values;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One resume of one suspension: the {@link WorkflowContext} the workflow code sees. Steps below the recorded
 * journal's length are answered from it; the first step past it meets the suspension's current await; later
 * steps are live. A step with no answer yet unwinds the run with {@link Suspend}, unless the run is hosted by a
 * {@link LiveRun}: then the code stays parked at that step on its own thread until the run's next operation
 * {@link #rearm rearms} it, and effect calls and checkpoints run on the thread of the operation.
 */
final class Replay implements WorkflowContext {

    /** Unwinds a run that must wait. An {@code Error} so that {@code catch (Exception e)} in workflows keeps out. */
    static final class Suspend extends Error {
        Suspend() {
            super("workflow suspended (internal: do not catch)", null, false, false);
        }
    }

    private Suspension origin;
    private final WorkflowSpec spec;
    private Handlers handlers;
    private final Map<Class<?>, RetryPolicy> retries;
    private final RetryPolicy defaultRetry;
    private final Clock clock;
    private final Environment environment;
    private Thread owner = Thread.currentThread();
    private final List<JournalEntry> journal;
    private final List<SignalMessage> inbox;
    private int recorded;
    private final Map<Class<?>, Object> effectProxies = new HashMap<>();
    private WorkflowEngine.Checkpoint checkpoint;
    private WorkflowObserver.Step observed;
    /** The live run whose thread runs the code, or {@code null} when the code runs on the caller's thread. */
    private LiveRun host;
    private int savedJournal;
    private List<SignalMessage> savedInbox;
    private Suspension lastCheckpoint;
    private int position;
    private Await waitingFor;
    private RuntimeException fatal;
    private boolean closed;
    /** Park at the recorded await without trying it: a replay that only brings the code to where it waits. */
    private boolean parkAtRecordedAwait;

    Replay(Suspension origin, WorkflowSpec spec, Handlers handlers, Map<Class<?>, RetryPolicy> retries,
            RetryPolicy defaultRetry, Clock clock, Environment environment, WorkflowEngine.Checkpoint checkpoint,
            Suspension saved, WorkflowObserver.Step observed) {
        this.origin = origin;
        this.observed = observed;
        this.spec = spec;
        this.handlers = handlers;
        this.retries = retries;
        this.defaultRetry = defaultRetry;
        this.clock = clock;
        this.environment = environment.restrictedTo(spec.uses());
        this.journal = new ArrayList<>(origin.journal());
        this.inbox = new ArrayList<>(origin.inbox());
        this.recorded = origin.journal().size();
        this.checkpoint = checkpoint;
        this.savedJournal = saved == null ? -1 : saved.journal().size();
        this.savedInbox = saved == null ? null : saved.inbox();
    }

    /** Runs the code on {@code host}'s thread: waits park there instead of unwinding. */
    void hostedBy(LiveRun host) {
        this.host = host;
    }

    /**
     * Makes this hosted run park at the await the run waits for ({@code origin}'s) as soon as replay reaches it,
     * without trying it (a timer that fell due meanwhile does not fire, no effect runs): a replay that only brings
     * the code back to where it waits, for its next operation to {@link #rearm} and go on from there.
     */
    void parkAtRecordedAwait() {
        parkAtRecordedAwait = true;
    }

    /** Called on the thread that runs the code, before it starts. */
    void adoptCallingThread() {
        owner = Thread.currentThread();
    }

    /**
     * Sets up the next operation of a parked run (called while its code is parked, on the operation's thread):
     * {@code current} is the run as stored, with the same journal as this run's, plus what the operation brings
     * (a delivered signal in its inbox); {@code saved} is what is stored.
     */
    void rearm(Suspension current, Handlers handlers, WorkflowEngine.Checkpoint checkpoint, Suspension saved,
               WorkflowObserver.Step observed) {
        if (current.journal().size() != journal.size()) {
            throw new IllegalStateException("workflow run " + current.id() + " is parked at step " + journal.size()
                    + " but the run to continue has " + current.journal().size() + " steps");
        }
        this.origin = current;
        this.recorded = journal.size();
        this.inbox.clear();
        this.inbox.addAll(current.inbox());
        this.handlers = handlers;
        this.checkpoint = checkpoint;
        this.savedJournal = saved.journal().size();
        this.savedInbox = saved.inbox();
        this.lastCheckpoint = null;
        this.observed = observed;
        this.waitingFor = null;
    }

    List<JournalEntry> journal() {
        return journal;
    }

    List<SignalMessage> inbox() {
        return inbox;
    }

    /** What the run waits for, when it suspended; {@code null} when it ran to its end. */
    Await waitingFor() {
        return waitingFor;
    }

    /** A configuration or replay error that must reach the caller whatever the workflow code did with it. */
    RuntimeException fatal() {
        return fatal;
    }

    /** The step the code reached; a finished run must have consumed the recorded journal and current await. */
    void checkFinishedAfterRecord() {
        if (fatal != null || waitingFor != null) {
            return;
        }
        if (position < journal.size()) {
            throw fatal(new NonDeterminismException(spec.toString(), position, journal.get(position).request(),
                    null, null));
        }
        if (position <= recorded && !(origin.awaiting() instanceof Await.Nothing)) {
            throw fatal(new NonDeterminismException(spec.toString(), recorded, origin.awaiting().request(), null,
                    "the suspension was waiting for it"));
        }
    }

    void close() {
        closed = true;
    }

    /** Handlers that route every effect in scope through this run's journal, for requests held by the code. */
    Handlers journaledHandlers() {
        List<EffectHandler<?>> routed = new ArrayList<>();
        for (EffectHandler<?> h : handlers.handlers()) {
            routed.add(journaled(h));
        }
        return Handlers.of(routed);
    }

    private <E> EffectHandler<E> journaled(EffectHandler<E> h) {
        return EffectHandler.of(h.id(), h.effect(), effect(h.effect()));
    }

    @Override
    public String workflowId() {
        return origin.id();
    }

    @Override
    public String workflowName() {
        return spec.name();
    }

    @Override
    public int version() {
        return spec.version();
    }

    @Override
    public boolean isReplaying() {
        checkUsable();
        return position < recorded;
    }

    @Override
    public <E> E effect(Class<E> effect) {
        checkUsable();
        Object proxy = effectProxies.get(effect);
        if (proxy == null) {
            String name = Effects.name(effect);
            proxy = Proxy.newProxyInstance(effect.getClassLoader(), new Class<?>[] {effect}, (self, method, args) -> {
                if (method.getDeclaringClass() == Object.class) {
                    return switch (method.getName()) {
                        case "equals" -> self == args[0];
                        case "hashCode" -> System.identityHashCode(self);
                        default -> "journaled " + name + " of workflow run " + origin.id();
                    };
                }
                return call(effect, name, method, args);
            });
            effectProxies.put(effect, proxy);
        }
        return effect.cast(proxy);
    }

    private Object call(Class<?> effect, String name, Method method, Object[] args) {
        checkUsable();
        Request.EffectCall call = new Request.EffectCall(name, method.getName(),
                args == null ? List.of() : java.util.Arrays.asList(args));
        Object answer = step(call, prior -> live(effect, method, args, call, prior));
        return convert(answer, method.getReturnType(), call);
    }

    private Object live(Class<?> effect, Method method, Object[] args, Request.EffectCall call, Await prior) {
        EffectHandler<?> handler = handlers.lookup(effect).orElseThrow(() -> fatal(new UnhandledEffectException(
                effect, "workflow " + spec + " run " + origin.id(), method.getName())));
        List<Failure> failures = new ArrayList<>();
        if (prior instanceof Await.Effect retry) {
            failures.addAll(retry.failedAttempts());
            if (clock.instant().isBefore(retry.retryAt())) {
                throw suspend(retry);
            }
        }
        RetryPolicy policy = retries.getOrDefault(effect, defaultRetry);
        int step = position - 1;
        Suspension unsaved = checkpoint(step);
        while (true) {
            try {
                EffectStep current = new EffectStep(origin.id(), spec.name(), step, failures.size() + 1);
                Suspension before = unsaved;
                unsaved = null;
                Object value = invoke(current, call, handler, method, args, before);
                journal.add(new JournalEntry(call, new Outcome.Returned(value), failures));
                return value;
            } catch (Error e) {
                throw e;
            } catch (CheckpointFailed e) {
                throw fatal(e.failure);
            } catch (Throwable e) {
                Failure failure = Failure.of(e);
                failures.add(failure);
                if (failures.size() >= policy.maxAttempts()) {
                    journal.add(new JournalEntry(call, new Outcome.Threw(failure), failures));
                    throw new EffectFailedException(call, failure, e);
                }
                Duration backoff = policy.backoffAfter(failures.size());
                if (!backoff.isZero()) {
                    throw suspend(new Await.Effect(call, failures, clock.instant().plus(backoff)));
                }
            }
        }
    }

    /** A checkpoint that failed on the driving thread before the effect call it preceded. */
    private static final class CheckpointFailed extends Exception {
        final RuntimeException failure;

        CheckpointFailed(RuntimeException failure) {
            super(null, null, false, false);
            this.failure = failure;
        }
    }

    /**
     * Calls the handler for {@code step}, seen by the engine's observer when there is one. A hosted run saves
     * {@code unsaved}, its checkpoint before the call, on the driving thread right before the call, in the same
     * hand-over.
     */
    private Object invoke(EffectStep step, Request.EffectCall call, EffectHandler<?> handler, Method method,
                          Object[] args, Suspension unsaved) throws Throwable {
        if (host != null) {
            // On the thread of the operation, as when the code runs there: its thread-bound context (the process,
            // a transaction, an observation in scope) is what the handler and the observer see.
            WorkflowObserver.Step seen = observed;
            WorkflowEngine.Checkpoint target = checkpoint;
            boolean[] saved = {false};
            try {
                return host.onDriver(() -> {
                    if (unsaved != null) {
                        try {
                            target.save(unsaved);
                        } catch (RuntimeException e) {
                            throw new CheckpointFailed(e);
                        }
                        saved[0] = true;
                    }
                    return invokeHere(seen, step, call, handler, method, args);
                });
            } finally {
                if (saved[0]) {
                    checkpointed(unsaved);
                }
            }
        }
        return invokeHere(observed, step, call, handler, method, args);
    }

    private static Object invokeHere(WorkflowObserver.Step observed, EffectStep step, Request.EffectCall call,
                                     EffectHandler<?> handler, Method method, Object[] args) throws Throwable {
        if (observed == null) {
            return step.around(() -> Invocations.invoke(method, handler.implementation(), args));
        }
        WorkflowObserver.EffectCall observedCall = observed.callingEffect(step, call.effect(), call.method(),
                handler.id());
        Object value;
        try {
            value = step.around(() -> Invocations.invoke(method, handler.implementation(), args));
        } catch (Throwable e) {
            observedCall.ended(e);
            throw e;
        }
        observedCall.ended(null);
        return value;
    }

    /**
     * Hands the progress made since the last checkpoint (journal entries, consumed or delivered signals) to the
     * engine's caller before the effect at {@code step} runs live, so that a crash while it runs re-runs it
     * alone. A failed checkpoint is fatal: the effect does not run and the caller hears of it. A hosted run
     * returns the progress instead, which {@link #invoke} saves on the driving thread right before the effect.
     */
    private Suspension checkpoint(int step) {
        if (checkpoint == null || (journal.size() == savedJournal && inbox.equals(savedInbox))) {
            return null;
        }
        Await awaits = step == recorded ? origin.awaiting() : Await.NOTHING;
        Suspension progress = origin.advanced(journal, awaits, inbox,
                awaits instanceof Await.Nothing ? Suspension.Status.READY : Suspension.Status.WAITING, null, null);
        if (host != null) {
            return progress;
        }
        try {
            checkpoint.save(progress);
        } catch (RuntimeException e) {
            throw fatal(e);
        }
        checkpointed(progress);
        return null;
    }

    private void checkpointed(Suspension progress) {
        savedJournal = progress.journal().size();
        savedInbox = progress.inbox();
        lastCheckpoint = progress;
    }

    /** The progress last handed to the checkpoint, or {@code null}. */
    Suspension lastCheckpoint() {
        return lastCheckpoint;
    }

    @Override
    public <T> T awaitSignal(String name, Class<T> type) {
        checkUsable();
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Request.SignalWait wait = new Request.SignalWait(name);
        Object value = step(wait, prior -> {
            for (Iterator<SignalMessage> i = inbox.iterator(); i.hasNext();) {
                SignalMessage m = i.next();
                if (m.name().equals(name)) {
                    try {
                        Values.coerce(m.value(), type);
                    } catch (ClassCastException | ArithmeticException e) {
                        throw fatal(new IllegalArgumentException("signal '" + name + "' sent to workflow " + spec
                                + " run " + origin.id() + " carries " + describe(m.value()) + ", but the workflow"
                                + " awaits a " + type.getName(), e));
                    }
                    i.remove();
                    journal.add(new JournalEntry(wait, new Outcome.Returned(m.value())));
                    return m.value();
                }
            }
            throw suspend(new Await.Signal(name));
        });
        return type.cast(convert(value, type, wait));
    }

    @Override
    public void sleep(Duration duration) {
        checkUsable();
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("cannot sleep for a negative duration: " + duration);
        }
        Request.Sleep sleep = new Request.Sleep(duration);
        step(sleep, prior -> {
            Instant due = prior instanceof Await.Timer t ? t.due() : clock.instant().plus(duration);
            if (clock.instant().isBefore(due)) {
                throw suspend(new Await.Timer(duration, due));
            }
            journal.add(new JournalEntry(sleep, new Outcome.Returned(due)));
            return due;
        });
    }

    @Override
    public Instant now() {
        checkUsable();
        Request.CurrentTime now = new Request.CurrentTime();
        Object value = step(now, prior -> {
            Instant t = clock.instant();
            journal.add(new JournalEntry(now, new Outcome.Returned(t)));
            return t;
        });
        return (Instant) convert(value, Instant.class, now);
    }

    @Override
    public Environment environment() {
        checkUsable();
        return environment;
    }

    private interface Live {
        Object run(Await prior);
    }

    private Object step(Request request, Live live) {
        if (host != null) {
            host.checkNotKilled();
        }
        if (waitingFor != null) {
            // The code caught the suspension and went on: it must not reach further awaits.
            throw new Suspend();
        }
        int index = position++;
        if (index < journal.size()) {
            JournalEntry entry = journal.get(index);
            if (!Values.equivalent(entry.request(), request)) {
                throw fatal(new NonDeterminismException(spec.toString(), index, entry.request(), request, null));
            }
            return switch (entry.outcome()) {
                case Outcome.Returned r -> r.value();
                case Outcome.Threw t when request instanceof Request.EffectCall c ->
                        throw new EffectFailedException(c, t.failure(), null);
                case Outcome.Threw t -> throw fatal(new IllegalStateException("the journal of workflow run "
                        + origin.id() + " records a failure for " + request + " at step " + index
                        + ", but only effect calls can fail; the stored suspension was altered"));
            };
        }
        Await prior = index == recorded ? origin.awaiting() : Await.NOTHING;
        if (!(prior instanceof Await.Nothing) && !Values.equivalent(prior.request(), request)) {
            throw fatal(new NonDeterminismException(spec.toString(), index, prior.request(), request,
                    "the suspension was waiting for it"));
        }
        if (parkAtRecordedAwait && host != null && index == recorded && !(prior instanceof Await.Nothing)) {
            parkAtRecordedAwait = false;
            waitingFor = prior;
            host.park();   // returns rearmed for the run's next operation, or unwinds a killed run
            prior = origin.awaiting();
        }
        while (true) {
            try {
                return live.run(prior);
            } catch (Suspend s) {
                if (host == null || waitingFor == null) {
                    throw s;
                }
                host.park();   // returns rearmed for the run's next operation, or unwinds a killed run
                prior = origin.awaiting();
            }
        }
    }

    private Object convert(Object value, Class<?> type, Request request) {
        try {
            return Values.coerce(value, type);
        } catch (ClassCastException | ArithmeticException e) {
            throw fatal(new NonDeterminismException(spec.toString(), position - 1, request, request,
                    "the journal holds " + describe(value) + " where the code expects a " + type.getName()));
        }
    }

    private Suspend suspend(Await await) {
        waitingFor = await;
        return new Suspend();
    }

    private RuntimeException fatal(RuntimeException e) {
        if (fatal == null) {
            fatal = e;
        }
        return e;
    }

    private void checkUsable() {
        if (closed) {
            throw new IllegalStateException("the context of workflow run " + origin.id() + " was used after the run"
                    + " ended; keep it inside WorkflowDefinition.run");
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("the context of workflow run " + origin.id() + " is used on "
                    + Thread.currentThread() + " but belongs to " + owner + "; workflow code runs on one thread");
        }
    }

    private static String describe(Object value) {
        return value == null ? "null" : "a " + value.getClass().getName() + " (" + value + ")";
    }
}
