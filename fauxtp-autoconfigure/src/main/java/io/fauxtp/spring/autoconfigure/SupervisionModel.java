package io.fauxtp.spring.autoconfigure;

import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.DuplicateNameException;
import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.InvalidValueException;
import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.SupervisorCycleException;
import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.UnknownSupervisorException;
import io.fauxtp.supervisor.Backoff;
import io.fauxtp.supervisor.Restart;
import io.fauxtp.supervisor.Shutdown;
import io.fauxtp.supervisor.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;

/**
 * The supervision trees of {@code fauxtp.supervisors}, checked: every value in range, every nested supervisor
 * declared and used at most once, no cycles, registered names and child ids unique. Built from the bound
 * properties by {@link #from(FauxtpProperties)}; GenServer bean names are checked later, against the beans.
 *
 * @param supervisors every declared supervisor, in declaration order
 */
public record SupervisionModel(List<SupervisorDefinition> supervisors) {

    private static final String PREFIX = "fauxtp.supervisors.";

    public SupervisionModel {
        supervisors = List.copyOf(supervisors);
    }

    /**
     * A checked supervisor.
     *
     * @param name the supervisor's name, which is also its registered name
     * @param strategy the restart strategy
     * @param maxRestarts the restart intensity: at most this many restarts...
     * @param within ...in this window
     * @param children the children in start order
     * @param root whether no other supervisor nests this one
     * @param template for a dynamic supervisor, what each child started at run time runs; null for a static one
     * @param maxChildren for a dynamic supervisor, the most children at once, or 0 for no limit
     */
    public record SupervisorDefinition(String name, Strategy strategy, int maxRestarts, Duration within,
            List<ChildDefinition> children, boolean root, @Nullable GenServerChild template, int maxChildren) {

        public SupervisorDefinition {
            children = List.copyOf(children);
        }

        /**
         * A static supervisor.
         * @param name the name
         * @param strategy the restart strategy
         * @param maxRestarts the restart intensity
         * @param within its window
         * @param children the children in start order
         * @param root whether no other supervisor nests this one
         */
        public SupervisorDefinition(String name, Strategy strategy, int maxRestarts, Duration within,
                List<ChildDefinition> children, boolean root) {
            this(name, strategy, maxRestarts, within, children, root, null, 0);
        }

        /** @return whether this is a dynamic supervisor, whose children start at run time from its template */
        public boolean dynamic() {
            return this.template != null;
        }

    }

    /** A checked child: a GenServer bean or a nested supervisor. */
    public sealed interface ChildDefinition {

        /** @return the child id, unique within its supervisor */
        String id();

        /** @return when the child is restarted */
        Restart restart();

        /** @return how the child is stopped */
        Shutdown shutdown();

        /** @return the restart delay, or null to restart at once */
        @Nullable Backoff backoff();

        /** @return the property prefix that declares it, e.g. {@code fauxtp.supervisors.root.children[0]} */
        String property();

    }

    /**
     * A child that runs a GenServer behaviour bean.
     *
     * @param id the child id
     * @param name the registered name, or null for an unnamed child
     * @param genServer the behaviour's bean name
     * @param args the init arguments, unmodifiable, empty when none are declared
     * @param trapExit whether the server traps exits, so that {@code terminate} runs on shutdown
     * @param restart the restart type
     * @param shutdown the shutdown
     * @param backoff the restart delay, or null to restart at once
     * @param property the declaring property prefix
     */
    public record GenServerChild(String id, @Nullable String name, String genServer, Map<String, Object> args,
            boolean trapExit, Restart restart, Shutdown shutdown, @Nullable Backoff backoff, String property)
            implements ChildDefinition {

        public GenServerChild {
            args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
        }

    }

    /**
     * A child that runs another declared supervisor as a nested tree.
     *
     * @param id the child id
     * @param supervisor the nested supervisor's name
     * @param restart the restart type
     * @param shutdown the shutdown
     * @param backoff the restart delay, or null to restart at once
     * @param property the declaring property prefix
     */
    public record SupervisorChild(String id, String supervisor, Restart restart, Shutdown shutdown,
            @Nullable Backoff backoff, String property) implements ChildDefinition {
    }

    /**
     * The roots, the supervisors that no other supervisor nests, in declaration order: the trees to start.
     * @return the roots
     */
    public List<SupervisorDefinition> roots() {
        return this.supervisors.stream().filter(SupervisorDefinition::root).toList();
    }

    /**
     * Finds a declared supervisor.
     * @param name the supervisor name
     * @return the supervisor, or empty when none has that name
     */
    public Optional<SupervisorDefinition> supervisor(String name) {
        return this.supervisors.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * Every GenServer child that has a registered name, in declaration order.
     * @return the named GenServer children
     */
    public List<GenServerChild> namedGenServers() {
        return genServers().stream().filter(c -> c.name() != null).toList();
    }

    /**
     * The names the application declared: every supervisor's and every named child's. Metrics and observations
     * use them as tag values (see {@code NameTags}).
     * @return the declared names
     */
    public java.util.Set<String> declaredNames() {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        this.supervisors.forEach(s -> names.add(s.name()));
        namedGenServers().forEach(c -> names.add(c.name()));
        return names;
    }

    /**
     * Every GenServer child, in declaration order, and the template of every dynamic supervisor.
     * @return the GenServer children and templates
     */
    public List<GenServerChild> genServers() {
        return this.supervisors.stream()
                .flatMap(s -> s.template() != null ? Stream.concat(s.children().stream(), Stream.of(s.template()))
                        : s.children().stream())
                .flatMap(c -> c instanceof GenServerChild g ? Stream.of(g)
                        : Stream.<GenServerChild>empty())
                .toList();
    }

    /**
     * Checks the bound properties and builds the model.
     * @param properties the bound {@code fauxtp.*} properties
     * @return the checked model
     * @throws SupervisionConfigurationException for the first mistake found
     */
    public static SupervisionModel from(FauxtpProperties properties) {
        FauxtpProperties.Defaults defaults = properties.getDefaults();
        checkIntensity("fauxtp.defaults", defaults.getMaxRestarts(), defaults.getWithin());
        Shutdown defaultShutdown = parseShutdown("fauxtp.defaults.shutdown", defaults.getShutdown());

        Map<String, FauxtpProperties.Supervisor> declared = properties.getSupervisors();
        Map<String, String> parentOf = new HashMap<>();
        Map<String, String> nestingProperty = new HashMap<>();
        Map<String, List<String>> registeredNames = new LinkedHashMap<>();
        declared.keySet().forEach(name -> registeredNames
                .computeIfAbsent(name, n -> new ArrayList<>()).add(PREFIX + name));

        Map<String, List<ChildDefinition>> childrenBySupervisor = new LinkedHashMap<>();
        for (Map.Entry<String, FauxtpProperties.Supervisor> entry : declared.entrySet()) {
            String supervisorName = entry.getKey();
            List<ChildDefinition> children = new ArrayList<>();
            Map<String, List<String>> ids = new LinkedHashMap<>();
            List<FauxtpProperties.Child> raw = entry.getValue().getChildren();
            for (int i = 0; i < raw.size(); i++) {
                String property = PREFIX + supervisorName + ".children[" + i + "]";
                ChildDefinition child = child(property, i, raw.get(i), defaults, defaultShutdown);
                if (child instanceof SupervisorChild nested) {
                    if (!declared.containsKey(nested.supervisor())) {
                        throw new UnknownSupervisorException(property + ".supervisor", nested.supervisor(),
                                List.copyOf(declared.keySet()));
                    }
                    String earlier = nestingProperty.putIfAbsent(nested.supervisor(), property + ".supervisor");
                    if (earlier != null) {
                        throw new DuplicateNameException("nested supervisor", nested.supervisor(),
                                List.of(earlier, property + ".supervisor"));
                    }
                    parentOf.put(nested.supervisor(), supervisorName);
                }
                if (child instanceof GenServerChild server && server.name() != null) {
                    registeredNames.computeIfAbsent(server.name(), n -> new ArrayList<>()).add(property + ".name");
                }
                ids.computeIfAbsent(child.id(), k -> new ArrayList<>()).add(property);
                children.add(child);
            }
            ids.forEach((id, where) -> {
                if (where.size() > 1) {
                    throw new DuplicateNameException("child id", id, where);
                }
            });
            childrenBySupervisor.put(supervisorName, children);
        }
        registeredNames.forEach((name, where) -> {
            if (where.size() > 1) {
                throw new DuplicateNameException("registered name", name, where);
            }
        });
        checkNoCycle(declared.keySet(), parentOf, nestingProperty);

        List<SupervisorDefinition> supervisors = new ArrayList<>();
        for (Map.Entry<String, FauxtpProperties.Supervisor> entry : declared.entrySet()) {
            String name = entry.getKey();
            FauxtpProperties.Supervisor raw = entry.getValue();
            int maxRestarts = raw.getMaxRestarts() != null ? raw.getMaxRestarts() : defaults.getMaxRestarts();
            Duration within = raw.getWithin() != null ? raw.getWithin() : defaults.getWithin();
            checkIntensity(PREFIX + name, maxRestarts, within);
            Strategy strategy = raw.getStrategy() != null ? raw.getStrategy() : defaults.getStrategy();
            GenServerChild template = dynamicTemplate(PREFIX + name, raw, defaults, defaultShutdown);
            if (template != null) {
                strategy = Strategy.ONE_FOR_ONE;
            }
            supervisors.add(new SupervisorDefinition(name, strategy, maxRestarts, within,
                    childrenBySupervisor.get(name), !parentOf.containsKey(name), template, raw.getMaxChildren()));
        }
        return new SupervisionModel(supervisors);
    }

    /** The template of a dynamic supervisor, or null for a static one, after checking the keys that go with it. */
    private static @Nullable GenServerChild dynamicTemplate(String prefix, FauxtpProperties.Supervisor raw,
            FauxtpProperties.Defaults defaults, Shutdown defaultShutdown) {
        if (!raw.isDynamic()) {
            if (raw.getTemplate() != null) {
                throw new InvalidValueException(prefix + ".template", "a template",
                        "no 'template' on a static supervisor: set 'dynamic: true' to start children from it at "
                                + "run time, or declare the children under 'children'");
            }
            if (raw.getMaxChildren() != 0) {
                throw new InvalidValueException(prefix + ".max-children", Integer.toString(raw.getMaxChildren()),
                        "no 'max-children' on a static supervisor: set 'dynamic: true', or remove it");
            }
            return null;
        }
        if (!raw.getChildren().isEmpty()) {
            throw new InvalidValueException(prefix + ".children", raw.getChildren().size() + " children",
                    "no 'children' on a dynamic supervisor: it starts empty and its children start at run time "
                            + "from 'template' (through its DynamicSupervisorRef bean)");
        }
        if (raw.getStrategy() != null && raw.getStrategy() != Strategy.ONE_FOR_ONE) {
            throw new InvalidValueException(prefix + ".strategy",
                    raw.getStrategy().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    "one-for-one or nothing: a dynamic supervisor restarts its children one for one");
        }
        if (raw.getMaxChildren() < 0) {
            throw new InvalidValueException(prefix + ".max-children", Integer.toString(raw.getMaxChildren()),
                    "0 (no limit) or a positive number of children");
        }
        FauxtpProperties.Child template = raw.getTemplate();
        String property = prefix + ".template";
        if (template == null) {
            throw new InvalidValueException(property, "",
                    "a template naming the GenServer bean that each child runs (template.gen-server)");
        }
        if (template.getSupervisor() != null) {
            throw new InvalidValueException(property + ".supervisor", template.getSupervisor(),
                    "no 'supervisor' in a template: a dynamic supervisor's children are GenServers "
                            + "(template.gen-server)");
        }
        if (template.getName() != null) {
            throw new InvalidValueException(property + ".name", template.getName(),
                    "no 'name' in a template: many children run it, so give each its name when starting it "
                            + "(DynamicSupervisorRef.startChild(name, args))");
        }
        ChildDefinition child = child(property, 0, template, defaults, defaultShutdown);
        GenServerChild server = (GenServerChild) child;
        // A template's id is the prefix of its children's ids (id#1, id#2...): the bean name unless given.
        String id = template.getId() != null ? server.id() : server.genServer();
        return new GenServerChild(id, null, server.genServer(), server.args(), server.trapExit(), server.restart(),
                server.shutdown(), server.backoff(), property);
    }

    private static ChildDefinition child(String property, int index, FauxtpProperties.Child raw,
            FauxtpProperties.Defaults defaults, Shutdown defaultShutdown) {
        String genServer = trimmed(raw.getGenServer());
        String supervisor = trimmed(raw.getSupervisor());
        if ((genServer == null) == (supervisor == null)) {
            throw new InvalidValueException(property,
                    genServer == null ? "" : "gen-server: " + genServer + ", supervisor: " + supervisor,
                    "exactly one of 'gen-server' (a GenServer bean name) or 'supervisor' (a supervisor declared "
                            + "under fauxtp.supervisors)");
        }
        if (raw.getName() != null && trimmed(raw.getName()) == null) {
            throw new InvalidValueException(property + ".name", raw.getName(), "a non-blank registered name");
        }
        if (raw.getId() != null && trimmed(raw.getId()) == null) {
            throw new InvalidValueException(property + ".id", raw.getId(), "a non-blank child id");
        }
        Restart restart = raw.getRestart() != null ? raw.getRestart() : defaults.getRestart();
        Backoff backoff = raw.getBackoff() != null ? backoff(property + ".backoff", raw.getBackoff()) : null;
        if (supervisor != null) {
            if (raw.getName() != null) {
                throw new InvalidValueException(property + ".name", raw.getName(),
                        "no 'name' on a supervisor child: a nested supervisor is registered under its own name ('"
                                + supervisor + "')");
            }
            if (raw.isTrapExit()) {
                throw new InvalidValueException(property + ".trap-exit", "true",
                        "no 'trap-exit' on a supervisor child: supervisors always trap exits");
            }
            if (!raw.getArgs().isEmpty()) {
                throw new InvalidValueException(property + ".args", raw.getArgs().toString(),
                        "no 'args' on a supervisor child: only GenServer children have init arguments");
            }
            Shutdown shutdown = raw.getShutdown() != null ? parseShutdown(property + ".shutdown", raw.getShutdown())
                    : Shutdown.infinity();
            String id = raw.getId() != null ? raw.getId().strip() : supervisor;
            return new SupervisorChild(id, supervisor, restart, shutdown, backoff, property);
        }
        Shutdown shutdown = raw.getShutdown() != null ? parseShutdown(property + ".shutdown", raw.getShutdown())
                : defaultShutdown;
        String name = trimmed(raw.getName());
        String id = raw.getId() != null ? raw.getId().strip() : name != null ? name : genServer + "#" + (index + 1);
        return new GenServerChild(id, name, genServer, asStrings(raw.getArgs()), raw.isTrapExit(), restart, shutdown,
                backoff, property);
    }

    /**
     * YAML gives numbers and booleans, environment variables and command-line arguments give strings: make every
     * scalar a string so that init sees the same arguments wherever they were set.
     */
    private static Map<String, Object> asStrings(Map<String, Object> args) {
        Map<String, Object> strings = new LinkedHashMap<>();
        args.forEach((key, value) -> strings.put(key, value instanceof Map<?, ?> nested
                ? Collections.unmodifiableMap(asStrings(castToStringKeys(nested))) : String.valueOf(value)));
        return strings;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castToStringKeys(Map<?, ?> nested) {
        // The binder builds nested maps of Map<String, Object> for Map<String, Object> properties.
        return (Map<String, Object>) nested;
    }

    private static Backoff backoff(String prefix, FauxtpProperties.Backoff raw) {
        Duration initial = raw.getInitial();
        if (initial == null || initial.isNegative() || initial.isZero()) {
            throw new InvalidValueException(prefix + ".initial", initial == null ? "" : initial.toString(),
                    "a positive duration such as 100ms: the delay before the first restart");
        }
        if (raw.getMax().compareTo(initial) < 0) {
            throw new InvalidValueException(prefix + ".max", raw.getMax().toString(),
                    "a duration of at least backoff.initial (" + initial + ")");
        }
        if (!(raw.getJitter() >= 0.0 && raw.getJitter() <= 1.0)) {
            throw new InvalidValueException(prefix + ".jitter", Double.toString(raw.getJitter()),
                    "a number from 0 (no spread) to 1");
        }
        return new Backoff(initial, raw.getMax(), raw.getJitter());
    }

    private static void checkIntensity(String prefix, int maxRestarts, Duration within) {
        if (maxRestarts < 0) {
            throw new InvalidValueException(prefix + ".max-restarts", Integer.toString(maxRestarts),
                    "zero or a positive number of restarts");
        }
        if (within.isNegative() || within.isZero()) {
            throw new InvalidValueException(prefix + ".within", within.toString(),
                    "a positive duration such as 5s or 500ms");
        }
    }

    /**
     * Parses a shutdown value: {@code brutal-kill}, {@code infinity}, or a positive duration.
     * @param property the property, for the error
     * @param value the value as written
     * @return the shutdown
     * @throws InvalidValueException when the value is none of these
     */
    static Shutdown parseShutdown(String property, String value) {
        String expected = "a positive duration such as 5s or 500ms, 'brutal-kill' (kill at once) or 'infinity'";
        String normalised = value.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        switch (normalised) {
            case "brutal-kill" -> {
                return Shutdown.brutalKill();
            }
            case "infinity" -> {
                return Shutdown.infinity();
            }
            default -> {
                Duration timeout;
                try {
                    timeout = DurationStyle.detectAndParse(normalised);
                }
                catch (IllegalArgumentException ex) {
                    throw new InvalidValueException(property, value, expected);
                }
                if (timeout.isNegative() || timeout.isZero()) {
                    throw new InvalidValueException(property, value, expected);
                }
                return Shutdown.timeout(timeout);
            }
        }
    }

    private static void checkNoCycle(Set<String> supervisors, Map<String, String> parentOf,
            Map<String, String> nestingProperty) {
        // Each supervisor has at most one parent here, so a cycle is a walk up the parents that comes back.
        Set<String> cleared = new HashSet<>();
        for (String start : supervisors) {
            List<String> path = new ArrayList<>();
            String current = start;
            while (current != null && !cleared.contains(current)) {
                int seen = path.indexOf(current);
                if (seen >= 0) {
                    // path runs child -> parent; show it parent -> child, starting where the walk came back.
                    List<String> cycle = new ArrayList<>(path.subList(seen, path.size()).reversed());
                    Collections.rotate(cycle, -cycle.indexOf(current));
                    cycle.add(current);
                    throw new SupervisorCycleException(nestingProperty.get(current), cycle);
                }
                path.add(current);
                current = parentOf.get(current);
            }
            cleared.addAll(path);
        }
    }

    private static @Nullable String trimmed(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

}
