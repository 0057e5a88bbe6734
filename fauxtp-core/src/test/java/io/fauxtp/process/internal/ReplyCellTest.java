package io.fauxtp.process.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.CastResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.genserver.StartOptions;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.testkit.TestNode;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reply to a call made by a process lands in the call's own request envelope (a {@link ReplyCell}): the first
 * reply wins, a late one is refused, a parked caller is woken, and nothing is kept once the call is over.
 */
class ReplyCellTest {

    private static final Duration LONG = Duration.ofSeconds(10);

    @RegisterExtension
    final TestNode fauxtp = new TestNode("reply-cell");
    private final Node node = fauxtp.node();

    @Test
    void aReplyWakesTheCallerParkedOnItsCell() throws Exception {
        ReplyCell cell = new ReplyCell(1);
        CompletableFuture<ProcessImpl> caller = new CompletableFuture<>();
        CompletableFuture<Object> got = new CompletableFuture<>();
        node.spawn(self -> {
            ProcessImpl me = (ProcessImpl) self;
            CallerSide.awaitReply(me, cell);
            caller.complete(me);
            got.complete(CallerSide.takeReply(me, cell, LONG));
        });
        ProcessImpl me = caller.get(10, TimeUnit.SECONDS);
        // a new process does not spin on its first wait: it parks, and only the replier can wake it
        await().atMost(LONG).until(() -> cell.callerParked);
        assertThat(CallerSide.deliverInto(me, cell, "answer")).isTrue();
        assertThat(got.get(10, TimeUnit.SECONDS)).isEqualTo("answer");
        await().atMost(LONG).until(() -> CallerSide.awaitedReply(me) == null);
        assertThat(cell.state).as("a taken reply refuses any other").isEqualTo(ReplyCell.REPLIED);
    }

    @Test
    void onlyTheFirstReplyCountsAndTheMailboxLetsGoOfTheCell() throws Exception {
        CompletableFuture<List<Object>> seen = new CompletableFuture<>();
        node.spawn(self -> {
            ProcessImpl me = (ProcessImpl) self;
            ReplyCell cell = new ReplyCell(7);
            CallerSide.awaitReply(me, cell);
            boolean awaited = CallerSide.awaitedReply(me) == cell;
            boolean first = CallerSide.deliverReply(me, 7, "first"); // by tag, as GenServer.reply(from, ...) does
            boolean second = CallerSide.deliverInto(me, cell, "second"); // directly, as the server answering the request does
            Object taken = CallerSide.takeReply(me, cell, LONG);
            seen.complete(List.of(awaited, first, second, taken, CallerSide.awaitedReply(me) == null));
        });
        assertThat(seen.get(10, TimeUnit.SECONDS)).containsExactly(true, true, false, "first", true);
    }

    @Test
    void aCellNobodyAwaitsRefusesReplies() throws Exception {
        CompletableFuture<List<Boolean>> seen = new CompletableFuture<>();
        node.spawn(self -> {
            ProcessImpl me = (ProcessImpl) self;
            ReplyCell cell = new ReplyCell(3);
            seen.complete(List.of(CallerSide.deliverInto(me, cell, "x"), CallerSide.deliverReply(me, 3, "y")));
        });
        assertThat(seen.get(10, TimeUnit.SECONDS)).containsExactly(false, false);
    }

    @Test
    void aCallThatTimedOutRefusesTheLateReply() throws Exception {
        CompletableFuture<List<Object>> seen = new CompletableFuture<>();
        node.spawn(self -> {
            ProcessImpl me = (ProcessImpl) self;
            ReplyCell cell = new ReplyCell(5);
            CallerSide.awaitReply(me, cell);
            Object taken = CallerSide.takeReply(me, cell, Duration.ofMillis(1));
            boolean lateDirect = CallerSide.deliverInto(me, cell, "late");
            boolean lateByTag = CallerSide.deliverReply(me, 5, "late");
            seen.complete(List.of(taken == CallerSide.NO_REPLY, lateDirect, lateByTag, CallerSide.awaitedReply(me) == null,
                    cell.value == null));
        });
        assertThat(seen.get(10, TimeUnit.SECONDS)).containsExactly(true, false, false, true, true);
    }

    @Test
    void anAbandonedCallRefusesTheLateReply() throws Exception {
        CompletableFuture<List<Boolean>> seen = new CompletableFuture<>();
        node.spawn(self -> {
            ProcessImpl me = (ProcessImpl) self;
            ReplyCell cell = new ReplyCell(9);
            CallerSide.awaitReply(me, cell);
            CallerSide.abandonReply(me, cell); // the wait was interrupted
            seen.complete(List.of(CallerSide.deliverInto(me, cell, "late"), CallerSide.awaitedReply(me) == null));
        });
        assertThat(seen.get(10, TimeUnit.SECONDS)).containsExactly(false, true);
    }

    @Test
    void repliesByTagRacingTimeoutsAndParksAreEitherTakenOrRefusedNeverLost() throws Exception {
        race(true);
    }

    @Test
    void repliesIntoTheCellRacingTimeoutsAndParksAreEitherTakenOrRefusedNeverLost() throws Exception {
        race(false);
    }

    /**
     * 20,000 calls whose replier answers each the moment it is published, racing the caller's zero or
     * microsecond timeout; every 50th call waits long, and the replier answers it only once the caller has
     * parked. {@code byTag}: as a later {@code GenServer.reply(from, ...)} does; otherwise into the cell, as the
     * server answering the request does.
     */
    private void race(boolean byTag) throws Exception {
        int calls = 20_000;
        int parkEvery = 50;
        AtomicReferenceArray<ReplyCell> published = new AtomicReferenceArray<>(calls + 1);
        AtomicIntegerArray accepted = new AtomicIntegerArray(calls + 1);
        CompletableFuture<ProcessImpl> caller = new CompletableFuture<>();
        Thread replier = Thread.ofPlatform().start(() -> {
            ProcessImpl me = caller.join();
            for (int tag = 1; tag <= calls; tag++) {
                ReplyCell cell;
                while ((cell = published.get(tag)) == null) {
                    Thread.onSpinWait();
                }
                if (tag % parkEvery == 0) {
                    while (!cell.callerParked) {
                        Thread.onSpinWait();
                    }
                }
                boolean taken = byTag ? CallerSide.deliverReply(me, tag, tag) : CallerSide.deliverInto(me, cell, tag);
                accepted.set(tag, taken ? 1 : 2);
            }
        });
        CompletableFuture<int[]> outcome = new CompletableFuture<>();
        node.spawn(self -> {
            ProcessImpl me = (ProcessImpl) self;
            caller.complete(me);
            int bad = 0;
            int taken = 0;
            for (int tag = 1; tag <= calls; tag++) {
                ReplyCell cell = new ReplyCell(tag);
                CallerSide.awaitReply(me, cell);
                published.set(tag, cell);
                Duration timeout = tag % parkEvery == 0 ? LONG : Duration.ofNanos((tag % 4) * 1_000L);
                Object got = CallerSide.takeReply(me, cell, timeout);
                while (accepted.get(tag) == 0) {
                    Thread.onSpinWait();
                }
                boolean delivered = accepted.get(tag) == 1;
                if (delivered != (got != CallerSide.NO_REPLY) || (delivered && !Integer.valueOf(tag).equals(got))
                        || (tag % parkEvery == 0 && !delivered)) {
                    bad++;
                }
                if (delivered) {
                    taken++;
                }
            }
            outcome.complete(new int[] {bad, taken});
        });
        int[] result = outcome.get(60, TimeUnit.SECONDS);
        replier.join(10_000);
        assertThat(replier.isAlive()).isFalse();
        assertThat(result[0]).as("replies lost, taken by the wrong call, or refused while awaited (%d of %d taken)",
                result[1], calls).isZero();
        assertThat(result[1]).as("the parked calls are all answered").isGreaterThanOrEqualTo(calls / parkEvery);
    }

    /** Keeps the From of a "wait" call and answers it only when told; counts casts. */
    static final class Holder implements GenServer<Object> {
        final AtomicReference<From> held = new AtomicReference<>();

        @Override
        public Object init(Object args) {
            return "";
        }

        @Override
        public CallResult<Object> handleCall(Object request, From from, Object state) {
            if (request.equals("wait")) {
                held.set(from);
                return CallResult.noReply(state);
            }
            return CallResult.reply("ok", state);
        }

        @Override
        public CastResult<Object> handleCast(Object request, Object state) {
            return CastResult.noReply(state);
        }
    }

    @Test
    void aCallerWaitingForALateReplyDoesNotKeepTheServersLaterMessagesAlive() throws Exception {
        Holder holder = new Holder();
        // a server that stays awake while idle: a hibernating one starts its queue afresh, which hides the chain
        Pid server = GenServer.start(node, holder, null, StartOptions.defaults().withHibernateAfter(Duration.ofMinutes(1)));
        CompletableFuture<Object> waiter = new CompletableFuture<>();
        node.spawn(self -> waiter.complete(GenServer.call(server, "wait", Duration.ofMinutes(1))));
        await().atMost(LONG).until(() -> holder.held.get() != null);
        // the caller holds its request envelope, a node of the server's queue, for as long as it waits
        WeakReference<Object> payload = castPayload(server);
        GenServer.call(server, "sync");
        GenServer.call(server, "sync"); // the server has moved past the cast and the first sync
        await().atMost(LONG).until(() -> {
            System.gc();
            return payload.get() == null;
        });
        GenServer.reply(holder.held.get(), "done");
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("done");
    }

    private static WeakReference<Object> castPayload(Pid server) {
        byte[] payload = new byte[1 << 20];
        GenServer.cast(server, payload);
        return new WeakReference<>(payload);
    }
}
