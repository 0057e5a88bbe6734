package io.fauxtp.spring.actuate.endpoint;

import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Pid;
import io.fauxtp.process.ProcessInfo;
import io.fauxtp.spring.observability.ExitReasonClass;
import io.fauxtp.spring.observability.SupervisionForest;
import io.fauxtp.spring.observability.SupervisionForest.ChildLocation;
import io.fauxtp.spring.observability.SupervisionForest.StoppedRoot;
import io.fauxtp.spring.observability.SupervisionForest.SupervisorLocation;
import io.fauxtp.supervisor.ChildInfo;
import io.fauxtp.supervisor.ChildStatus;
import io.fauxtp.supervisor.Supervisor;
import io.fauxtp.supervisor.SupervisorSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.Sanitizer;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code supervision} endpoint: every supervision tree of the node with, per supervisor, its strategy,
 * intensity and children, and per process its pid, registered name, behaviour bean, status, mailbox size,
 * restarts, uptime and last exit reason.
 *
 * <ul>
 * <li>{@code GET /actuator/supervision}: the forest.</li>
 * <li>{@code GET /actuator/supervision/{root}/{child}/...}: one subtree, by the root supervisor's name and child
 * ids.</li>
 * <li>{@code POST /actuator/supervision/{root}/.../{child}}: restarts the child (terminates it first when it
 * runs).</li>
 * <li>{@code DELETE /actuator/supervision/{root}/.../{child}}: terminates the child; its spec is kept, so a POST
 * starts it again.</li>
 * </ul>
 *
 * <p>Reads use the supervisors' published snapshots only. The endpoint's default access is
 * {@link Access#READ_ONLY}: the write operations exist only when an application sets
 * {@code management.endpoint.supervision.access=unrestricted} (or {@code management.endpoints.access.default}),
 * as with Spring Boot's own endpoints; otherwise Boot does not map them (HTTP 405). A GenServer's state is shown only through the behaviour's
 * opt-in {@link io.fauxtp.genserver.GenServer#formatStatus formatStatus}, never by default.
 *
 * <p>Values that may hold application data (the formatted state and the message of an exit reason) are shown as
 * Spring Boot's own endpoints show values: only when {@code management.endpoint.supervision.show-values} allows it
 * ({@code never} by default, {@code when-authorized} for a user in one of
 * {@code management.endpoint.supervision.roles}, or {@code always}), and then through the application's
 * {@link org.springframework.boot.actuate.endpoint.SanitizingFunction SanitizingFunction}s, under the keys
 * {@value #STATE_KEY} and {@value #EXIT_REASON_KEY}. Hidden, a state shows as {@code ******} (the server is not
 * even asked) and an exit reason as its class and exception type only (e.g.
 * {@code abnormal: java.lang.IllegalStateException}).
 */
@Endpoint(id = SupervisionEndpoint.ID, defaultAccess = Access.READ_ONLY)
public class SupervisionEndpoint {

    /** The endpoint id. */
    public static final String ID = "supervision";

    private final SupervisionForest forest;

    /** The key a state view is sanitized under. */
    public static final String STATE_KEY = "state";

    /** The key the full text of an exit reason is sanitized under. */
    public static final String EXIT_REASON_KEY = "lastExitReason";

    private final StateReader stateReader;

    private final Sanitizer sanitizer;

    private final Show showValues;

    private final Set<String> roles;

    private final Clock clock;

    /**
     * Reads the opt-in state view of a GenServer child, or returns null when its behaviour does not offer one.
     */
    public interface StateReader {

        /**
         * @param behaviourBean the name of the child's {@code @GenServer} bean
         * @return whether the behaviour offers a state view at all (answered without asking the server)
         */
        boolean offersState(String behaviourBean);

        /**
         * @param behaviourBean the name of the child's {@code @GenServer} bean
         * @param pid the running child
         * @return the behaviour's {@code formatStatus} view of the state, or null to show nothing
         */
        @Nullable Object state(String behaviourBean, Pid pid);

    }

    /**
     * Creates the endpoint.
     * @param forest the trees it shows
     * @param stateReader reads the opt-in state view of GenServer children
     * @param clock the clock uptimes are measured with
     * @param sanitizer sanitizes the values shown
     * @param showValues when values are shown
     * @param roles the roles that may see values when {@code showValues} is {@link Show#WHEN_AUTHORIZED}
     */
    public SupervisionEndpoint(SupervisionForest forest, StateReader stateReader, Clock clock, Sanitizer sanitizer,
            Show showValues, Set<String> roles) {
        this.forest = Objects.requireNonNull(forest, "forest");
        this.sanitizer = Objects.requireNonNull(sanitizer, "sanitizer");
        this.showValues = Objects.requireNonNull(showValues, "showValues");
        this.roles = Set.copyOf(roles);
        this.stateReader = Objects.requireNonNull(stateReader, "stateReader");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param securityContext who asks (decides whether values are shown)
     * @return every tree of the node
     */
    @ReadOperation
    public ForestDescriptor forest(SecurityContext securityContext) {
        View view = new View(this.clock.instant(), this.showValues.isShown(securityContext, this.roles));
        return new ForestDescriptor(this.forest.roots().stream()
                .map(root -> root.snapshot().map(s -> supervisor(root.key(), s, view))
                        .orElseGet(() -> notRunning(root.key())))
                .toList());
    }

    /**
     * One subtree.
     * @param securityContext who asks (decides whether values are shown)
     * @param path the root supervisor's name, then child ids
     * @return a {@link SupervisorDescriptor} or a {@link ChildDescriptor}; null (404 over HTTP) when the path
     * names nothing
     */
    @ReadOperation
    public @Nullable Object subtree(SecurityContext securityContext,
            @Selector(match = Selector.Match.ALL_REMAINING) String... path) {
        View view = new View(this.clock.instant(), this.showValues.isShown(securityContext, this.roles));
        List<String> steps = List.of(path);
        if (steps.size() > 1) {
            return this.forest.locateChild(steps).map(c -> child(c.parent(), c.child(), view)).orElse(null);
        }
        return this.forest.locate(steps).map(location -> switch (location) {
            case SupervisorLocation s -> supervisor(s.key(), s.snapshot(), view);
            case StoppedRoot r -> notRunning(r.key());
            case ChildLocation c -> null;
        }).orElse(null);
    }

    /**
     * Restarts a child: terminates it when it runs (an orderly {@code shutdown}, not counted towards the
     * supervisor's intensity), then starts it again.
     * @param path the root supervisor's name, then child ids down to the child
     * @return what was done
     * @throws NoSuchChildException when the path names no child
     */
    @WriteOperation
    public OperationResult restart(@Selector(match = Selector.Match.ALL_REMAINING) String... path) {
        ChildLocation target = writableChild(path);
        Pid supervisor = target.parent().pid();
        String id = target.child().id();
        if (target.child().status() == ChildStatus.RUNNING) {
            Supervisor.terminateChild(supervisor, id);
        }
        Pid pid = Supervisor.restartChild(supervisor, id);
        return new OperationResult("restart", String.join("/", path), pid.toString(), "running");
    }

    /**
     * Terminates a child; its spec is kept, so {@link #restart} starts it again.
     * @param path the root supervisor's name, then child ids down to the child
     * @return what was done
     * @throws NoSuchChildException when the path names no child
     */
    @DeleteOperation
    public OperationResult terminate(@Selector(match = Selector.Match.ALL_REMAINING) String... path) {
        ChildLocation target = writableChild(path);
        Supervisor.terminateChild(target.parent().pid(), target.child().id());
        return new OperationResult("terminate", String.join("/", path), null, "terminated");
    }

    private ChildLocation writableChild(String[] path) {
        return this.forest.locateChild(List.of(path)).orElseThrow(() -> new NoSuchChildException(
                "No child at '" + String.join("/", path) + "': give the root supervisor's name, then child ids, "
                        + "e.g. /actuator/supervision/<root>/<child>"));
    }

    private SupervisorDescriptor notRunning(String name) {
        IntensityDescriptor intensity = this.forest.lastGaveUp(name)
                .map(up -> new IntensityDescriptor(up.maxRestarts(), up.within().toString(), null, null))
                .orElse(null);
        String gaveUpAt = this.forest.lastGaveUp(name).map(up -> up.at().toString()).orElse(null);
        return new SupervisorDescriptor(name, null, name, (gaveUpAt != null) ? "gave-up" : "not-running", gaveUpAt,
                null, false, intensity, null, List.of());
    }

    /** One answer's moment and whether it shows values. */
    private record View(Instant now, boolean showValues) {
    }

    private SupervisorDescriptor supervisor(String id, SupervisorSnapshot snapshot, View view) {
        List<ChildDescriptor> children = snapshot.children().stream().map(c -> child(snapshot, c, view)).toList();
        return new SupervisorDescriptor(id, snapshot.pid().toString(), snapshot.name(),
                snapshot.gaveUp() ? "gave-up" : "running", null, lower(snapshot.strategy()), snapshot.dynamic(),
                new IntensityDescriptor(snapshot.maxRestarts(), snapshot.within().toString(),
                        snapshot.restartsInWindow(), snapshot.totalRestarts()),
                mailboxSize(snapshot.pid()), children);
    }

    private ChildDescriptor child(SupervisorSnapshot parent, ChildInfo child, View view) {
        Instant now = view.now();
        Pid pid = child.pid();
        String behaviour = this.forest.behaviourBean(parent, child.id()).orElse(null);
        boolean running = child.isRunning() && pid != null;
        String uptime = (running && child.startedAt() != null)
                ? Duration.between(child.startedAt(), now).truncatedTo(ChronoUnit.MILLIS).toString()
                : null;
        Object state = (running && behaviour != null) ? state(behaviour, pid, view.showValues()) : null;
        SupervisorDescriptor nested = this.forest.nested(child).map(s -> supervisor(child.id(), s, view))
                .orElse(null);
        return new ChildDescriptor(child.id(), lower(child.type()), running ? pid.toString() : null, child.name(),
                behaviour, lower(child.status()), lower(child.restart()), child.restartCount(),
                running ? mailboxSize(pid) : null, (child.startedAt() != null) ? child.startedAt().toString() : null,
                uptime, lastExitReason(child, view.showValues()), state, nested);
    }

    private @Nullable Object state(String behaviour, Pid pid, boolean showValues) {
        if (!showValues) {
            // not even asked: the server's state stays in the server
            return this.stateReader.offersState(behaviour) ? SanitizableData.SANITIZED_VALUE : null;
        }
        Object state = this.stateReader.state(behaviour, pid);
        return (state != null) ? this.sanitizer.sanitize(new SanitizableData(null, STATE_KEY, state), true) : null;
    }

    private @Nullable Integer mailboxSize(Pid pid) {
        return this.forest.node().info(pid).map(ProcessInfo::mailboxSize).orElse(null);
    }

    private @Nullable Object lastExitReason(ChildInfo child, boolean showValues) {
        ExitReason reason = child.lastExitReason();
        if (reason == null) {
            return null;
        }
        if (!showValues || !(reason instanceof ExitReason.Error error)) {
            return ExitReasonClass.summary(reason);
        }
        return this.sanitizer.sanitize(new SanitizableData(null, EXIT_REASON_KEY, "abnormal: " + error.cause()),
                true);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The forest.
     * @param supervisors the root supervisors: declared trees first, then any other
     */
    public record ForestDescriptor(List<SupervisorDescriptor> supervisors) implements OperationResponseBody {
    }

    /**
     * A supervisor.
     * @param id its key: a root's registered name (or pid), or its child id in its parent
     * @param pid its pid, or null when not running
     * @param name its registered name, or null
     * @param status {@code running}, {@code gave-up} (exceeded its intensity: shutting down, or gone) or
     * {@code not-running}
     * @param gaveUpAt when a root that is gone gave up, or null
     * @param strategy its restart strategy
     * @param dynamic whether it is a dynamic supervisor
     * @param intensity its restart intensity and the restarts counted against it
     * @param mailboxSize the messages waiting in its mailbox
     * @param children its children, in start order
     */
    public record SupervisorDescriptor(String id, @Nullable String pid, @Nullable String name, String status,
            @Nullable String gaveUpAt, @Nullable String strategy, boolean dynamic, @Nullable IntensityDescriptor intensity,
            @Nullable Integer mailboxSize, List<ChildDescriptor> children) implements OperationResponseBody {


    }

    /**
     * A restart intensity.
     * @param maxRestarts at most this many restarts...
     * @param within ...within this period (ISO-8601)
     * @param restartsInWindow restarts counted in the current window, or null when the supervisor is gone
     * @param restartsSinceStart restarts counted against the intensity since this instance started, or null when
     * it is gone: one per restart decision (a one-for-all restart of three children counts once, as in OTP) plus
     * one per failed restart attempt. Not the number of children restarted: that is the sum of the children's
     * {@code restarts}, and the {@code fauxtp.supervisor.child.restarts} meter
     */
    public record IntensityDescriptor(int maxRestarts, String within, @Nullable Integer restartsInWindow,
            @Nullable Long restartsSinceStart) {
    }

    /**
     * A child of a supervisor.
     * @param id its child id
     * @param type {@code worker} or {@code supervisor}
     * @param pid its pid, or null when not running
     * @param name its registered name, or null
     * @param behaviour the name of its {@code @GenServer} bean, or null when not a declared GenServer child
     * @param status {@code running}, {@code restarting} or {@code terminated}
     * @param restart its restart type
     * @param restarts how many times its supervisor restarted it (each restart also counts once in the
     * {@code fauxtp.supervisor.child.restarts} meter of its supervisor)
     * @param mailboxSize the messages waiting in its mailbox, or null when not running
     * @param startedAt when the current (or last) instance started, or null
     * @param uptime how long the current instance has run (ISO-8601), or null when not running
     * @param lastExitReason why the last instance exited, or null: its class and exception type, and the exception's
     * message only where values are shown
     * @param state the behaviour's opt-in {@code formatStatus} view of its state ({@code ******} where values are not
     * shown), or null when it offers none
     * @param supervisor the nested supervisor, when this child is one and runs
     */
    public record ChildDescriptor(String id, String type, @Nullable String pid, @Nullable String name,
            @Nullable String behaviour, String status, String restart, int restarts, @Nullable Integer mailboxSize,
            @Nullable String startedAt, @Nullable String uptime, @Nullable Object lastExitReason,
            @Nullable Object state, @Nullable SupervisorDescriptor supervisor) implements OperationResponseBody {
    }

    /**
     * The outcome of a write operation.
     * @param operation {@code restart} or {@code terminate}
     * @param path the child's path
     * @param pid the new instance's pid, or null
     * @param status the child's status afterwards
     */
    public record OperationResult(String operation, String path, @Nullable String pid, String status)
            implements OperationResponseBody {
    }

    /** Thrown by the write operations when the path names no child. */
    public static class NoSuchChildException extends IllegalArgumentException {

        NoSuchChildException(String message) {
            super(message);
        }

    }

}
