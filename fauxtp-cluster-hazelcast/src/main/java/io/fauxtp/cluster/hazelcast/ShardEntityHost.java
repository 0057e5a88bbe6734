package io.fauxtp.cluster.hazelcast;

import io.fauxtp.cluster.hazelcast.internal.Wire;
import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.CastResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.ExitReason;

/**
 * The process of one sharded entity: runs the application's behaviour, and takes its requests from the region
 * process as plain messages (so they keep the order in which the region passed them on), answering each call
 * to the original caller's {@link From}. A {@link Stop} message, sent by the region after the last request it
 * passes on, ends the entity with {@code shutdown}: the behaviour's {@code terminate} gets the state then (the
 * passivation hook).
 */
final class ShardEntityHost implements GenServer<ShardEntityHost.Hosted> {

    /** A request passed on by the region: a call when {@code from} is set, a cast otherwise. */
    record Deliver(Object request, From from) {}

    /** Ends the entity with {@code shutdown(detail)} ("passivated" or "handoff"), after every earlier request. */
    record Stop(String detail) {}

    /** The start arguments: who the entity is, and the application's arguments. */
    record Start(ShardedEntity entity, Object args) {}

    /** The entity and its behaviour's state. */
    record Hosted(ShardedEntity entity, Object state) {}

    private final GenServer<Object> behaviour;

    @SuppressWarnings("unchecked")
    ShardEntityHost(GenServer<?> behaviour) {
        this.behaviour = (GenServer<Object>) behaviour;
    }

    @Override
    public Hosted init(Object args) throws Exception {
        Start start = (Start) args;
        return new Hosted(start.entity(), start.entity().run(() -> behaviour.init(start.args())));
    }

    @Override
    public CastResult<Hosted> handleInfo(Object message, Hosted hosted) throws Exception {
        ShardedEntity entity = hosted.entity();
        if (message instanceof Stop stop) {
            return CastResult.stop(ExitReason.shutdown(stop.detail()), hosted);
        }
        if (!(message instanceof Deliver deliver)) {
            return wrap(entity, entity.run(() -> behaviour.handleInfo(message, hosted.state())));
        }
        if (deliver.from() == null) {
            return wrap(entity, entity.run(() -> behaviour.handleCast(deliver.request(), hosted.state())));
        }
        CallResult<Object> result;
        try {
            result = entity.run(() -> behaviour.handleCall(deliver.request(), deliver.from(), hosted.state()));
        } catch (Exception | Error e) {
            GenServer.reply(deliver.from(), new Wire.ShardEntityFailed(entity.id(), e.toString()));
            throw e;
        }
        return switch (result) {
            case CallResult.Reply<Object> reply -> {
                GenServer.reply(deliver.from(), reply.reply());
                yield new CastResult.NoReply<>(new Hosted(entity, reply.state()), reply.next());
            }
            case CallResult.NoReply<Object> noReply ->
                    new CastResult.NoReply<>(new Hosted(entity, noReply.state()), noReply.next());
            case CallResult.Stop<Object> stop -> {
                if (stop.replies()) {
                    GenServer.reply(deliver.from(), stop.reply());
                }
                yield CastResult.stop(stop.reason(), new Hosted(entity, stop.state()));
            }
        };
    }

    @Override
    public CastResult<Hosted> handleContinue(Object cont, Hosted hosted) throws Exception {
        return wrap(hosted.entity(), hosted.entity().run(() -> behaviour.handleContinue(cont, hosted.state())));
    }

    @Override
    public void terminate(ExitReason reason, Hosted hosted) throws Exception {
        hosted.entity().run(() -> {
            behaviour.terminate(reason, hosted.state());
            return null;
        });
    }

    @Override
    public Object formatStatus(Hosted hosted) {
        return behaviour.formatStatus(hosted.state());
    }

    private static CastResult<Hosted> wrap(ShardedEntity entity, CastResult<Object> result) {
        return switch (result) {
            case CastResult.NoReply<Object> n -> new CastResult.NoReply<>(new Hosted(entity, n.state()), n.next());
            case CastResult.Stop<Object> s -> CastResult.stop(s.reason(), new Hosted(entity, s.state()));
        };
    }
}
