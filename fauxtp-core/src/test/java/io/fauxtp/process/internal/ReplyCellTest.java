package io.fauxtp.process.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.process.Node;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reply to a call made by a process lands in the call's own request envelope (a {@link ReplyCell}): the first
 * reply wins, a late one is refused, a parked caller is woken, and nothing is kept once the call is over.
 */
class ReplyCellTest {

    private static final Duration LONG = Duration.ofSeconds(10);

    private final Node node = Node.create("reply-cell");

    @AfterEach
    void close() {
        node.close();
    }

    @Test
    void aReplyWakesTheCallerParkedOnItsCell() throws Exception {
        ReplyCell cell = new ReplyCell(1);
        CompletableFuture<ProcessImpl> caller = new CompletableFuture<>();
        CompletableFuture<Object> got = new CompletableFuture<>();
        node.spawn(self -> {
            ProcessImpl me = (ProcessImpl) self;
            me.awaitReply(cell);
            caller.complete(me);
            got.complete(me.takeReply(cell, LONG));
        });
        ProcessImpl me = caller.get(10, TimeUnit.SECONDS);
        // a new process does not spin on its first wait: it parks, and only the replier can wake it
        await().atMost(LONG).until(() -> cell.callerParked);
        assertThat(me.deliverInto(cell, "answer")).isTrue();
        assertThat(got.get(10, TimeUnit.SECONDS)).isEqualTo("answer");
        await().atMost(LONG).until(() -> !me.isAlive());
        assertThat(cell.value).as("the cell lets go of the reply once taken").isNull();
    }

    @Test
    void onlyTheFirstReplyCountsAndTheMailboxLetsGoOfTheCell() throws Exception {
        CompletableFuture<List<Object>> seen = new CompletableFuture<>();
        node.spawn(self -> {
            ProcessImpl me = (ProcessImpl) self;
            ReplyCell cell = new ReplyCell(7);
            me.awaitReply(cell);
            boolean awaited = me.awaitedReply() == cell;
            boolean first = me.deliverReply(7, "first"); // by tag, as GenServer.reply(from, ...) does
            boolean second = me.deliverInto(cell, "second"); // directly, as the server answering the request does
            Object taken = me.takeReply(cell, LONG);
            seen.complete(List.of(awaited, first, second, taken, me.awaitedReply() == null));
        });
        assertThat(seen.get(10, TimeUnit.SECONDS)).containsExactly(true, true, false, "first", true);
    }

    @Test
    void aCellNobodyAwaitsRefusesReplies() throws Exception {
        CompletableFuture<List<Boolean>> seen = new CompletableFuture<>();
        node.spawn(self -> {
            ProcessImpl me = (ProcessImpl) self;
            ReplyCell cell = new ReplyCell(3);
            seen.complete(List.of(me.deliverInto(cell, "x"), me.deliverReply(3, "y")));
        });
        assertThat(seen.get(10, TimeUnit.SECONDS)).containsExactly(false, false);
    }

    @Test
    void aCallThatTimedOutRefusesTheLateReply() throws Exception {
        CompletableFuture<List<Object>> seen = new CompletableFuture<>();
        node.spawn(self -> {
            ProcessImpl me = (ProcessImpl) self;
            ReplyCell cell = new ReplyCell(5);
            me.awaitReply(cell);
            Object taken = me.takeReply(cell, Duration.ofMillis(1));
            boolean lateDirect = me.deliverInto(cell, "late");
            boolean lateByTag = me.deliverReply(5, "late");
            seen.complete(List.of(taken == ProcessImpl.NO_REPLY, lateDirect, lateByTag, me.awaitedReply() == null,
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
            me.awaitReply(cell);
            me.abandonReply(cell); // the wait was interrupted
            seen.complete(List.of(me.deliverInto(cell, "late"), me.awaitedReply() == null));
        });
        assertThat(seen.get(10, TimeUnit.SECONDS)).containsExactly(false, true);
    }
}
