package io.fauxtp.spring.autoconfigure;

import io.fauxtp.supervisor.Restart;
import io.fauxtp.supervisor.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code fauxtp.*} configuration: the node, call defaults and the supervision trees.
 *
 * <pre>{@code
 * fauxtp:
 *   supervisors:
 *     counters:
 *       strategy: one-for-one
 *       children:
 *         - name: counter-a
 *           gen-server: counter
 *     root:
 *       children:
 *         - supervisor: counters
 * }</pre>
 *
 * <p>These are the raw bound values; {@link SupervisionModel#from(FauxtpProperties)} checks them and turns them
 * into trees. Per-supervisor and per-child values that are left out take the values under {@code fauxtp.defaults}.
 */
@ConfigurationProperties("fauxtp")
public class FauxtpProperties {

    /**
     * Whether to enable fauxtp's auto-configuration: the node, the registry, the template, the supervision
     * trees and the beans of named children.
     */
    private boolean enabled = true;

    /**
     * Name of the node (the process runtime) of this application context.
     */
    private String nodeName = "fauxtp";

    /**
     * How long a call made through FauxtpTemplate or a named child's ServerRef waits for the reply.
     */
    private Duration callTimeout = Duration.ofSeconds(5);

    /**
     * Values used by every supervisor and child that does not set them.
     */
    private final Defaults defaults = new Defaults();

    /**
     * Supervision trees, by supervisor name, in declaration order. A supervisor named as the child of
     * another is nested; the others are roots and start in declaration order.
     */
    private final Map<String, Supervisor> supervisors = new LinkedHashMap<>();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getNodeName() {
        return this.nodeName;
    }

    public void setNodeName(String nodeName) {
        this.nodeName = nodeName;
    }

    public Duration getCallTimeout() {
        return this.callTimeout;
    }

    public void setCallTimeout(Duration callTimeout) {
        this.callTimeout = callTimeout;
    }

    public Defaults getDefaults() {
        return this.defaults;
    }

    public Map<String, Supervisor> getSupervisors() {
        return this.supervisors;
    }

    /**
     * Defaults for supervisors and children ({@code fauxtp.defaults.*}), as in Erlang/OTP.
     */
    public static class Defaults {

        /**
         * Restart strategy of supervisors: one-for-one, one-for-all or rest-for-one.
         */
        private Strategy strategy = Strategy.ONE_FOR_ONE;

        /**
         * Most restarts a supervisor makes within the 'within' window before it gives up and exits.
         */
        private int maxRestarts = 3;

        /**
         * Window in which a supervisor counts restarts against 'max-restarts'.
         */
        private Duration within = Duration.ofSeconds(5);

        /**
         * Restart type of children: permanent (always restarted), transient (only after an abnormal exit) or
         * temporary (never).
         */
        private Restart restart = Restart.PERMANENT;

        /**
         * How long a GenServer child may take to stop: a duration, 'brutal-kill' or 'infinity'. Nested
         * supervisors always default to 'infinity', as in Erlang/OTP.
         */
        private String shutdown = "5s";

        public Strategy getStrategy() {
            return this.strategy;
        }

        public void setStrategy(Strategy strategy) {
            this.strategy = strategy;
        }

        public int getMaxRestarts() {
            return this.maxRestarts;
        }

        public void setMaxRestarts(int maxRestarts) {
            this.maxRestarts = maxRestarts;
        }

        public Duration getWithin() {
            return this.within;
        }

        public void setWithin(Duration within) {
            this.within = within;
        }

        public Restart getRestart() {
            return this.restart;
        }

        public void setRestart(Restart restart) {
            this.restart = restart;
        }

        public String getShutdown() {
            return this.shutdown;
        }

        public void setShutdown(String shutdown) {
            this.shutdown = shutdown;
        }

    }

    /**
     * One supervisor ({@code fauxtp.supervisors.<name>.*}). Its name is also its registered name.
     */
    public static class Supervisor {

        /**
         * Restart strategy: one-for-one, one-for-all or rest-for-one. Defaults to 'fauxtp.defaults.strategy'.
         */
        private @Nullable Strategy strategy;

        /**
         * Most restarts within 'within' before the supervisor gives up. Defaults to
         * 'fauxtp.defaults.max-restarts'.
         */
        private @Nullable Integer maxRestarts;

        /**
         * Window for 'max-restarts'. Defaults to 'fauxtp.defaults.within'.
         */
        private @Nullable Duration within;

        /**
         * Whether this root tree runs on exactly one member of a cluster (needs fauxtp-cluster-hazelcast and
         * 'fauxtp.cluster.enabled=true'); when that member dies another one starts it.
         */
        private boolean singleton;

        /**
         * Whether this is a dynamic supervisor: it starts with no children and starts children of its 'template'
         * at run time (through its DynamicSupervisorRef bean), restarting them one for one.
         */
        private boolean dynamic;

        /**
         * Most children a dynamic supervisor runs at once, or 0 for no limit.
         */
        private int maxChildren;

        /**
         * What each child of a dynamic supervisor runs: a GenServer child without a name (each child started at
         * run time may be given its own name).
         */
        private @Nullable Child template;

        /**
         * Children, started in this order and stopped in the reverse order.
         */
        private final List<Child> children = new ArrayList<>();

        public boolean isDynamic() {
            return this.dynamic;
        }

        public void setDynamic(boolean dynamic) {
            this.dynamic = dynamic;
        }

        public int getMaxChildren() {
            return this.maxChildren;
        }

        public void setMaxChildren(int maxChildren) {
            this.maxChildren = maxChildren;
        }

        public @Nullable Child getTemplate() {
            return this.template;
        }

        public void setTemplate(@Nullable Child template) {
            this.template = template;
        }

        public boolean isSingleton() {
            return this.singleton;
        }

        public void setSingleton(boolean singleton) {
            this.singleton = singleton;
        }

        public @Nullable Strategy getStrategy() {
            return this.strategy;
        }

        public void setStrategy(@Nullable Strategy strategy) {
            this.strategy = strategy;
        }

        public @Nullable Integer getMaxRestarts() {
            return this.maxRestarts;
        }

        public void setMaxRestarts(@Nullable Integer maxRestarts) {
            this.maxRestarts = maxRestarts;
        }

        public @Nullable Duration getWithin() {
            return this.within;
        }

        public void setWithin(@Nullable Duration within) {
            this.within = within;
        }

        public List<Child> getChildren() {
            return this.children;
        }

    }

    /**
     * One child of a supervisor: either a GenServer bean ({@code gen-server}) or another declared supervisor
     * ({@code supervisor}).
     */
    public static class Child {

        /**
         * Child id, unique within its supervisor. Defaults to the name, else the supervisor, else the GenServer
         * bean name followed by '#' and the child's position.
         */
        private @Nullable String id;

        /**
         * Registered name of a GenServer child. A named child is also a ServerRef bean, injectable with
         * {@code @Qualifier("<name>")}.
         */
        private @Nullable String name;

        /**
         * Bean name of the GenServer behaviour (a @GenServer bean) that this child runs.
         */
        private @Nullable String genServer;

        /**
         * Name of another supervisor under 'fauxtp.supervisors' that this child runs as a nested tree.
         */
        private @Nullable String supervisor;

        /**
         * Restart type: permanent, transient or temporary. Defaults to 'fauxtp.defaults.restart'.
         */
        private @Nullable Restart restart;

        /**
         * How long the child may take to stop: a duration such as 5s, 'brutal-kill' or 'infinity'. Defaults to
         * 'fauxtp.defaults.shutdown' for GenServers and 'infinity' for supervisors.
         */
        private @Nullable String shutdown;

        /**
         * Restart delay that grows on repeated crashes, instead of restarting at once. Not set: no delay.
         */
        private @Nullable Backoff backoff;

        /**
         * Whether a GenServer child traps exits, so that its terminate callback runs when its supervisor stops
         * it (within 'shutdown').
         */
        private boolean trapExit;

        /**
         * Init arguments, passed to the behaviour's init as an unmodifiable map (values are strings, or maps for
         * nested keys). Empty when not set.
         */
        private final Map<String, Object> args = new LinkedHashMap<>();

        public @Nullable String getId() {
            return this.id;
        }

        public void setId(@Nullable String id) {
            this.id = id;
        }

        public @Nullable String getName() {
            return this.name;
        }

        public void setName(@Nullable String name) {
            this.name = name;
        }

        public @Nullable String getGenServer() {
            return this.genServer;
        }

        public void setGenServer(@Nullable String genServer) {
            this.genServer = genServer;
        }

        public @Nullable String getSupervisor() {
            return this.supervisor;
        }

        public void setSupervisor(@Nullable String supervisor) {
            this.supervisor = supervisor;
        }

        public @Nullable Restart getRestart() {
            return this.restart;
        }

        public void setRestart(@Nullable Restart restart) {
            this.restart = restart;
        }

        public @Nullable String getShutdown() {
            return this.shutdown;
        }

        public void setShutdown(@Nullable String shutdown) {
            this.shutdown = shutdown;
        }

        public @Nullable Backoff getBackoff() {
            return this.backoff;
        }

        public void setBackoff(@Nullable Backoff backoff) {
            this.backoff = backoff;
        }

        public boolean isTrapExit() {
            return this.trapExit;
        }

        public void setTrapExit(boolean trapExit) {
            this.trapExit = trapExit;
        }

        public Map<String, Object> getArgs() {
            return this.args;
        }

    }

    /**
     * Restart back-off of a child ({@code backoff.*}): the first restart waits 'initial', each further one twice
     * as long, up to 'max', each spread by 'jitter'.
     */
    public static class Backoff {

        /**
         * Delay before the first restart.
         */
        private @Nullable Duration initial;

        /**
         * Longest delay between restarts.
         */
        private Duration max = Duration.ofSeconds(30);

        /**
         * Random spread of each delay, from 0 (none) to 1 (up to the whole delay).
         */
        private double jitter;

        public @Nullable Duration getInitial() {
            return this.initial;
        }

        public void setInitial(@Nullable Duration initial) {
            this.initial = initial;
        }

        public Duration getMax() {
            return this.max;
        }

        public void setMax(Duration max) {
            this.max = max;
        }

        public double getJitter() {
            return this.jitter;
        }

        public void setJitter(double jitter) {
            this.jitter = jitter;
        }

    }

}
