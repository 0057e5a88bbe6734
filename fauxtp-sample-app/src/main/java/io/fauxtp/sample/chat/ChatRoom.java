package io.fauxtp.sample.chat;

import io.fauxtp.effect.Effects;
import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.sample.notify.Notifier;
import io.fauxtp.spring.GenServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chat room: one process per room, registered as {@code room-<name>} by the {@code chat} supervisor, keeping
 * the room's last 50 messages. Whoever a message mentions ({@code @bob}) is notified through the
 * {@link Notifier} effect: the starter binds the context's effect handler beans around every callback of a
 * behaviour that requests effects, so the request below reaches the {@code outbox} handler (or a test's).
 */
@GenServer("chatRoom")
public class ChatRoom implements GenServer.Behaviour<Transcript> {

    private static final int KEPT = 50;
    private static final Pattern MENTION = Pattern.compile("@([A-Za-z0-9_-]+)");

    private final Notifier notifier = Effects.request(Notifier.class, "chat-room");
    private final Clock clock;

    public ChatRoom(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Transcript init(Object args) {
        if (!(args instanceof Map<?, ?> yml) || !(yml.get("room") instanceof String room)) {
            throw new IllegalArgumentException("a chat room needs the init arg 'room'"
                    + " (fauxtp.supervisors.chat.children[i].args.room in application.yml), got " + args);
        }
        return new Transcript(room, List.of());
    }

    @Override
    public CallResult<Transcript> handleCall(Object request, From from, Transcript room) {
        return switch (request) {
            case ChatRequest.Post(String author, String text) -> {
                List<Transcript.Message> messages = new ArrayList<>(room.messages());
                messages.add(new Transcript.Message(author, text, clock.instant()));
                if (messages.size() > KEPT) {
                    messages.removeFirst();
                }
                notifyMentioned(room.room(), author, text);
                Transcript after = new Transcript(room.room(), List.copyOf(messages));
                yield CallResult.reply(after, after);
            }
            case ChatRequest.Read() -> CallResult.reply(room, room);
            default -> throw new IllegalArgumentException("unknown request " + request);
        };
    }

    @Override
    public Object formatStatus(Transcript room) {
        return Map.of("room", room.room(), "messages", room.messages().size());
    }

    private void notifyMentioned(String room, String author, String text) {
        Matcher m = MENTION.matcher(text);
        while (m.find()) {
            String who = m.group(1);
            notifier.notify(who, author + " mentioned you in #" + room + ": " + text);
        }
    }
}
