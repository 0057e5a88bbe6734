package io.fauxtp.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a round trip between two cores costs on this machine, with no runtime at all: two virtual threads that
 * spin. Two shapes each:
 * <ul>
 *   <li>{@code pingPong}: one message field per direction, both fields in one cache line ({@code oneLine}) or
 *   128 bytes apart ({@code twoLines}). Two processes have two mailboxes, so a mailbox ping-pong is at best the
 *   {@code twoLines} figure.</li>
 *   <li>{@code call}: requests through a linked queue whose nodes are the requests; the reply goes into a field of
 *   the caller ({@code callerSlot}, what fauxtp did up to the fifth round) or into the request the server has just
 *   read ({@code request}, fauxtp's {@code ReplyCell} since the sixth).</li>
 *   <li>{@code stream}: the floor of workload (b): the JMH (platform) thread sends {@value #STREAM} messages, a
 *   node each, through the same linked queue to a virtual thread that spins on its head's link and counts them;
 *   messages per second, ended when the consumer has counted the last one.</li>
 * </ul>
 * {@code fauxtp-benchmarks/compare.sh} runs these next to the side-by-side workloads, so every table states what
 * the machine allowed during its run.
 */
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@BenchmarkMode(Mode.AverageTime)
public class CacheLineFloorBenchmark {

    static final int ROUND_TRIPS = 10_000;
    static final int STREAM = 100_000;
    static final Object STOP = new Object();

    // ----- ping-pong: one field per direction -----

    static final class OneLine {
        volatile Object ping;
        volatile Object pong;
    }

    static class TwoLinesPing {
        volatile Object ping;
    }

    static class TwoLinesPadding extends TwoLinesPing {
        @SuppressWarnings("unused")
        private long p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15, p16;
    }

    static final class TwoLines extends TwoLinesPadding {
        volatile Object pong;
    }

    // ----- call: a queue of requests, and where the reply goes -----

    static final VarHandle NEXT;
    static final VarHandle TAIL;
    static final VarHandle REPLY_TAG;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NEXT = lookup.findVarHandle(Request.class, "next", Request.class);
            TAIL = lookup.findVarHandle(Server.class, "tail", Request.class);
            REPLY_TAG = lookup.findVarHandle(Caller.class, "replyTag", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A request, which is its own queue node and can hold its reply. */
    static final class Request {
        volatile Request next;
        Object payload;
        long tag;
        Caller caller;
        Object reply;
        volatile boolean replied;
    }

    abstract static class ServerHead {
        Request head = new Request();
    }

    abstract static class ServerPadding extends ServerHead {
        @SuppressWarnings("unused")
        private long p1, p2, p3, p4, p5, p6, p7, p8;
    }

    /** The server's queue: senders swap the tail and link; the server spins on its head's link. */
    static final class Server extends ServerPadding {
        volatile Request tail = head;
        @SuppressWarnings("unused")
        private long t1, t2, t3, t4, t5, t6, t7, t8;

        void put(Request request) {
            Request previous = (Request) TAIL.getAndSet(this, request);
            NEXT.setRelease(previous, request);
        }

        Request take() {
            Request next;
            while ((next = head.next) == null) {
                Thread.onSpinWait();
            }
            head = next;
            return next;
        }
    }

    abstract static class CallerPadding {
        @SuppressWarnings("unused")
        private long p1, p2, p3, p4, p5, p6, p7, p8;
    }

    /** A caller's reply slot: the tag awaited, -1 while a replier writes, -2 once the reply is in. */
    static final class Caller extends CallerPadding {
        volatile long replyTag;
        Object replyValue;
        @SuppressWarnings("unused")
        private long t1, t2, t3, t4, t5, t6, t7, t8;
    }

    /** The ponger of {@link #pingPong}: only its threads run (a spinner per benchmark would take both cores). */
    @State(Scope.Benchmark)
    public static class PingPongState {
        @Param({"oneLine", "twoLines"})
        String layout;

        final OneLine oneLine = new OneLine();
        final TwoLines twoLines = new TwoLines();
        Thread ponger;

        @Setup(Level.Trial)
        public void start() {
            boolean near = layout.equals("oneLine");
            ponger = Thread.ofVirtual().start(() -> {
                while (true) {
                    Object message;
                    if (near) {
                        while ((message = oneLine.pong) == null) {
                            Thread.onSpinWait();
                        }
                        oneLine.pong = null;
                        if (message == STOP) {
                            return;
                        }
                        oneLine.ping = "pong";
                    } else {
                        while ((message = twoLines.pong) == null) {
                            Thread.onSpinWait();
                        }
                        twoLines.pong = null;
                        if (message == STOP) {
                            return;
                        }
                        twoLines.ping = "pong";
                    }
                }
            });
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            oneLine.pong = STOP;
            twoLines.pong = STOP;
            ponger.join();
        }
    }

    /** The server of {@link #call}. */
    @State(Scope.Benchmark)
    public static class CallState {
        @Param({"callerSlot", "request"})
        String replyTo;

        final Server server = new Server();
        final Caller caller = new Caller();
        Thread serverThread;

        @Setup(Level.Trial)
        public void start() {
            boolean intoRequest = replyTo.equals("request");
            serverThread = Thread.ofVirtual().start(() -> {
                while (true) {
                    Request request = server.take();
                    if (request.payload == STOP) {
                        return;
                    }
                    Object answer = request.payload;
                    if (intoRequest) {
                        request.reply = answer;
                        request.replied = true;
                    } else {
                        Caller to = request.caller;
                        if (REPLY_TAG.compareAndSet(to, request.tag, -1L)) {
                            to.replyValue = answer;
                            to.replyTag = -2L;
                        }
                    }
                }
            });
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            Request last = new Request();
            last.payload = STOP;
            server.put(last);
            serverThread.join();
        }
    }

    /** ns per round trip. */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public Object pingPong(PingPongState state) throws InterruptedException {
        Object[] last = new Object[1];
        boolean near = state.layout.equals("oneLine");
        OneLine oneLine = state.oneLine;
        TwoLines twoLines = state.twoLines;
        Thread pinger = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < ROUND_TRIPS; i++) {
                Object message;
                if (near) {
                    oneLine.pong = "ping";
                    while ((message = oneLine.ping) == null) {
                        Thread.onSpinWait();
                    }
                    oneLine.ping = null;
                } else {
                    twoLines.pong = "ping";
                    while ((message = twoLines.ping) == null) {
                        Thread.onSpinWait();
                    }
                    twoLines.ping = null;
                }
                last[0] = message;
            }
        });
        pinger.join();
        return last[0];
    }

    /** ns per call. */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public Object call(CallState state) throws InterruptedException {
        Object[] last = new Object[1];
        boolean intoRequest = state.replyTo.equals("request");
        Server server = state.server;
        Caller me = state.caller;
        Thread client = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < ROUND_TRIPS; i++) {
                Request request = new Request();
                request.payload = "question";
                request.caller = me;
                Object answer;
                if (intoRequest) {
                    server.put(request);
                    while (!request.replied) {
                        Thread.onSpinWait();
                    }
                    answer = request.reply;
                } else {
                    long tag = i + 1;
                    request.tag = tag;
                    REPLY_TAG.setRelease(me, tag);
                    server.put(request);
                    while (me.replyTag != -2L) {
                        Thread.onSpinWait();
                    }
                    answer = me.replyValue;
                    me.replyValue = null;
                    REPLY_TAG.setRelease(me, 0L);
                }
                last[0] = answer;
            }
        });
        client.join();
        return last[0];
    }

    /** The consumer of {@link #stream}: takes every node, counts it, and publishes the count once per batch. */
    @State(Scope.Benchmark)
    public static class StreamState {
        final Server queue = new Server();
        final StreamCount consumed = new StreamCount();
        Thread consumer;

        @Setup(Level.Trial)
        public void start() {
            consumer = Thread.ofVirtual().start(() -> {
                long count = 0;
                while (true) {
                    Request request = queue.take();
                    if (request.payload == STOP) {
                        return;
                    }
                    if (++count % STREAM == 0) {
                        consumed.count = count;
                    }
                }
            });
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            Request last = new Request();
            last.payload = STOP;
            queue.put(last);
            consumer.join();
        }
    }

    abstract static class StreamCountPadding {
        @SuppressWarnings("unused")
        private long p1, p2, p3, p4, p5, p6, p7, p8;
    }

    /** Messages the stream's consumer has taken, on a line of its own; written once per batch. */
    static final class StreamCount extends StreamCountPadding {
        volatile long count;
        @SuppressWarnings("unused")
        private long t1, t2, t3, t4, t5, t6, t7, t8;
    }

    /** Messages per second, one producer (the JMH thread) to one spinning consumer, a queue node per message. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(STREAM)
    public long stream(StreamState state) {
        Server queue = state.queue;
        long target = state.consumed.count + STREAM;
        Object payload = "cast";
        for (int i = 0; i < STREAM; i++) {
            Request request = new Request();
            request.payload = payload;
            queue.put(request);
        }
        long count;
        while ((count = state.consumed.count) < target) {
            Thread.onSpinWait();
        }
        return count;
    }
}
