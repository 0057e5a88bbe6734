package io.fauxtp.sample.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.effect.Handlers;
import io.fauxtp.effect.UnhandledEffectException;
import io.fauxtp.genserver.CallResult;
import io.fauxtp.sample.notify.Notifier;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The chat room's callbacks as plain functions, with a recording test handler of the {@link Notifier} effect
 * bound around them (what the starter does with the handler beans in the room's process).
 */
class ChatRoomTest {

    private final List<String> notified = new CopyOnWriteArrayList<>();
    private final Handlers testHandlers = Handlers.of(EffectHandler.of("recording", Notifier.class,
            (recipient, text) -> {
                notified.add(recipient + ": " + text);
                return "T-" + notified.size();
            }));
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    private final ChatRoom room = new ChatRoom(clock);

    @Test
    void aMentionIsNotifiedThroughTheHandlerInScope() throws Exception {
        Transcript empty = room.init(Map.of("room", "lobby"));

        CallResult<Transcript> result = testHandlers.call(
                () -> room.handleCall(new ChatRequest.Post("alice", "lunch, @bob and @carol?"), null, empty));

        assertThat(result).isEqualTo(CallResult.reply(after(empty, "alice", "lunch, @bob and @carol?"),
                after(empty, "alice", "lunch, @bob and @carol?")));
        assertThat(notified).containsExactly(
                "bob: alice mentioned you in #lobby: lunch, @bob and @carol?",
                "carol: alice mentioned you in #lobby: lunch, @bob and @carol?");
    }

    @Test
    void aMessageWithoutMentionsNotifiesNobody() throws Exception {
        Transcript empty = room.init(Map.of("room", "lobby"));

        testHandlers.call(() -> room.handleCall(new ChatRequest.Post("alice", "hello all"), null, empty));

        assertThat(notified).isEmpty();
    }

    @Test
    void withoutAHandlerAMentionFailsNamingTheEffect() throws Exception {
        Transcript empty = room.init(Map.of("room", "lobby"));

        assertThatThrownBy(() -> room.handleCall(new ChatRequest.Post("alice", "hi @bob"), null, empty))
                .isInstanceOf(UnhandledEffectException.class)
                .hasMessageContaining("Notifier");
    }

    @Test
    void aRoomWithoutANameIsABadConfiguration() {
        assertThatThrownBy(() -> room.init(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("args.room");
    }

    private Transcript after(Transcript before, String author, String text) {
        return new Transcript(before.room(), List.of(new Transcript.Message(author, text, clock.instant())));
    }
}
