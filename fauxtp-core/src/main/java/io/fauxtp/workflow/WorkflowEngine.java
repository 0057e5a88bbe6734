package io.fauxtp.workflow;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.effect.EffectRequest;
import io.fauxtp.effect.EffectScope;
import io.fauxtp.effect.Effects;
import io.fauxtp.effect.Handlers;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs workflows by deterministic replay. Every operation takes a {@link Suspension} and returns the next one;
 * the engine holds no run state, so suspensions can be stored, moved to another engine (after a restart of the
 * application) and driven by whatever schedules them (a test, a timer, a process per run).
 *
 * <pre>{@code
 * WorkflowEngine engine = WorkflowEngine.builder()
 *         .register(new OrderWorkflow())
 *         .handler(EffectHandler.of("stripe", Payments.class, stripe))
 *         .build();
 * Suspension s = engine.resume(engine.freeze("order", order));   // runs until it must wait
 * s = engine.signal(s, "shipped", "TRACK-1");                      // delivers a signal and resumes
 * }</pre>
 *
 * <p>Effects are answered by the engine's handlers, or by handlers bound around the call
 * ({@link Handlers#bind()}), which take precedence (how a test swaps one). Calls are journaled: a handler runs
 * once per call, live; on replay the journal answers. Running the same suspension twice at once is the
 * caller's to prevent (one process per run does).
 */
public final class WorkflowEngine {

    private final Map<String, TreeMap<Integer, WorkflowSpec>> workflows;
    private final Handlers handlers;
    private final Map<Class<?>, RetryPolicy> retries;
    private final RetryPolicy defaultRetry;
    private final Clock clock;
    private final Environment environment;
    private final Supplier<String> ids;
    private final WorkflowObserver observer;

    private WorkflowEngine(Builder b) {
        Map<String, TreeMap<Integer, WorkflowSpec>> copy = new LinkedHashMap<>();
        b.workflows.forEach((name, versions) -> copy.put(name, new TreeMap<>(versions)));
        this.workflows = copy;
        this.handlers = Handlers.of(b.handlers);
        this.retries = Map.copyOf(b.retries);
        this.defaultRetry = b.defaultRetry;
        this.clock = b.clock;
        this.environment = b.environment;
        this.ids = b.ids;
        this.observer = b.observer;
    }

    /** A builder of an engine. */
    public static Builder builder() {
        return new Builder();
    }

    /** The suspension of a new run of the latest version of {@code workflow}, before its first line. */
    public Suspension freeze(String workflow, Object input) {
        return freeze(workflow, ids.get(), input);
    }

    /** The suspension of a new run with the given id. */
    public Suspension freeze(String workflow, String id, Object input) {
        WorkflowSpec spec = latest(workflow);
        return new Suspension(id, spec.name(), spec.version(), input, List.of(), Await.NOTHING, List.of(),
                Suspension.Status.READY, null, null);
    }

    /** Freezes a new run and resumes it until it finishes or must wait. */
    public Suspension start(String workflow, Object input) {
        return resume(freeze(workflow, input));
    }

    /**
     * Continues {@code suspension} until the workflow finishes or must wait (a signal not yet sent, a timer or
     * retry not yet due). A finished suspension is returned as is. When the calling thread is interrupted while
     * the workflow runs (its process is being stopped), {@code suspension} is returned unchanged (or as of the
     * last {@link Checkpoint}): effect calls made since are not journaled and run again on the next resume
     * (effects are at least once).
     *
     * @throws NonDeterminismException when the code no longer matches the journal (the suspension is unchanged)
     * @throws io.fauxtp.effect.UnhandledEffectException when the code calls an effect no handler answers
     * @throws IllegalArgumentException when the suspension's workflow and version are not registered
     */
    public Suspension resume(Suspension suspension) {
        return resume(suspension, null);
    }

    /**
     * Receives a run's progress while it runs, for a durable store: the engine hands it the run as far as it got
     * (status {@code READY}, or {@code WAITING} for a retry that has not succeeded yet) before each effect it
     * calls live, whenever steps were journaled or signals delivered since the last checkpoint. Saving it before
     * returning is what limits a crash to re-running the one effect in flight. An exception thrown here stops
     * the run before the effect and reaches the caller of {@link #resume(Suspension, Checkpoint)}.
     */
    @FunctionalInterface
    public interface Checkpoint {
        /** Stores {@code progress}, replacing the run's stored suspension. */
        void save(Suspension progress);
    }

    /**
     * {@link #resume(Suspension)}, handing {@code checkpoint} the run's progress before each live effect call.
     * {@code suspension} is taken to be saved as it is; progress past it is handed over (a delivered signal
     * counts as progress).
     */
    public Suspension resume(Suspension suspension, Checkpoint checkpoint) {
        return resume(suspension, checkpoint, suspension, WorkflowObserver.Operation.RESUME);
    }

    Suspension resume(Suspension suspension, Checkpoint checkpoint, Suspension saved,
                      WorkflowObserver.Operation operation) {
        Objects.requireNonNull(suspension, "suspension");
        if (suspension.isFinished()) {
            return suspension;
        }
        WorkflowSpec spec = spec(suspension.workflow(), suspension.version());
        WorkflowObserver.Step step = observer == null ? null : observer.advancing(spec, suspension.id(), operation);
        if (step == null) {
            return advance(suspension, checkpoint, saved, spec, null);
        }
        Suspension next;
        try {
            next = advance(suspension, checkpoint, saved, spec, step);
        } catch (RuntimeException | Error e) {
            step.ended(null, e);
            throw e;
        }
        step.ended(next.status(), null);
        return next;
    }

    private Suspension advance(Suspension suspension, Checkpoint checkpoint, Suspension saved, WorkflowSpec spec,
                               WorkflowObserver.Step step) {
        Handlers effective = handlers.overriddenBy(Handlers.current());
        Replay run = new Replay(suspension, spec, effective, retries, defaultRetry, clock, environment, checkpoint,
                saved, step);
        Object result = null;
        Throwable thrown = null;
        try (EffectScope ignored = run.journaledHandlers().bind()) {
            result = run(spec, run, suspension.input());
        } catch (Replay.Suspend s) {
            // waiting: recorded in run.waitingFor()
        } catch (Exception e) {
            thrown = e;
        } finally {
            run.close();
        }
        if (run.fatal() != null) {
            throw run.fatal();
        }
        if (run.waitingFor() != null) {
            return new Suspension(suspension.id(), suspension.workflow(), suspension.version(), suspension.input(),
                    run.journal(), run.waitingFor(), run.inbox(), Suspension.Status.WAITING, null, null);
        }
        run.checkFinishedAfterRecord();
        if (thrown instanceof InterruptedException) {
            // The thread driving the run is being stopped; the run itself did not fail.
            Thread.currentThread().interrupt();
            return run.lastCheckpoint() != null ? run.lastCheckpoint() : suspension;
        }
        if (thrown != null) {
            return new Suspension(suspension.id(), suspension.workflow(), suspension.version(), suspension.input(),
                    run.journal(), Await.NOTHING, run.inbox(), Suspension.Status.FAILED, null, Failure.of(thrown));
        }
        return new Suspension(suspension.id(), suspension.workflow(), suspension.version(), suspension.input(),
                run.journal(), Await.NOTHING, run.inbox(), Suspension.Status.COMPLETED, result, null);
    }

    /** What {@link #advance(Suspension, Checkpoint, Suspension, WorkflowObserver.Operation, LiveRun)} did. */
    record Advanced(Suspension next, LiveRun live) {
    }

    /**
     * Advances {@code suspension} as {@link #resume(Suspension, Checkpoint)} does, with the code on a
     * {@link LiveRun}'s thread: {@code live}, parked where {@code saved} (as stored) waits, goes on from there;
     * without one, the code is replayed on a new live run. The answer holds the live run when the code parked
     * (it waits), or {@code null} when it ended or failed (its thread has ended or been killed).
     */
    Advanced advance(Suspension suspension, Checkpoint checkpoint, Suspension saved,
                     WorkflowObserver.Operation operation, LiveRun live) {
        Objects.requireNonNull(suspension, "suspension");
        if (suspension.isFinished()) {
            if (live != null) {
                live.kill();
            }
            return new Advanced(suspension, null);
        }
        WorkflowSpec spec;
        WorkflowObserver.Step step;
        try {
            spec = spec(suspension.workflow(), suspension.version());
            step = observer == null ? null : observer.advancing(spec, suspension.id(), operation);
        } catch (RuntimeException | Error e) {
            if (live != null) {
                live.kill();
            }
            throw e;
        }
        Advanced next;
        try {
            next = advanceLive(suspension, checkpoint, saved, spec, step, live);
        } catch (RuntimeException | Error e) {
            if (step != null) {
                step.ended(null, e);
            }
            throw e;
        }
        if (step != null) {
            step.ended(next.next().status(), null);
        }
        return next;
    }

    private Advanced advanceLive(Suspension suspension, Checkpoint checkpoint, Suspension saved, WorkflowSpec spec,
                                 WorkflowObserver.Step step, LiveRun live) {
        Handlers effective = handlers.overriddenBy(Handlers.current());
        // Saved on this thread: what it last saved is known here even when the code's thread is killed meanwhile.
        Suspension[] lastSaved = {null};
        Checkpoint tracked = checkpoint == null ? null : progress -> {
            checkpoint.save(progress);
            lastSaved[0] = progress;
        };
        LiveRun current = live;
        try {
            if (current == null) {
                current = LiveRun.of(new Replay(suspension, spec, effective, retries, defaultRetry, clock,
                        environment, tracked, saved, step), spec, suspension.input());
            } else {
                current.replay().rearm(suspension, effective, tracked, saved, step);
            }
            Replay run = current.replay();
            LiveRun.Stop stop = current.drive();
            if (run.fatal() != null) {
                throw run.fatal();
            }
            switch (stop) {
                case LiveRun.Parked p -> {
                    return new Advanced(new Suspension(suspension.id(), suspension.workflow(), suspension.version(),
                            suspension.input(), run.journal(), run.waitingFor(), run.inbox(),
                            Suspension.Status.WAITING, null, null), current);
                }
                case LiveRun.Killed k -> {
                    // The driving thread was interrupted (its process is being stopped): the run did not fail.
                    return new Advanced(lastSaved[0] != null ? lastSaved[0] : suspension, null);
                }
                case LiveRun.Ended e -> {
                    run.checkFinishedAfterRecord();
                    if (e.thrown() instanceof Error error) {
                        throw error;
                    }
                    if (e.thrown() instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        return new Advanced(lastSaved[0] != null ? lastSaved[0] : suspension, null);
                    }
                    if (e.thrown() != null) {
                        return new Advanced(new Suspension(suspension.id(), suspension.workflow(),
                                suspension.version(), suspension.input(), run.journal(), Await.NOTHING, run.inbox(),
                                Suspension.Status.FAILED, null, Failure.of(e.thrown())), null);
                    }
                    return new Advanced(new Suspension(suspension.id(), suspension.workflow(), suspension.version(),
                            suspension.input(), run.journal(), Await.NOTHING, run.inbox(),
                            Suspension.Status.COMPLETED, e.result(), null), null);
                }
            }
        } catch (RuntimeException | Error e) {
            if (current != null) {
                current.kill();
            }
            throw e;
        }
    }

    /**
     * A live run of {@code waiting} (a run that waits, as it is stored): its code replayed from the journal on a
     * thread of its own up to the await it waits for, and parked there without trying it, so that its next
     * operation goes on from that await. Replay runs no effect, saves nothing and is not observed. {@code null}
     * (the thread ended) when the run does not wait, or replay does not get to the await (code that no longer
     * matches the journal: the next operation replays the run and reports it), or the calling thread is
     * interrupted.
     */
    LiveRun warmUp(Suspension waiting) {
        if (waiting.status() != Suspension.Status.WAITING) {
            return null;
        }
        WorkflowSpec spec = spec(waiting.workflow(), waiting.version());
        Replay replay = new Replay(waiting, spec, handlers.overriddenBy(Handlers.current()), retries, defaultRetry,
                clock, environment, null, waiting, null);
        LiveRun live = LiveRun.of(replay, spec, waiting.input());
        replay.parkAtRecordedAwait();
        LiveRun.Stop stop = live.drive();
        if (stop instanceof LiveRun.Parked && replay.fatal() == null) {
            return live;
        }
        live.kill();
        return null;
    }

    @SuppressWarnings("unchecked")
    static Object run(WorkflowSpec spec, Replay ctx, Object input) throws Exception {
        return ((WorkflowDefinition<Object, Object>) spec.definition()).run(ctx, input);
    }

    /** Delivers the signal {@code name} with {@code value} and resumes the run. */
    public Suspension signal(Suspension suspension, String name, Object value) {
        return signal(suspension, name, value, null);
    }

    /**
     * {@link #signal(Suspension, String, Object)}, handing {@code checkpoint} the run's progress (first of all
     * the delivered signal) before each live effect call; {@code suspension} is taken to be saved as it is.
     */
    public Suspension signal(Suspension suspension, String name, Object value, Checkpoint checkpoint) {
        Objects.requireNonNull(suspension, "suspension");
        Objects.requireNonNull(name, "name");
        if (suspension.isFinished()) {
            throw new IllegalStateException("workflow " + suspension.workflow() + " run " + suspension.id() + " has "
                    + suspension.status().name().toLowerCase() + "; signal '" + name + "' was not delivered");
        }
        List<SignalMessage> inbox = new ArrayList<>(suspension.inbox());
        inbox.add(new SignalMessage(name, value));
        return resume(suspension.withInbox(inbox), checkpoint, suspension, WorkflowObserver.Operation.SIGNAL);
    }

    /** When resuming can next make progress without a signal: a timer's or retry's instant, if any. */
    public Optional<java.time.Instant> wakeUpAt(Suspension suspension) {
        return suspension.isFinished() ? Optional.empty() : Optional.ofNullable(suspension.awaiting().readyAt());
    }

    /** The registered workflows, by name then version. */
    public List<WorkflowSpec> workflows() {
        List<WorkflowSpec> all = new ArrayList<>();
        workflows.values().forEach(versions -> all.addAll(versions.values()));
        all.sort(Comparator.comparing(WorkflowSpec::name).thenComparing(WorkflowSpec::version));
        return all;
    }

    /** The engine's own handlers. */
    public Handlers handlers() {
        return handlers;
    }

    /** The environment workflows may use. */
    public Environment environment() {
        return environment;
    }

    /**
     * The effects registered workflows declare ({@link io.fauxtp.effect.UsesEffects}) or hold requests for that
     * neither the engine's handlers nor {@code ambient} cover: what a startup check reports.
     */
    public List<EffectRequest> unhandledEffects(Handlers ambient) {
        Handlers all = handlers.overriddenBy(ambient);
        List<EffectRequest> missing = new ArrayList<>();
        for (WorkflowSpec spec : workflows()) {
            missing.addAll(Effects.unhandled(spec.definition(), all));
        }
        return missing;
    }

    private WorkflowSpec latest(String workflow) {
        TreeMap<Integer, WorkflowSpec> versions = workflows.get(workflow);
        if (versions == null) {
            throw new IllegalArgumentException("no workflow named '" + workflow + "' is registered (registered: "
                    + workflows.keySet() + ")");
        }
        return versions.lastEntry().getValue();
    }

    private WorkflowSpec spec(String workflow, int version) {
        WorkflowSpec spec = latest(workflow);
        WorkflowSpec exact = workflows.get(workflow).get(version);
        if (exact == null) {
            throw new IllegalArgumentException("workflow '" + workflow + "' version " + version + " is not registered"
                    + " (registered versions: " + workflows.get(workflow).keySet() + "); keep the old version "
                    + "registered until its runs have finished (latest is " + spec + ")");
        }
        return exact;
    }

    /** Collects workflows, handlers, retry policies, the environment and the clock. */
    public static final class Builder {
        private final Map<String, TreeMap<Integer, WorkflowSpec>> workflows = new LinkedHashMap<>();
        private final List<EffectHandler<?>> handlers = new ArrayList<>();
        private final Map<Class<?>, RetryPolicy> retries = new HashMap<>();
        private RetryPolicy defaultRetry = RetryPolicy.NONE;
        private Clock clock = Clock.systemUTC();
        private Environment environment = Environment.empty();
        private Supplier<String> ids = () -> UUID.randomUUID().toString();
        private WorkflowObserver observer;

        private Builder() {
        }

        /** Registers a workflow class annotated with {@link Workflow}. */
        public Builder register(WorkflowDefinition<?, ?> definition) {
            return register(WorkflowSpec.of(definition));
        }

        /** Registers a workflow; several versions of one name may be registered. */
        public Builder register(WorkflowSpec spec) {
            Objects.requireNonNull(spec, "spec");
            WorkflowSpec previous = workflows.computeIfAbsent(spec.name(), n -> new TreeMap<>())
                    .putIfAbsent(spec.version(), spec);
            if (previous != null) {
                throw new IllegalArgumentException("workflow " + spec + " is registered twice");
            }
            return this;
        }

        /** Adds an effect handler. */
        public Builder handler(EffectHandler<?> handler) {
            handlers.add(Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /** Adds every handler of {@code set}. */
        public Builder handlers(Handlers set) {
            handlers.addAll(set.handlers());
            return this;
        }

        /** The retry policy of effects without one of their own ({@link RetryPolicy#NONE} by default). */
        public Builder retry(RetryPolicy policy) {
            defaultRetry = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The retry policy of calls of {@code effect}. */
        public Builder retry(Class<?> effect, RetryPolicy policy) {
            Effects.name(effect);
            retries.put(effect, Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /** The environment workflows may use. */
        public Builder environment(Environment environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /** The clock timers and retries are measured with (the system UTC clock by default). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The hook that sees each step of a run and each effect call in it (none by default); see
         * {@link WorkflowObserver}.
         */
        public Builder observer(WorkflowObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /** How run ids are made (random UUIDs by default). */
        public Builder ids(Supplier<String> ids) {
            this.ids = Objects.requireNonNull(ids, "ids");
            return this;
        }

        /**
         * The engine.
         *
         * @throws IllegalArgumentException when a workflow uses a name the environment lacks (the message names
         *     it), or two handlers conflict
         */
        public WorkflowEngine build() {
            for (TreeMap<Integer, WorkflowSpec> versions : workflows.values()) {
                for (WorkflowSpec spec : versions.values()) {
                    Set<String> missing = environment.missing(spec.uses());
                    if (!missing.isEmpty()) {
                        throw new IllegalArgumentException("workflow " + spec + " uses " + missing + ", which the "
                                + "environment does not hold (it holds " + environment.names() + "); add "
                                + (missing.size() == 1 ? "it" : "them") + " to the environment or remove "
                                + (missing.size() == 1 ? "it" : "them") + " from the workflow's uses");
                    }
                }
            }
            Map<String, Class<?>> names = new HashMap<>();
            for (EffectHandler<?> h : handlers) {
                Class<?> other = names.putIfAbsent(Effects.name(h.effect()), h.effect());
                if (other != null && other != h.effect()) {
                    throw new IllegalArgumentException("effects " + other.getName() + " and " + h.effect().getName()
                            + " are both journaled as '" + Effects.name(h.effect()) + "'; rename one");
                }
            }
            Handlers.of(handlers);   // rejects duplicate ids and two handlers of one effect
            return new WorkflowEngine(this);
        }
    }
}
