package io.fauxtp.spring.observation;

import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.spring.metrics.NameTags;
import io.fauxtp.supervisor.RestartObserver;
import io.fauxtp.supervisor.Strategy;
import io.fauxtp.supervisor.Supervisor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Observes every restart decision of the supervisors of a node with a Micrometer {@link Observation}
 * ({@link DefaultSupervisorRestartObservationConvention}). A restart is caused by an exit, not by a request, so
 * its observation has no parent: it starts a trace of its own. While the registry has no handlers
 * ({@link ObservationRegistry#isNoop()}), nothing is created.
 */
public final class SupervisorRestartObservations implements RestartObserver, AutoCloseable {

    private static final SupervisorRestartObservationConvention DEFAULT =
            new DefaultSupervisorRestartObservationConvention();

    private final Node node;

    private final ObservationRegistry registry;

    private final @Nullable SupervisorRestartObservationConvention convention;

    private final NameTags names;

    private final AutoCloseable registration;

    /**
     * Starts observing the restarts of the node's supervisors.
     * @param node the node
     * @param registry where observations go
     * @param convention the application's convention, or null for
     * {@link DefaultSupervisorRestartObservationConvention}
     * @param names the values of the {@code fauxtp.supervisor} key
     */
    public SupervisorRestartObservations(Node node, ObservationRegistry registry,
            @Nullable SupervisorRestartObservationConvention convention, NameTags names) {
        this.node = Objects.requireNonNull(node, "node");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.convention = convention;
        this.names = Objects.requireNonNull(names, "names");
        this.registration = Supervisor.observeRestarts(node, this);
    }

    @Override
    public @Nullable Object restarting(Pid supervisor, Strategy strategy, String childId,
            @Nullable ExitReason reason) {
        if (this.registry.isNoop()) {
            return null;
        }
        String name = this.node.registry().nameOf(supervisor).map(this.names::tag).orElse("unnamed");
        SupervisorRestartContext context = new SupervisorRestartContext(name, strategy, childId, reason);
        return Observation.createNotStarted(this.convention, DEFAULT, () -> context, this.registry).start();
    }

    @Override
    public void ended(Object context, Outcome outcome, @Nullable Throwable failure) {
        Observation observation = (Observation) context;
        ((SupervisorRestartContext) observation.getContext()).outcome(outcome);
        if (failure != null) {
            observation.error(failure);
        }
        observation.stop();
    }

    /** Stops observing the node's restarts. */
    @Override
    public void close() throws Exception {
        this.registration.close();
    }

}
