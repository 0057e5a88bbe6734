package io.fauxtp.spring.autoconfigure;

import io.fauxtp.genserver.GenServer;
import io.fauxtp.genserver.StartOptions;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.spring.autoconfigure.SupervisionModel.ChildDefinition;
import io.fauxtp.spring.autoconfigure.SupervisionModel.GenServerChild;
import io.fauxtp.spring.autoconfigure.SupervisionModel.SupervisorChild;
import io.fauxtp.spring.autoconfigure.SupervisionModel.SupervisorDefinition;
import io.fauxtp.spring.DynamicSupervisorRef;
import io.fauxtp.spring.FauxtpTemplate;
import io.fauxtp.supervisor.ChildSpec;
import io.fauxtp.supervisor.ChildStartException;
import io.fauxtp.supervisor.DynamicSupervisor;
import io.fauxtp.supervisor.DynamicSupervisorSpec;
import io.fauxtp.supervisor.Supervisor;
import io.fauxtp.supervisor.SupervisorEvent;
import io.fauxtp.supervisor.SupervisorSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the root supervision trees once the application context is refreshed, in declaration order, and stops
 * them in reverse order when it closes.
 *
 * <p>It runs in {@link #PHASE}, below the web server's phases: the trees are up before the server takes
 * requests, and stop only after the server has drained in-flight requests and stopped, and before task
 * executors (phase {@code Integer.MAX_VALUE / 2}) stop. Stopping takes at most the shutdown budget
 * ({@code spring.lifecycle.timeout-per-shutdown-phase}); trees still running then are killed. The node, closed
 * when the context is destroyed, ends whatever is left.
 *
 * <p>A root tree that gives up (more restarts than its intensity allows) is gone for good, as an OTP
 * application whose top supervisor exited: the lifecycle then publishes {@link LivenessState#BROKEN}.
 */
public final class FauxtpLifecycle implements SmartLifecycle {

    /**
     * The lifecycle phase: {@code WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1024}, the value
     * Spring Boot's own guidance suggests for runtimes that requests depend on.
     */
    public static final int PHASE = Integer.MAX_VALUE - 3 * 1024;

    private static final Log logger = LogFactory.getLog(FauxtpLifecycle.class);

    private final Node node;

    private final SupervisionModel model;

    private final Map<String, GenServer<?>> behaviours;

    private final Duration shutdownBudget;

    private final ApplicationEventPublisher events;

    private final Object lock = new Object();

    private final List<StartedTree> started = new ArrayList<>();

    private final Set<String> singletonTrees;

    private final @Nullable SingletonTreeHost singletonHost;

    private final List<AutoCloseable> hostedSingletons = new ArrayList<>();

    private volatile boolean running;

    private final Map<String, Object> typedArgs;

    private record StartedTree(String name, Pid pid, AutoCloseable subscription) {
    }

    /**
     * Creates the lifecycle.
     * @param node the node the trees run on
     * @param model the checked trees
     * @param behaviours the GenServer beans by bean name, covering every {@code gen-server} of the model
     * @param shutdownBudget the most time stopping all trees may take
     * @param events where to publish {@link LivenessState#BROKEN} when a root tree gives up
     */
    public FauxtpLifecycle(Node node, SupervisionModel model, Map<String, GenServer<?>> behaviours,
            Duration shutdownBudget, ApplicationEventPublisher events) {
        this(node, model, behaviours, shutdownBudget, events, Set.of(), null);
    }

    /**
     * Creates the lifecycle with singleton trees.
     * @param node the node the trees run on
     * @param model the checked trees
     * @param behaviours the GenServer beans by bean name, covering every {@code gen-server} of the model
     * @param shutdownBudget the most time stopping all trees may take
     * @param events where to publish {@link LivenessState#BROKEN} when a root tree gives up
     * @param singletonTrees names of root trees that run on one member of a cluster only
     * @param singletonHost what runs them (from a cluster module), or null when there is none
     */
    public FauxtpLifecycle(Node node, SupervisionModel model, Map<String, GenServer<?>> behaviours,
            Duration shutdownBudget, ApplicationEventPublisher events, Set<String> singletonTrees,
            @Nullable SingletonTreeHost singletonHost) {
        this(node, model, behaviours, shutdownBudget, events, singletonTrees, singletonHost, Map.of());
    }

    /**
     * Creates the lifecycle with singleton trees and typed init arguments.
     * @param node the node the trees run on
     * @param model the checked trees
     * @param behaviours the GenServer beans by bean name, covering every {@code gen-server} of the model
     * @param shutdownBudget the most time stopping all trees may take
     * @param events where to publish {@link LivenessState#BROKEN} when a root tree gives up
     * @param singletonTrees names of root trees that run on one member of a cluster only
     * @param singletonHost what runs them (from a cluster module), or null when there is none
     * @param typedArgs init arguments bound to a GenServer's declared args type, by the child's declaring
     * property; children not in it get their {@code args} as a map of strings
     */
    public FauxtpLifecycle(Node node, SupervisionModel model, Map<String, GenServer<?>> behaviours,
            Duration shutdownBudget, ApplicationEventPublisher events, Set<String> singletonTrees,
            @Nullable SingletonTreeHost singletonHost, Map<String, Object> typedArgs) {
        this.typedArgs = Map.copyOf(typedArgs);
        this.node = node;
        this.model = model;
        this.behaviours = Map.copyOf(behaviours);
        this.shutdownBudget = shutdownBudget;
        this.events = events;
        this.singletonTrees = Set.copyOf(singletonTrees);
        this.singletonHost = singletonHost;
        List<String> roots = model.roots().stream().map(SupervisorDefinition::name).toList();
        for (String name : this.singletonTrees) {
            if (!roots.contains(name)) {
                throw new IllegalArgumentException("fauxtp.supervisors." + name + ".singleton is true, but '" + name
                        + "' is not a root tree (it is nested in another supervisor or not declared); mark its root "
                        + "supervisor as singleton instead");
            }
        }
    }

    @Override
    public void start() {
        synchronized (this.lock) {
            if (this.running) {
                return;
            }
            for (SupervisorDefinition root : this.model.roots()) {
                if (this.singletonTrees.contains(root.name())) {
                    hostSingleton(root);
                    continue;
                }
                Pid pid;
                try {
                    pid = startTree(this.node, root);
                }
                catch (RuntimeException ex) {
                    stopStarted();
                    throw startFailure(root, ex);
                }
                this.started.add(new StartedTree(root.name(), pid, watch(root, pid)));
            }
            this.running = true;
            if (logger.isInfoEnabled() && !this.started.isEmpty()) {
                logger.info("Started supervision trees " + runningTrees() + " on node " + this.node.name());
            }
        }
    }

    @Override
    public void stop() {
        synchronized (this.lock) {
            this.running = false;
            stopStarted();
        }
    }

    @Override
    public void stop(Runnable callback) {
        // Stopping waits for children's shutdown timeouts: do it off the caller so other beans in the phase
        // can stop at the same time, and report back through the callback.
        Thread.ofVirtual().name("fauxtp-shutdown").start(() -> {
            try {
                stop();
            }
            finally {
                callback.run();
            }
        });
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** @return the names of the root trees this lifecycle started and has not stopped, in start order */
    public List<String> runningTrees() {
        synchronized (this.lock) {
            return this.started.stream().map(StartedTree::name).toList();
        }
    }

    /**
     * A root that exceeds its restart intensity exits for good: as when an OTP application's top supervisor dies,
     * the application is no longer whole, so report it as broken (a liveness probe then restarts it).
     */
    private AutoCloseable watch(SupervisorDefinition root, Pid pid) {
        try {
            return Supervisor.subscribe(pid, event -> {
                if (event instanceof SupervisorEvent.SupervisorGaveUp gaveUp && gaveUp.supervisor().equals(pid)) {
                    logger.error("Supervision tree '%s' gave up after more than %d restarts within %s (%s); its "
                            .formatted(root.name(), gaveUp.maxRestarts(), DurationStyle.SIMPLE.print(gaveUp.within()),
                                    gaveUp.reason())
                            + "processes are gone, so the application's liveness is now BROKEN");
                    AvailabilityChangeEvent.publish(this.events, this, LivenessState.BROKEN);
                }
            });
        }
        catch (IllegalArgumentException ex) {
            // Already gone between its start and now: nothing left to watch.
            return () -> {
            };
        }
    }

    /**
     * Names the child that failed by the property that declares it: each supervisor on the way down wraps the
     * failure of its child in a {@link ChildStartException} carrying that child's id.
     */
    private SupervisionStartException startFailure(SupervisorDefinition root, RuntimeException failure) {
        SupervisorDefinition current = root;
        ChildDefinition failed = null;
        for (Throwable cause = failure; cause != null && current != null; cause = cause.getCause()) {
            if (cause instanceof ChildStartException start) {
                String id = start.childId();
                SupervisorDefinition in = current;
                ChildDefinition child = in.children().stream().filter(c -> c.id().equals(id)).findFirst()
                        .orElse(null);
                if (child != null) {
                    failed = child;
                    current = child instanceof SupervisorChild nested
                            ? this.model.supervisor(nested.supervisor()).orElse(null) : null;
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        if (failed == null) {
            return new SupervisionStartException(root.name(), failure);
        }
        return new SupervisionStartException(root.name(), failed.property(),
                failed instanceof GenServerChild server ? server.genServer() : null, failure);
    }

    private void hostSingleton(SupervisorDefinition root) {
        if (this.singletonHost == null) {
            stopStarted();
            throw new SupervisionStartException(root.name(), new IllegalStateException("fauxtp.supervisors."
                    + root.name() + ".singleton is true but no cluster is configured: add fauxtp-cluster-hazelcast "
                    + "and set fauxtp.cluster.enabled=true, or remove 'singleton'"));
        }
        this.hostedSingletons.add(this.singletonHost.host(root.name(), node -> startTree(node, root)));
    }

    private void stopStarted() {
        for (AutoCloseable hosted : this.hostedSingletons.reversed()) {
            closeQuietly(hosted);
        }
        this.hostedSingletons.clear();
        // Keep a tenth of the budget for killing what overran, so the lifecycle processor never waits in vain.
        long deadline = System.nanoTime() + this.shutdownBudget.toNanos() / 10 * 9;
        for (StartedTree tree : this.started.reversed()) {
            closeQuietly(tree.subscription());
            stopWithin(tree, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        this.started.clear();
    }

    private void stopWithin(StartedTree tree, Duration remaining) {
        Thread stopper = Thread.ofVirtual().name("fauxtp-stop-" + tree.name()).start(() -> {
            try {
                Supervisor.stop(tree.pid());
            }
            catch (RuntimeException ex) {
                logger.debug("Supervision tree '" + tree.name() + "' was already gone", ex);
            }
        });
        try {
            if (!stopper.join(remaining.isZero() ? Duration.ofMillis(1) : remaining)) {
                logger.warn("Supervision tree '" + tree.name() + "' did not stop within the shutdown budget "
                        + "(spring.lifecycle.timeout-per-shutdown-phase); killing it");
                this.node.exit(tree.pid(), ExitReason.KILL);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            this.node.exit(tree.pid(), ExitReason.KILL);
        }
    }

    private static void closeQuietly(AutoCloseable subscription) {
        try {
            subscription.close();
        }
        catch (Exception ex) {
            logger.debug("Could not close a supervisor subscription", ex);
        }
    }

    private Pid startTree(Node on, SupervisorDefinition root) {
        return root.dynamic() ? DynamicSupervisor.start(on, dynamicSpec(root), root.name())
                : Supervisor.start(on, spec(root), root.name());
    }

    /**
     * A handle on a dynamic supervisor's children; the bean registered for each dynamic supervisor.
     * @param name the dynamic supervisor's name
     * @param template the template that carries calls to named children
     * @return the handle
     * @throws IllegalArgumentException when no dynamic supervisor has that name
     */
    public DynamicSupervisorRef dynamicSupervisor(String name, FauxtpTemplate template) {
        SupervisorDefinition supervisor = this.model.supervisor(name)
                .filter(SupervisorDefinition::dynamic)
                .orElseThrow(() -> new IllegalArgumentException("no dynamic supervisor named '" + name + "'"));
        GenServerChild childTemplate = supervisor.template();
        return new DynamicSupervisorRef(name, this.node, template,
                args -> templateSpec(childTemplate, args != null ? args : args(childTemplate)));
    }

    private Object args(GenServerChild child) {
        return this.typedArgs.getOrDefault(child.property(), child.args());
    }

    private DynamicSupervisorSpec dynamicSpec(SupervisorDefinition supervisor) {
        GenServerChild template = supervisor.template();
        return new DynamicSupervisorSpec(templateSpec(template, args(template)), supervisor.maxRestarts(),
                supervisor.within(), supervisor.maxChildren());
    }

    private ChildSpec templateSpec(GenServerChild template, Object args) {
        ChildSpec spec = ChildSpec.genServer(template.id(), this.behaviours.get(template.genServer()), args,
                StartOptions.defaults().withTrapExit(template.trapExit()))
                .withRestart(template.restart())
                .withShutdown(template.shutdown());
        return template.backoff() != null ? spec.withBackoff(template.backoff()) : spec;
    }

    private SupervisorSpec spec(SupervisorDefinition supervisor) {
        List<ChildSpec> children = supervisor.children().stream().map(this::childSpec).toList();
        return new SupervisorSpec(supervisor.strategy(), supervisor.maxRestarts(), supervisor.within(), children);
    }

    private ChildSpec childSpec(ChildDefinition child) {
        ChildSpec spec = switch (child) {
            case GenServerChild server -> {
                ChildSpec worker = ChildSpec.genServer(server.id(), this.behaviours.get(server.genServer()),
                        args(server), StartOptions.defaults().withTrapExit(server.trapExit()))
                        .withRestart(server.restart())
                        .withShutdown(server.shutdown());
                yield server.name() != null ? worker.withName(server.name()) : worker;
            }
            case SupervisorChild nested -> nestedSpec(nested.id(),
                    this.model.supervisor(nested.supervisor()).orElseThrow())
                    .withRestart(nested.restart())
                    .withShutdown(nested.shutdown())
                    .withName(nested.supervisor());
        };
        return child.backoff() != null ? spec.withBackoff(child.backoff()) : spec;
    }

    private ChildSpec nestedSpec(String id, SupervisorDefinition supervisor) {
        return supervisor.dynamic() ? ChildSpec.dynamicSupervisor(id, dynamicSpec(supervisor))
                : ChildSpec.supervisor(id, spec(supervisor));
    }

}
