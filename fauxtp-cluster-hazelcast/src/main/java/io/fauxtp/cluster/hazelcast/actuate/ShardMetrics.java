package io.fauxtp.cluster.hazelcast.actuate;

import io.fauxtp.cluster.hazelcast.ShardRegion;
import io.fauxtp.cluster.hazelcast.ShardRegions;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;

/**
 * Micrometer meters of this member's sharded types, tagged with the type only (the configured types and the
 * workflow runs' {@code fauxtp.workflows}, so the tags are bounded): {@code fauxtp.shards.owned} (shards whose
 * lease this member holds), {@code fauxtp.shards.entities} (entities running here; for the workflow runs, the runs
 * whose process runs here), and the counters {@code fauxtp.shards.handoffs} (shards handed to another member) and
 * {@code fauxtp.shards.takeovers} (shards taken from another member).
 */
public final class ShardMetrics implements MeterBinder {

    private final List<ShardRegion> regions;

    /** The meters of the types of {@code regions}. */
    public ShardMetrics(ShardRegions regions) {
        this(regions.regions());
    }

    /** The meters of {@code regions}' types (a workflow runs' region among them). */
    public ShardMetrics(List<ShardRegion> regions) {
        this.regions = List.copyOf(regions);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ShardRegion region : regions) {
            String type = region.type();
            Gauge.builder("fauxtp.shards.owned", region, r -> r.stats().shards())
                    .description("Shards of the type whose lease this member holds").tag("type", type)
                    .register(registry);
            Gauge.builder("fauxtp.shards.entities", region, r -> r.stats().entities())
                    .description("Entities of the type running on this member").tag("type", type)
                    .register(registry);
            FunctionCounter.builder("fauxtp.shards.handoffs", region, r -> r.stats().handoffs())
                    .description("Shards of the type this member handed to another member").tag("type", type)
                    .register(registry);
            FunctionCounter.builder("fauxtp.shards.takeovers", region, r -> r.stats().takeovers())
                    .description("Shards of the type this member took from another member").tag("type", type)
                    .register(registry);
        }
    }
}
