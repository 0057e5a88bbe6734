package io.fauxtp.spring.observation;

import io.fauxtp.genserver.GenServer;
import io.fauxtp.genserver.RequestObserver;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.spring.metrics.NameTags;
import io.fauxtp.spring.observation.GenServerRequestContext.Side;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Observes every GenServer call and cast of a node with Micrometer {@link Observation}s, and carries the sender's
 * context into the server: the thread-locals that Micrometer's context-propagation library knows (the current
 * observation, and through it the trace context) and the MDC are captured when a request is sent and restored
 * around {@code handleCall}/{@code handleCast}, where the server's own observation is a child of the sender's.
 *
 * <p>While the registry has no handlers ({@link ObservationRegistry#isNoop()}), nothing is captured or carried.
 */
public final class GenServerObservations implements RequestObserver, AutoCloseable {

    private static final GenServerObservationConvention DEFAULT = new DefaultGenServerObservationConvention();

    private final Node node;

    private final ObservationRegistry registry;

    private final @Nullable GenServerObservationConvention convention;

    private final NameTags names;

    private final ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();

    private final AutoCloseable registration;

    /**
     * Starts observing the node's requests.
     * @param node the node
     * @param registry where observations go
     * @param convention the application's convention, or null for {@link DefaultGenServerObservationConvention}
     * @param names the values of the {@code fauxtp.server} key
     */
    public GenServerObservations(Node node, ObservationRegistry registry,
            @Nullable GenServerObservationConvention convention, NameTags names) {
        this.node = Objects.requireNonNull(node, "node");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.convention = convention;
        this.names = Objects.requireNonNull(names, "names");
        this.registration = GenServer.observeRequests(node, this);
    }

    /** What travels with a request: the sender's observation, thread-locals and MDC. */
    private record Carried(Observation observation, ContextSnapshot snapshot, @Nullable Map<String, String> mdc,
            String server, Class<?> requestType) {
    }

    @Override
    public @Nullable Object sending(Kind kind, Pid server, Object request) {
        if (this.registry.isNoop()) {
            return null;
        }
        String name = this.node.registry().nameOf(server).map(this.names::tag).orElse("unnamed");
        GenServerRequestContext context = new GenServerRequestContext(Side.SEND, kind, name, request.getClass());
        Observation observation = Observation.createNotStarted(this.convention, DEFAULT, () -> context,
                this.registry).start();
        ContextSnapshot snapshot;
        try (Observation.Scope scope = observation.openScope()) {
            snapshot = this.snapshots.captureAll();
        }
        return new Carried(observation, snapshot, MDC.getCopyOfContextMap(), name, request.getClass());
    }

    @Override
    public void ended(Object context, @Nullable Throwable failure) {
        Observation observation = ((Carried) context).observation();
        if (failure != null) {
            observation.error(failure);
        }
        observation.stop();
    }

    @Override
    public Handling handling(Object context, Kind kind, Pid server, Object request) {
        Carried carried = (Carried) context;
        ContextSnapshot.Scope restored = carried.snapshot().setThreadLocals();
        Map<String, String> previousMdc = MDC.getCopyOfContextMap();
        setMdc(carried.mdc());
        GenServerRequestContext handlingContext = new GenServerRequestContext(Side.HANDLE, kind, carried.server(),
                carried.requestType());
        Observation observation = Observation.createNotStarted(this.convention, DEFAULT, () -> handlingContext,
                this.registry).parentObservation(carried.observation()).start();
        Observation.Scope scope = observation.openScope();
        return new Handling() {

            @Override
            public void failed(Throwable failure) {
                observation.error(failure);
            }

            @Override
            public void close() {
                scope.close();
                observation.stop();
                setMdc(previousMdc);
                restored.close();
            }

        };
    }

    private static void setMdc(@Nullable Map<String, String> mdc) {
        if (mdc == null) {
            MDC.clear();
        }
        else {
            MDC.setContextMap(mdc);
        }
    }

    /** Stops observing the node's requests. */
    @Override
    public void close() throws Exception {
        this.registration.close();
    }

}
