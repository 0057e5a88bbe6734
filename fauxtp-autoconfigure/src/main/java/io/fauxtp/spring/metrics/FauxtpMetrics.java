package io.fauxtp.spring.metrics;

import io.fauxtp.genserver.CallExitException;
import io.fauxtp.genserver.CallTimeoutException;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.NodeEvents;
import io.fauxtp.process.Pid;
import io.fauxtp.process.ProcessInfo;
import io.fauxtp.process.RegistryEvent;
import io.fauxtp.spring.CallObserver;
import io.fauxtp.spring.FauxtpTemplate;
import io.fauxtp.spring.observability.ExitReasonClass;
import io.fauxtp.supervisor.Supervisor;
import io.fauxtp.supervisor.SupervisorEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer metrics of a fauxtp {@link Node}. Tags come from bounded sets only: names through {@link NameTags}
 * (the names the application declared, a limited number of other registered names, then {@value NameTags#OTHER}),
 * reason classes and outcomes; never pids, exception messages or a string a caller made up.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><td>{@code fauxtp.processes}</td><td>gauge</td><td>live processes</td></tr>
 * <tr><td>{@code fauxtp.mailbox.depth}</td><td>gauge</td><td>messages waiting in all mailboxes</td></tr>
 * <tr><td>{@code fauxtp.process.mailbox.depth}</td><td>gauge, {@code name}</td><td>messages waiting for the
 * process registered under {@code name}, for the names the application declared only (never one series per
 * workflow run or other short-lived name); added when the name is registered, removed when it is gone</td></tr>
 * <tr><td>{@code fauxtp.supervisors}</td><td>gauge</td><td>supervisors up (running and not giving up)</td></tr>
 * <tr><td>{@code fauxtp.messages.sent}</td><td>function counter</td><td>messages sent on the node</td></tr>
 * <tr><td>{@code fauxtp.process.exits}</td><td>counter, {@code reason}</td><td>process exits by reason class:
 * {@code normal}, {@code shutdown}, {@code killed}, {@code abnormal}</td></tr>
 * <tr><td>{@code fauxtp.supervisor.child.restarts}</td><td>counter, {@code supervisor}</td><td>children
 * restarted by the supervisor, one per child: what the children's {@code restarts} in the {@code supervision}
 * endpoint and health add up to (a one-for-all restart of three children counts three here and once in the
 * endpoint's {@code intensity.restartsSinceStart})</td></tr>
 * <tr><td>{@code fauxtp.supervisor.child.exits}</td><td>counter, {@code supervisor}, {@code reason}</td>
 * <td>children of the supervisor that exited, by reason class</td></tr>
 * <tr><td>{@code fauxtp.calls}</td><td>timer, {@code name}, {@code outcome}</td><td>calls made through the
 * {@link FauxtpTemplate} (and {@code ServerRef}s), by name tag ({@link NameTags}; {@value #UNNAMED} for a
 * call by pid to a process without a name); outcome {@code success}, {@code timeout}, {@code exit} or
 * {@code error}; only when given a template, which the auto-configuration does only while GenServer requests
 * are not observed (then the call's observation is its timer)</td></tr>
 * </table>
 *
 * <p>Meters that follow processes come from the node's events (registry, supervisors, exits); closing the binder
 * unsubscribes it.
 */
public final class FauxtpMetrics implements MeterBinder, AutoCloseable {

    /** The tag value of a supervisor or server without a registered name. */
    public static final String UNNAMED = "unnamed";

    private final Node node;

    private final @Nullable FauxtpTemplate template;

    private final NameTags names;

    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

    private final List<AutoCloseable> subscriptions = new ArrayList<>();

    /** The per-name mailbox gauges registered in each registry, to remove them when the name is gone. */
    private final Map<String, List<Meter>> mailboxGauges = new HashMap<>();

    private final Object lock = new Object();

    /**
     * Creates the binder.
     * @param node the node to measure
     * @param template the template whose calls are timed, or null to time no calls
     * @param names the values the {@code name} and {@code supervisor} tags may take
     */
    public FauxtpMetrics(Node node, @Nullable FauxtpTemplate template, NameTags names) {
        this.node = Objects.requireNonNull(node, "node");
        this.template = template;
        this.names = Objects.requireNonNull(names, "names");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("fauxtp.processes", this.node, Node::processCount)
                .description("Live processes").baseUnit("processes").register(registry);
        Gauge.builder("fauxtp.mailbox.depth", this, FauxtpMetrics::totalMailboxDepth)
                .description("Messages waiting in all mailboxes").baseUnit("messages").register(registry);
        Gauge.builder("fauxtp.supervisors", this, FauxtpMetrics::supervisorsUp)
                .description("Supervisors running and not giving up").register(registry);
        FunctionCounter.builder("fauxtp.messages.sent", this.node.events(), NodeEvents::messagesSent)
                .description("Messages sent on the node").baseUnit("messages").register(registry);
        for (ExitReasonClass reason : ExitReasonClass.values()) {
            // Present at zero from the start, so dashboards see every class.
            exitCounter(registry, reason);
        }
        synchronized (this.lock) {
            this.registries.add(registry);
            for (String name : this.node.registry().registeredNames()) {
                if (this.names.isDeclared(name)) {
                    registerMailboxGauge(registry, name);
                }
            }
            if (this.subscriptions.isEmpty()) {
                subscribe();
            }
        }
    }

    private void subscribe() {
        this.subscriptions.add(this.node.registry().subscribe(this::onRegistryEvent));
        this.subscriptions.add(this.node.events().subscribe(new NodeEvents.Listener() {
            @Override
            public void processExited(Pid pid, String name, ExitReason reason) {
                ExitReasonClass reasonClass = ExitReasonClass.of(reason);
                FauxtpMetrics.this.registries.forEach(r -> exitCounter(r, reasonClass).increment());
            }
        }));
        this.subscriptions.add(Supervisor.subscribe(this.node, this::onSupervisorEvent));
        if (this.template != null) {
            this.subscriptions.add(this.template.observeCalls(timing()));
        }
    }

    private void onRegistryEvent(RegistryEvent event) {
        synchronized (this.lock) {
            switch (event) {
                case RegistryEvent.Registered registered -> {
                    if (this.names.isDeclared(registered.name())) {
                        this.registries.forEach(r -> registerMailboxGauge(r, registered.name()));
                    }
                }
                case RegistryEvent.Unregistered unregistered -> {
                    List<Meter> gauges = this.mailboxGauges.remove(unregistered.name());
                    if (gauges != null) {
                        for (Meter gauge : gauges) {
                            this.registries.forEach(r -> r.remove(gauge));
                        }
                    }
                }
            }
        }
    }

    private void registerMailboxGauge(MeterRegistry registry, String name) {
        Gauge gauge = Gauge.builder("fauxtp.process.mailbox.depth", this, m -> m.mailboxDepth(name))
                .tags("name", name)
                .description("Messages waiting for the process registered under the name")
                .baseUnit("messages")
                .register(registry);
        this.mailboxGauges.computeIfAbsent(name, n -> new ArrayList<>()).add(gauge);
    }

    private void onSupervisorEvent(SupervisorEvent event) {
        switch (event) {
            case SupervisorEvent.ChildRestarted restarted -> this.registries
                    .forEach(r -> Counter.builder("fauxtp.supervisor.child.restarts")
                            .description("Children restarted by the supervisor")
                            .tags("supervisor", supervisorTag(restarted.supervisor()))
                            .register(r).increment());
            case SupervisorEvent.ChildExited exited -> this.registries
                    .forEach(r -> Counter.builder("fauxtp.supervisor.child.exits")
                            .description("Children of the supervisor that exited, by reason class")
                            .tags(Tags.of("supervisor", supervisorTag(exited.supervisor()), "reason",
                                    ExitReasonClass.of(exited.reason()).tag()))
                            .register(r).increment());
            default -> {
            }
        }
    }

    private CallObserver timing() {
        return (server, elapsed, failure) -> {
            String outcome = switch (failure) {
                case null -> "success";
                case CallTimeoutException timeout -> "timeout";
                case CallExitException exit -> "exit";
                default -> "error";
            };
            String name = (server != null) ? this.names.tag(server) : UNNAMED;
            this.registries.forEach(r -> Timer.builder("fauxtp.calls")
                    .description("Calls made through FauxtpTemplate, by registered name")
                    .tags("name", name, "outcome", outcome)
                    .register(r).record(elapsed));
        };
    }

    private String supervisorTag(Pid supervisor) {
        return this.node.registry().nameOf(supervisor).map(this.names::tag).orElse(UNNAMED);
    }

    private static Counter exitCounter(MeterRegistry registry, ExitReasonClass reason) {
        return Counter.builder("fauxtp.process.exits")
                .description("Process exits by reason class")
                .tags("reason", reason.tag())
                .register(registry);
    }

    private double mailboxDepth(String name) {
        return this.node.registry().whereis(name).flatMap(this.node::info).map(ProcessInfo::mailboxSize)
                .orElse(0);
    }

    private double totalMailboxDepth() {
        long total = 0;
        for (Pid pid : this.node.processes()) {
            total += this.node.info(pid).map(ProcessInfo::mailboxSize).orElse(0);
        }
        return total;
    }

    private double supervisorsUp() {
        return Supervisor.supervisors(this.node).stream().filter(s -> !s.gaveUp()).count();
    }

    /** Stops following the node's events; the meters stay registered but no longer move. */
    @Override
    public void close() {
        synchronized (this.lock) {
            for (AutoCloseable subscription : this.subscriptions.reversed()) {
                try {
                    subscription.close();
                }
                catch (Exception ex) {
                    // Closing a subscription only removes a listener; there is nothing to recover.
                }
            }
            this.subscriptions.clear();
        }
    }

}
