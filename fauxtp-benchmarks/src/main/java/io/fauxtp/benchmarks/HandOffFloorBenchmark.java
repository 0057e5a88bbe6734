package io.fauxtp.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the machine allows, without fauxtp: the floors that the side-by-side workloads (a), (c) and (d) are read
 * against (BENCHMARKS.md). Two virtual threads play ping-pong through (1) one shared slot each, the cheapest
 * hand-off there is (one cache line moves per message), and (2) a linked multi-producer queue each, the shape
 * of a mailbox (a node per message, a tail exchanged by senders), (3) the same queue with fauxtp's twist (a node
 * carries the next message: fauxtp's mailbox protocol without the runtime), and (4) a queue of array chunks (no
 * node per message); all spin before they park, as fauxtp does. Last, a virtual thread is started, runs a trivial
 * task and is waited for: the least a synchronous {@code GenServer.start} can cost while {@code init} runs on a
 * thread of the new process.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@BenchmarkMode(Mode.AverageTime)
public class HandOffFloorBenchmark {

    static final int ROUND_TRIPS = 10_000;

    /** A one-message mailbox: the receiver spins on {@code value}, then parks. */
    static final class Slot {
        volatile Object value;
        volatile Thread owner;
        volatile boolean waiting;

        void put(Object message) {
            value = message;
            if (waiting) {
                LockSupport.unpark(owner);
            }
        }

        Object take() {
            Object message;
            for (int spins = 0; (message = value) == null; spins++) {
                if (spins < 100_000) {
                    Thread.onSpinWait();
                } else {
                    waiting = true;
                    if (value == null) {
                        LockSupport.park(this);
                    }
                    waiting = false;
                }
            }
            value = null;
            return message;
        }
    }

    /** A linked multi-producer single-consumer queue with padding between the two ends, as fauxtp's mailbox. */
    static final class LinkedQueue extends LinkedQueueSenderSide {
        @SuppressWarnings("unused")
        private long t1, t2, t3, t4, t5, t6, t7, t8;

        void put(Object message) {
            Node node = new Node(message);
            Node previous = (Node) TAIL.getAndSet(this, node);
            Node.NEXT.setRelease(previous, node);
            if (waiting) {
                LockSupport.unpark(owner);
            }
        }

        Object take() {
            Node next;
            for (int spins = 0; (next = head.next) == null; spins++) {
                if (spins < 100_000) {
                    Thread.onSpinWait();
                } else {
                    waiting = true;
                    if (tail == head) {
                        LockSupport.park(this);
                    }
                    waiting = false;
                }
            }
            Object message = next.value;
            next.value = null;
            head = next;
            return message;
        }
    }

    /**
     * fauxtp's own mailbox protocol without the runtime around it: as {@link LinkedQueue}, but a node carries the
     * message of the node after it, written by the sender that links that node just before the link, so the
     * receiver finds the message in the line it spins on (and a node is not cleared when taken).
     */
    static final class CarryingQueue extends LinkedQueueSenderSide {
        @SuppressWarnings("unused")
        private long t1, t2, t3, t4, t5, t6, t7, t8;

        void put(Object message) {
            Node node = new Node(null);
            Node previous = (Node) TAIL.getAndSet(this, node);
            previous.value = message;
            Node.NEXT.setRelease(previous, node);
            if (waiting) {
                LockSupport.unpark(owner);
            }
        }

        Object take() {
            Node last = head;
            Node next;
            for (int spins = 0; (next = last.next) == null; spins++) {
                if (spins < 100_000) {
                    Thread.onSpinWait();
                } else {
                    waiting = true;
                    if (tail == last) {
                        LockSupport.park(this);
                    }
                    waiting = false;
                }
            }
            head = next;
            return last.value;
        }
    }

    static final class Node {
        static final VarHandle NEXT;

        static {
            try {
                NEXT = MethodHandles.lookup().findVarHandle(Node.class, "next", Node.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        Object value;
        volatile Node next;

        Node(Object value) {
            this.value = value;
        }
    }

    abstract static class LinkedQueueOwnerSide {
        Node head = new Node(null);
    }

    abstract static class LinkedQueuePadding extends LinkedQueueOwnerSide {
        @SuppressWarnings("unused")
        private long p1, p2, p3, p4, p5, p6, p7, p8;
    }

    abstract static class LinkedQueueSenderSide extends LinkedQueuePadding {
        static final VarHandle TAIL;

        static {
            try {
                TAIL = MethodHandles.lookup().findVarHandle(LinkedQueueSenderSide.class, "tail", Node.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        volatile Node tail;
        volatile Thread owner;
        volatile boolean waiting;

        LinkedQueueSenderSide() {
            tail = head;
        }
    }

    /**
     * An unbounded multi-producer single-consumer queue of array chunks (the shape of JCTools'
     * {@code MpscUnboundedXaddArrayQueue}, written out small): a sender claims an index with one atomic add and
     * stores its message into that slot; the receiver spins on its next slot and clears it. No node per message:
     * the sender's only store into a line the receiver reads is the message itself.
     */
    static final class ArrayQueue extends ArrayQueueSenderSide {
        @SuppressWarnings("unused")
        private long t1, t2, t3, t4, t5, t6, t7, t8;

        void put(Object message) {
            long index = (long) PRODUCER_INDEX.getAndAdd(this, 1L);
            long number = index >>> CHUNK_SHIFT;
            Chunk chunk = producerChunk;
            if (chunk.number != number) {
                chunk = chunkFor(chunk, number);
            }
            SLOT.setRelease(chunk.slots, (int) (index & CHUNK_MASK), message);
            if (waiting) {
                LockSupport.unpark(owner);
            }
        }

        /** The chunk of {@code number}, appended if missing; a sender behind the hint walks back. */
        private Chunk chunkFor(Chunk from, long number) {
            Chunk chunk = from;
            while (chunk.number > number) {
                chunk = chunk.previous;
            }
            while (chunk.number < number) {
                Chunk next = chunk.next;
                if (next == null) {
                    Chunk appended = new Chunk(chunk.number + 1, chunk);
                    next = Chunk.NEXT.compareAndSet(chunk, null, appended) ? appended : chunk.next;
                }
                chunk = next;
            }
            Chunk hint;
            while ((hint = producerChunk).number < number && !PRODUCER_CHUNK.compareAndSet(this, hint, chunk)) {
                Thread.onSpinWait();
            }
            return chunk;
        }

        Object take() {
            long index = consumerIndex;
            int offset = (int) (index & CHUNK_MASK);
            Chunk chunk = consumerChunk;
            if (chunk.number != index >>> CHUNK_SHIFT) {
                Chunk next;
                while ((next = chunk.next) == null) {
                    Thread.onSpinWait(); // the sender that claimed the chunk's first slot is appending it
                }
                next.previous = null; // no sender needs the chunks before it any more
                consumerChunk = chunk = next;
            }
            Object message;
            for (int spins = 0; (message = SLOT.getAcquire(chunk.slots, offset)) == null; spins++) {
                if (spins < 100_000) {
                    Thread.onSpinWait();
                } else {
                    waiting = true;
                    if (SLOT.getVolatile(chunk.slots, offset) == null && producerIndex == index) {
                        LockSupport.park(this);
                    }
                    waiting = false;
                }
            }
            chunk.slots[offset] = null;
            consumerIndex = index + 1;
            return message;
        }
    }

    static final int CHUNK_SHIFT = 5;
    static final int CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;
    static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    static final class Chunk {
        static final VarHandle NEXT;

        static {
            try {
                NEXT = MethodHandles.lookup().findVarHandle(Chunk.class, "next", Chunk.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final long number;
        final Object[] slots = new Object[1 << CHUNK_SHIFT];
        volatile Chunk next;
        volatile Chunk previous;

        Chunk(long number, Chunk previous) {
            this.number = number;
            this.previous = previous;
        }
    }

    abstract static class ArrayQueueOwnerSide {
        long consumerIndex;
        Chunk consumerChunk = new Chunk(0, null);
    }

    abstract static class ArrayQueuePadding extends ArrayQueueOwnerSide {
        @SuppressWarnings("unused")
        private long p1, p2, p3, p4, p5, p6, p7, p8;
    }

    abstract static class ArrayQueueSenderSide extends ArrayQueuePadding {
        static final VarHandle PRODUCER_INDEX;
        static final VarHandle PRODUCER_CHUNK;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                PRODUCER_INDEX = lookup.findVarHandle(ArrayQueueSenderSide.class, "producerIndex", long.class);
                PRODUCER_CHUNK = lookup.findVarHandle(ArrayQueueSenderSide.class, "producerChunk", Chunk.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        volatile long producerIndex;
        volatile Chunk producerChunk;
        volatile Thread owner;
        volatile boolean waiting;

        ArrayQueueSenderSide() {
            producerChunk = consumerChunk;
        }
    }

    private final CarryingQueue carryingPing = new CarryingQueue();
    private final CarryingQueue carryingPong = new CarryingQueue();
    private Thread carryingPonger;
    private final ArrayQueue arrayPing = new ArrayQueue();
    private final ArrayQueue arrayPong = new ArrayQueue();
    private Thread arrayPonger;

    private final Slot slotPing = new Slot();
    private final Slot slotPong = new Slot();
    private final LinkedQueue queuePing = new LinkedQueue();
    private final LinkedQueue queuePong = new LinkedQueue();
    private Thread slotPonger;
    private Thread slotPinger;
    private Thread queuePonger;
    private Thread queuePinger;

    @Setup(Level.Trial)
    public void start() {
        slotPonger = Thread.ofVirtual().start(() -> {
            slotPong.owner = Thread.currentThread();
            while (slotPong.take() != STOP) {
                slotPing.put("pong");
            }
        });
        slotPong.owner = slotPonger;
        queuePonger = Thread.ofVirtual().start(() -> {
            queuePong.owner = Thread.currentThread();
            while (queuePong.take() != STOP) {
                queuePing.put("pong");
            }
        });
        queuePong.owner = queuePonger;
        carryingPonger = Thread.ofVirtual().start(() -> {
            carryingPong.owner = Thread.currentThread();
            while (carryingPong.take() != STOP) {
                carryingPing.put("pong");
            }
        });
        carryingPong.owner = carryingPonger;
        arrayPonger = Thread.ofVirtual().start(() -> {
            arrayPong.owner = Thread.currentThread();
            while (arrayPong.take() != STOP) {
                arrayPing.put("pong");
            }
        });
        arrayPong.owner = arrayPonger;
    }

    private static final Object STOP = new Object();

    static final class Flag {
        volatile boolean set;
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        slotPong.put(STOP);
        queuePong.put(STOP);
        arrayPong.put(STOP);
        carryingPong.put(STOP);
        carryingPonger.join();
        slotPonger.join();
        queuePonger.join();
        arrayPonger.join();
    }

    private final java.util.concurrent.LinkedTransferQueue<Object> ltqPing = new java.util.concurrent.LinkedTransferQueue<>();
    private final java.util.concurrent.LinkedTransferQueue<Object> ltqPong = new java.util.concurrent.LinkedTransferQueue<>();

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public Object ltqPingPong() throws InterruptedException {
        Object[] last = new Object[1];
        Thread ponger = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    ltqPong.take();
                    ltqPing.put("pong");
                }
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        Thread pinger = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    ltqPong.put("ping");
                    last[0] = ltqPing.take();
                }
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        pinger.join();
        ponger.join();
        return last[0];
    }

    /** Ping-pong through one slot per direction: ns per round trip. */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public Object slotPingPong() throws InterruptedException {
        return pingPong(true);
    }

    /** Ping-pong through a linked queue per direction (a mailbox without the runtime): ns per round trip. */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public Object linkedQueuePingPong() throws InterruptedException {
        return pingPong(false);
    }

    /** Ping-pong through fauxtp's mailbox protocol without the runtime (see CarryingQueue): ns per round trip. */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public Object carryingQueuePingPong() throws InterruptedException {
        Object[] last = new Object[1];
        Thread pinger = Thread.ofVirtual().start(() -> {
            carryingPing.owner = Thread.currentThread();
            for (int i = 0; i < ROUND_TRIPS; i++) {
                carryingPong.put("ping");
                last[0] = carryingPing.take();
            }
        });
        pinger.join();
        return last[0];
    }

    /** Ping-pong through an array-chunk queue per direction (no node per message): ns per round trip. */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public Object arrayQueuePingPong() throws InterruptedException {
        Object[] last = new Object[1];
        Thread pinger = Thread.ofVirtual().start(() -> {
            arrayPing.owner = Thread.currentThread();
            for (int i = 0; i < ROUND_TRIPS; i++) {
                arrayPong.put("ping");
                last[0] = arrayPing.take();
            }
        });
        pinger.join();
        return last[0];
    }

    private Object pingPong(boolean slot) throws InterruptedException {
        Object[] last = new Object[1];
        Thread pinger = Thread.ofVirtual().start(() -> {
            if (slot) {
                slotPing.owner = Thread.currentThread();
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    slotPong.put("ping");
                    last[0] = slotPing.take();
                }
            } else {
                queuePing.owner = Thread.currentThread();
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    queuePong.put("ping");
                    last[0] = queuePing.take();
                }
            }
        });
        pinger.join();
        return last[0];
    }

    /**
     * From a virtual thread, start a virtual thread that sets a flag, and wait for the flag the way
     * {@code GenServer.start} waits for {@code init}: yield (the new thread is usually queued on this carrier),
     * then spin.
     */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public int virtualThreadStartAndWait() throws InterruptedException {
        int[] sum = new int[1];
        Thread starter = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < ROUND_TRIPS; i++) {
                Flag flag = new Flag();
                Thread.ofVirtual().start(() -> flag.set = true);
                Thread.yield();
                while (!flag.set) {
                    Thread.onSpinWait();
                }
                sum[0]++;
            }
        });
        starter.join();
        return sum[0];
    }
}
