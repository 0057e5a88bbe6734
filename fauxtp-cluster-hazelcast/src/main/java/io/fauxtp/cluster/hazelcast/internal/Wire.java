package io.fauxtp.cluster.hazelcast.internal;

import io.fauxtp.process.Pid;
import io.fauxtp.text.Call;
import io.fauxtp.text.TextCodec;

/**
 * What crosses the wire between members: envelopes written in the project's text format with the
 * application's registered types, never Java serialisation. A message that holds an unregistered type fails
 * at the sender with {@link io.fauxtp.text.TextDumpException}.
 */
public final class Wire {

    /** A message to a process. */
    public record Send(Pid to, Object message) implements Envelope {}

    /** A GenServer cast to a process. */
    public record Cast(Pid to, Object request) implements Envelope {}

    /** A GenServer call to {@code to}; the answer goes to the inbox of node {@code replyNode}. */
    public record CallRequest(long id, int replyNode, Pid to, Object request, long timeoutMillis) implements Envelope {}

    /** The value a remote call returned. */
    public record Reply(long id, Object value) implements Envelope {}

    /**
     * A remote call that did not return: {@code kind} is {@code noproc}, {@code timeout} or {@code exit}
     * (then {@code detail} describes the exit reason).
     */
    public record Failed(long id, String kind, String detail) implements Envelope {}

    /** Process {@code watcher} monitors {@code target} under the watcher node's ref ({@code refNode}, {@code refId}). */
    public record Monitor(Pid watcher, Pid target, long refNode, long refId) implements Envelope {}

    /** Removes the monitor of {@code target} with the watcher node's ref ({@code refNode}, {@code refId}). */
    public record Demonitor(Pid target, long refNode, long refId) implements Envelope {}

    /**
     * A monitored process ended: {@code kind} names the exit reason ({@code normal}, {@code shutdown},
     * {@code killed}, {@code noproc}, {@code noconnection}, {@code error} or {@code custom}) and {@code term} is
     * its detail (a shutdown's detail, a custom reason's term, an exception's text; "" when there is none).
     */
    public record MonitorDown(Pid watcher, long refNode, long refId, Pid target, String kind, Object term)
            implements Envelope {}

    /** A call to entity {@code entityId} of sharded type {@code type}, sent to the region process of its owner. */
    public record ShardCall(String type, String entityId, Object request) {}

    /**
     * A cast to entity {@code entityId} of sharded type {@code type}; {@code hops} counts how often a member that
     * did not own its shard passed it on.
     */
    public record ShardCast(String type, String entityId, Object request, long hops) {}

    /** The answer of a member that does not (or no longer) own the entity's shard: the caller routes again. */
    public record ShardMoved(String type, String entityId) {}

    /** The answer to a sharded call whose entity crashed while handling it. */
    public record ShardEntityFailed(String entityId, String reason) {}

    /** One message between members. */
    public sealed interface Envelope permits Send, Cast, CallRequest, Reply, Failed, Monitor, Demonitor, MonitorDown {}

    private final TextCodec codec;

    /** A wire format over {@code appTypes}, the application's registered message types. */
    public Wire(TextCodec appTypes) {
        this.codec = appTypes.toBuilder()
                .type(Pid.class, "fauxtp.pid", p -> Call.of("fauxtp.pid", (long) p.node(), p.serial()),
                        c -> new Pid(Math.toIntExact(c.arg(0, Long.class)), c.arg(1, Long.class)))
                .type(Send.class, "fauxtp.send", e -> Call.of("fauxtp.send", e.to(), e.message()),
                        c -> new Send(c.arg(0, Pid.class), c.arg(1)))
                .type(Cast.class, "fauxtp.cast", e -> Call.of("fauxtp.cast", e.to(), e.request()),
                        c -> new Cast(c.arg(0, Pid.class), c.arg(1)))
                .type(CallRequest.class, "fauxtp.call",
                        e -> Call.of("fauxtp.call", e.id(), (long) e.replyNode(), e.to(), e.request(), e.timeoutMillis()),
                        c -> new CallRequest(c.arg(0, Long.class), Math.toIntExact(c.arg(1, Long.class)),
                                c.arg(2, Pid.class), c.arg(3), c.arg(4, Long.class)))
                .type(Reply.class, "fauxtp.reply", e -> Call.of("fauxtp.reply", e.id(), e.value()),
                        c -> new Reply(c.arg(0, Long.class), c.arg(1)))
                .type(Failed.class, "fauxtp.failed", e -> Call.of("fauxtp.failed", e.id(), e.kind(), e.detail()),
                        c -> new Failed(c.arg(0, Long.class), c.arg(1, String.class), c.arg(2, String.class)))
                .type(Monitor.class, "fauxtp.monitor",
                        e -> Call.of("fauxtp.monitor", e.watcher(), e.target(), e.refNode(), e.refId()),
                        c -> new Monitor(c.arg(0, Pid.class), c.arg(1, Pid.class), c.arg(2, Long.class),
                                c.arg(3, Long.class)))
                .type(Demonitor.class, "fauxtp.demonitor",
                        e -> Call.of("fauxtp.demonitor", e.target(), e.refNode(), e.refId()),
                        c -> new Demonitor(c.arg(0, Pid.class), c.arg(1, Long.class), c.arg(2, Long.class)))
                .type(MonitorDown.class, "fauxtp.down",
                        e -> Call.of("fauxtp.down", e.watcher(), e.refNode(), e.refId(), e.target(), e.kind(), e.term()),
                        c -> new MonitorDown(c.arg(0, Pid.class), c.arg(1, Long.class), c.arg(2, Long.class),
                                c.arg(3, Pid.class), c.arg(4, String.class), c.arg(5)))
                .type(ShardCall.class, "fauxtp.shard.call",
                        e -> Call.of("fauxtp.shard.call", e.type(), e.entityId(), e.request()),
                        c -> new ShardCall(c.arg(0, String.class), c.arg(1, String.class), c.arg(2)))
                .type(ShardCast.class, "fauxtp.shard.cast",
                        e -> Call.of("fauxtp.shard.cast", e.type(), e.entityId(), e.request(), e.hops()),
                        c -> new ShardCast(c.arg(0, String.class), c.arg(1, String.class), c.arg(2),
                                c.arg(3, Long.class)))
                .type(ShardMoved.class, "fauxtp.shard.moved",
                        e -> Call.of("fauxtp.shard.moved", e.type(), e.entityId()),
                        c -> new ShardMoved(c.arg(0, String.class), c.arg(1, String.class)))
                .type(ShardEntityFailed.class, "fauxtp.shard.failed",
                        e -> Call.of("fauxtp.shard.failed", e.entityId(), e.reason()),
                        c -> new ShardEntityFailed(c.arg(0, String.class), c.arg(1, String.class)))
                .build();
    }

    /** The text of {@code envelope}; throws {@link io.fauxtp.text.TextDumpException} for unregistered types. */
    public String write(Envelope envelope) {
        return codec.dump(envelope);
    }

    /** The envelope in {@code text}; throws {@link io.fauxtp.text.TextFormatException} for anything else. */
    public Envelope read(String text) {
        return codec.load(text, Envelope.class);
    }
}
