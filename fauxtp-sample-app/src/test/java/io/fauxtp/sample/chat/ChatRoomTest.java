package io.fauxtp.sample.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.effect.Handlers;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.sample.notify.Notifier;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A chat room on a plain node, its {@link Notifier} effect answered by a recording test handler. */
class ChatRoomTest {

    private final Node node = Node.create("chat-test");
    private final List<String> notified = new CopyOnWriteArrayList<>();
    private final Handlers testHandlers = Handlers.of(EffectHandler.of("recording", Notifier.class,
            (recipient, text) -> {
                notified.add(recipient + ": " + text);
                return "T-" + notified.size();
            }));
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    @AfterEach
    void closeNode() {
        node.close();
    }

    @Test
    void aMentionIsNotifiedThroughTheHandlerInScope() {
        Pid room = GenServer.start(node, new ChatRoom(testHandlers, clock), Map.of("room", "lobby"));

        Transcript after = GenServer.call(room, new ChatRequest.Post("alice", "lunch, @bob and @carol?"));

        assertThat(after.messages()).containsExactly(
                new Transcript.Message("alice", "lunch, @bob and @carol?", clock.instant()));
        assertThat(notified).containsExactly(
                "bob: alice mentioned you in #lobby: lunch, @bob and @carol?",
                "carol: alice mentioned you in #lobby: lunch, @bob and @carol?");
    }

    @Test
    void aMessageWithoutMentionsNotifiesNobody() {
        Pid room = GenServer.start(node, new ChatRoom(testHandlers, clock), Map.of("room", "lobby"));

        GenServer.call(room, new ChatRequest.Post("alice", "hello all"));

        assertThat(GenServer.<Transcript>call(room, new ChatRequest.Read()).messages()).hasSize(1);
        assertThat(notified).isEmpty();
    }
}
