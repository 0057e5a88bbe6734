package io.fauxtp.cluster.hazelcast;

import io.fauxtp.cluster.hazelcast.internal.Wire;
import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.CastResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.Down;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Pid;
import io.fauxtp.process.ProcessContext;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The region process of one sharded type on one member: every request for an entity of the type that this member
 * is asked to handle passes through it, one at a time, so the order in which it passes them on is the order in
 * which they arrived. It keeps the requests of a shard whose lease is not held yet (in order), starts entities on
 * their first request, passivates idle ones, and stops a shard's entities when the shard moves away. The lease
 * keeper of {@link ShardRegion} tells it what it holds ({@link Acquired}, {@link HandOff}, {@link Lost}).
 */
final class ShardRegionServer implements GenServer<ShardRegionServer.State> {

    private static final System.Logger LOG = System.getLogger("io.fauxtp.cluster.shards");

    /** This member took the lease of {@code shard} with {@code token}: run it, and what waited for it. */
    record Acquired(int shard, long token) {}

    /** {@code shard} belongs to another member now: stop its entities in order, then tell the keeper. */
    record HandOff(int shard) {}

    /** This member no longer holds the lease of {@code shard}: kill its entities at once. */
    record Lost(int shard) {}

    /** Time to look for idle entities. */
    enum Tick { TICK }

    /**
     * Start, with {@code request}, each of {@code entityIds} that has no process here while this member runs its
     * shard (the others are left alone): entities that must run without a message, whose process stopped.
     */
    record StartMissing(List<String> entityIds, Object request) {}

    private enum Phase { WAITING, ACTIVE, HANDING_OFF }

    /** A request for an entity: a call when {@code from} is set, a cast otherwise. */
    private record Delivery(String entityId, Object request, From from, long hops) {}

    private record Running(int shard, String entityId) {}

    private static final class Shard {
        final int id;
        Phase phase;
        long token;
        final ArrayDeque<Delivery> buffer = new ArrayDeque<>();
        final Map<String, Pid> entities = new HashMap<>();
        final Map<String, Long> lastUsed = new HashMap<>();
        /** Entities asked to stop, with the requests that came for them meanwhile (run by a new one after). */
        final Map<String, ArrayDeque<Delivery>> stopping = new HashMap<>();

        Shard(int id, Phase phase, long token) {
            this.id = id;
            this.phase = phase;
            this.token = token;
        }
    }

    /** The region's state: its shards on this member, and its entities by pid. Owned by the region process. */
    static final class State {
        private final Map<Integer, Shard> shards = new HashMap<>();
        private final Map<Pid, Running> byPid = new HashMap<>();
    }

    private final ShardRegion region;
    private final ShardEntityHost host;
    private final Function<String, Object> args;
    private final long passivateAfterNanos;

    ShardRegionServer(ShardRegion region, GenServer<?> behaviour, Function<String, Object> args) {
        this.region = region;
        this.host = new ShardEntityHost(behaviour);
        this.args = args;
        this.passivateAfterNanos = region.options().passivateAfter().toNanos();
    }

    @Override
    public State init(Object ignored) {
        return new State();
    }

    @Override
    public CallResult<State> handleCall(Object request, From from, State state) {
        if (request instanceof Wire.ShardCall call) {
            deliver(state, new Delivery(call.entityId(), call.request(), from, 0));
            return CallResult.noReply(state);
        }
        return CallResult.reply(new Wire.ShardEntityFailed("", "not a sharded request: " + request), state);
    }

    @Override
    public CastResult<State> handleCast(Object request, State state) {
        if (request instanceof Wire.ShardCast cast) {
            deliver(state, new Delivery(cast.entityId(), cast.request(), null, cast.hops()));
        }
        return CastResult.noReply(state);
    }

    @Override
    public CastResult<State> handleInfo(Object message, State state) {
        switch (message) {
            case Acquired a -> acquired(state, a);
            case HandOff h -> handOff(state, h.shard());
            case Lost l -> lost(state, l.shard());
            case Tick t -> passivateIdle(state);
            case StartMissing m -> startMissing(state, m);
            case Down d -> entityExited(state, d.pid());
            default -> { }
        }
        return CastResult.noReply(state);
    }

    private void deliver(State state, Delivery d) {
        int id = region.shardOf(d.entityId());
        Shard shard = state.shards.get(id);
        if (shard == null) {
            if (!region.wants(id)) {
                moved(d);
                return;
            }
            shard = new Shard(id, Phase.WAITING, 0);   // the keeper is taking (or about to take) its lease
            state.shards.put(id, shard);
        }
        if (shard.phase == Phase.ACTIVE) {
            forward(state, shard, d);
        } else {
            shard.buffer.add(d);
        }
    }

    private void acquired(State state, Acquired a) {
        Shard shard = state.shards.get(a.shard());
        if (shard == null) {
            state.shards.put(a.shard(), new Shard(a.shard(), Phase.ACTIVE, a.token()));
        } else {
            shard.phase = Phase.ACTIVE;
            shard.token = a.token();
            List<Delivery> waiting = List.copyOf(shard.buffer);
            shard.buffer.clear();
            for (Delivery d : waiting) {   // in the order they came
                forward(state, shard, d);
            }
        }
        region.shardActivated(a.shard());
    }

    private void forward(State state, Shard shard, Delivery d) {
        ArrayDeque<Delivery> waitingForStop = shard.stopping.get(d.entityId());
        if (waitingForStop != null) {
            waitingForStop.add(d);
            return;
        }
        Pid pid = shard.entities.get(d.entityId());
        if (pid == null) {
            ShardedEntity entity = new ShardedEntity(region, d.entityId(), shard.id, shard.token);
            pid = GenServer.spawn(region.cluster().node(), host,
                    new ShardEntityHost.Start(entity, args.apply(d.entityId())));
            ProcessContext.current().monitor(pid);
            shard.entities.put(d.entityId(), pid);
            state.byPid.put(pid, new Running(shard.id, d.entityId()));
            region.entityStarted();
        }
        region.cluster().node().send(pid, new ShardEntityHost.Deliver(d.request(), d.from()));
        shard.lastUsed.put(d.entityId(), System.nanoTime());
    }

    private void handOff(State state, int id) {
        Shard shard = state.shards.get(id);
        if (shard == null) {
            region.handedOff(id);
            return;
        }
        shard.phase = Phase.HANDING_OFF;
        for (ArrayDeque<Delivery> waiting : shard.stopping.values()) {
            shard.buffer.addAll(waiting);
            waiting.clear();
        }
        for (Map.Entry<String, Pid> e : shard.entities.entrySet()) {
            if (shard.stopping.putIfAbsent(e.getKey(), new ArrayDeque<>()) == null) {
                region.cluster().node().send(e.getValue(), new ShardEntityHost.Stop("handoff"));
            }
        }
        finishHandOff(state, shard);
    }

    private void finishHandOff(State state, Shard shard) {
        if (shard.phase != Phase.HANDING_OFF || !shard.entities.isEmpty()) {
            return;
        }
        state.shards.remove(shard.id);
        for (Delivery d : shard.buffer) {
            moved(d);
        }
        region.handedOff(shard.id);
    }

    private void lost(State state, int id) {
        Shard shard = state.shards.remove(id);
        if (shard == null) {
            return;
        }
        for (Map.Entry<String, Pid> e : shard.entities.entrySet()) {
            ProcessContext.current().exit(e.getValue(), ExitReason.KILL);
            state.byPid.remove(e.getValue());
            region.entityStopped();
            region.entityKilled(e.getKey());
        }
        for (Delivery d : shard.buffer) {
            moved(d);
        }
        for (ArrayDeque<Delivery> waiting : shard.stopping.values()) {
            waiting.forEach(this::moved);
        }
    }

    private void startMissing(State state, StartMissing missing) {
        int started = 0;
        for (String entityId : missing.entityIds()) {
            Shard shard = state.shards.get(region.shardOf(entityId));
            if (shard != null && shard.phase == Phase.ACTIVE && !shard.entities.containsKey(entityId)) {
                forward(state, shard, new Delivery(entityId, missing.request(), null, 0));
                started++;
            }
        }
        if (started > 0) {
            int count = started;
            LOG.log(Level.INFO, () -> "shards of '" + region.type() + "': started " + count + " entities again whose"
                    + " process had stopped while this member ran their shard");
        }
    }

    private void passivateIdle(State state) {
        long now = System.nanoTime();
        for (Shard shard : state.shards.values()) {
            if (shard.phase != Phase.ACTIVE) {
                continue;
            }
            for (Map.Entry<String, Long> e : shard.lastUsed.entrySet()) {
                if (now - e.getValue() >= passivateAfterNanos && !shard.stopping.containsKey(e.getKey())) {
                    shard.stopping.put(e.getKey(), new ArrayDeque<>());
                    region.cluster().node().send(shard.entities.get(e.getKey()),
                            new ShardEntityHost.Stop("passivated"));
                }
            }
        }
    }

    private void entityExited(State state, Pid pid) {
        Running running = state.byPid.remove(pid);
        if (running == null) {
            return;
        }
        region.entityStopped();
        Shard shard = state.shards.get(running.shard());
        if (shard == null || !pid.equals(shard.entities.get(running.entityId()))) {
            return;
        }
        shard.entities.remove(running.entityId());
        shard.lastUsed.remove(running.entityId());
        ArrayDeque<Delivery> waiting = shard.stopping.remove(running.entityId());
        if (shard.phase == Phase.ACTIVE && waiting != null) {
            for (Delivery d : waiting) {   // came while it stopped: a new one runs them, in order
                forward(state, shard, d);
            }
        }
        finishHandOff(state, shard);
    }

    /** Answers a call "moved" (its caller routes it again); passes a cast on to the owner. */
    private void moved(Delivery d) {
        if (d.from() != null) {
            GenServer.reply(d.from(), new Wire.ShardMoved(region.type(), d.entityId()));
        } else {
            region.route(new Wire.ShardCast(region.type(), d.entityId(), d.request(), d.hops() + 1));
        }
    }

    @Override
    public void terminate(ExitReason reason, State state) {
        for (Integer id : List.copyOf(state.shards.keySet())) {
            lost(state, id);
        }
    }
}
