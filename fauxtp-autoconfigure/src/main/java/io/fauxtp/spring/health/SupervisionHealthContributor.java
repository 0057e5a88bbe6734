package io.fauxtp.spring.health;

import io.fauxtp.spring.observability.ExitReasonClass;
import io.fauxtp.spring.observability.SupervisionForest;
import io.fauxtp.supervisor.ChildInfo;
import io.fauxtp.supervisor.Restart;
import io.fauxtp.supervisor.SupervisorSnapshot;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code fauxtp} health contributor: a composite per root supervisor, nested as the tree is nested, with a
 * leaf per child and a {@code supervisor} leaf carrying the supervisor's own state.
 *
 * <ul>
 * <li>A supervisor that gave up (exceeded its restart intensity), or a declared root that is not running, is
 * {@code DOWN}.</li>
 * <li>A {@link Restart#PERMANENT permanent} child that is not running is {@code DOWN}; other children that are
 * not running are {@code UP} (they are not meant to run forever).</li>
 * </ul>
 *
 * <p>Details: pid, registered name, the intensity limit and the restarts counted against it (in the current
 * window, and since the supervisor started) for a supervisor; pid, name, status, restart type, restarts (how many
 * times its supervisor restarted it, as in the {@code supervision} endpoint and the
 * {@code fauxtp.supervisor.child.restarts} meter) and the class of the last exit reason (never its
 * message) for a child. Everything is read from published snapshots, so the contributor answers at once even
 * when a child is stuck in a long callback.
 */
public final class SupervisionHealthContributor implements CompositeHealthContributor {

    /** The key of a supervisor's own leaf, unless one of its children already has that id. */
    static final String SUPERVISOR_LEAF = "supervisor";

    private final SupervisionForest forest;

    /**
     * Creates the contributor.
     * @param forest the trees to report on
     */
    public SupervisionHealthContributor(SupervisionForest forest) {
        this.forest = Objects.requireNonNull(forest, "forest");
    }

    @Override
    public @Nullable HealthContributor getContributor(String name) {
        return find(stream(), name);
    }

    @Override
    public Stream<HealthContributors.Entry> stream() {
        return this.forest.roots().stream().map(root -> new HealthContributors.Entry(key(root.key()),
                root.snapshot().<HealthContributor>map(this::supervisor).orElseGet(() -> notRunning(root.key()))));
    }

    private HealthContributor supervisor(SupervisorSnapshot snapshot) {
        return new SupervisorContributor(snapshot);
    }

    private HealthIndicator notRunning(String name) {
        Health.Builder health = Health.down().withDetail("name", name).withDetail("status", "not running");
        this.forest.lastGaveUp(name).ifPresent(up -> health.withDetail("gaveUpAt", up.at().toString())
                .withDetail("maxRestarts", up.maxRestarts())
                .withDetail("within", up.within().toString()));
        Health built = health.build();
        return () -> built;
    }

    private static @Nullable HealthContributor find(Stream<HealthContributors.Entry> entries, String name) {
        return entries.filter(e -> e.name().equals(name)).findFirst().map(HealthContributors.Entry::contributor)
                .orElse(null);
    }

    /** Composite keys must not contain '/' (Boot addresses components by path). */
    private static String key(String name) {
        return name.replace('/', '_');
    }

    /** One supervisor, as it was when its parent was read: a consistent view within one health request. */
    private final class SupervisorContributor implements CompositeHealthContributor {

        private final SupervisorSnapshot snapshot;

        SupervisorContributor(SupervisorSnapshot snapshot) {
            this.snapshot = snapshot;
        }

        @Override
        public @Nullable HealthContributor getContributor(String name) {
            return find(stream(), name);
        }

        @Override
        public Stream<HealthContributors.Entry> stream() {
            String selfKey = SUPERVISOR_LEAF;
            while (this.snapshot.child(selfKey).isPresent()) {
                selfKey = "_" + selfKey;
            }
            Health self = selfHealth();
            Stream<HealthContributors.Entry> own = Stream.of(new HealthContributors.Entry(selfKey, (HealthIndicator) () -> self));
            Stream<HealthContributors.Entry> children = this.snapshot.children().stream()
                    .map(child -> new HealthContributors.Entry(key(child.id()), child(child)));
            return Stream.concat(own, children);
        }

        private HealthContributor child(ChildInfo child) {
            return SupervisionHealthContributor.this.forest.nested(child)
                    .<HealthContributor>map(SupervisorContributor::new)
                    .orElseGet(() -> {
                        Health health = childHealth(child);
                        return (HealthIndicator) () -> health;
                    });
        }

        private Health selfHealth() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("pid", this.snapshot.pid().toString());
            putIfNotNull(details, "name", this.snapshot.name());
            details.put("strategy", lower(this.snapshot.strategy()));
            details.put("restartsInWindow", this.snapshot.restartsInWindow());
            details.put("maxRestarts", this.snapshot.maxRestarts());
            details.put("within", this.snapshot.within().toString());
            details.put("restartsSinceStart", this.snapshot.totalRestarts());
            if (this.snapshot.gaveUp()) {
                details.put("gaveUp", true);
                return Health.down().withDetails(details).build();
            }
            return Health.up().withDetails(details).build();
        }

    }

    private static Health childHealth(ChildInfo child) {
        Map<String, Object> details = new LinkedHashMap<>();
        putIfNotNull(details, "pid", (child.pid() != null) ? child.pid().toString() : null);
        putIfNotNull(details, "name", child.name());
        details.put("type", lower(child.type()));
        details.put("restart", lower(child.restart()));
        details.put("status", lower(child.status()));
        details.put("restarts", child.restartCount());
        putIfNotNull(details, "lastExit", ExitReasonClass.summary(child.lastExitReason()));
        boolean down = !child.isRunning() && child.restart() == Restart.PERMANENT;
        return (down ? Health.down() : Health.up()).withDetails(details).build();
    }

    private static void putIfNotNull(Map<String, Object> details, String key, @Nullable Object value) {
        if (value != null) {
            details.put(key, value);
        }
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

}
