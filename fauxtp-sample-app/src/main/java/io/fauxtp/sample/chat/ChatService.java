package io.fauxtp.sample.chat;

import io.fauxtp.genserver.CallExitException;
import io.fauxtp.spring.FauxtpTemplate;
import java.util.NoSuchElementException;
import org.springframework.stereotype.Service;

/** Reaches the chat rooms by registered name ({@code room-<name>}). */
@Service
public class ChatService {

    private final FauxtpTemplate fauxtp;

    public ChatService(FauxtpTemplate fauxtp) {
        this.fauxtp = fauxtp;
    }

    /** Posts to {@code room}. */
    public Transcript post(String room, String author, String text) {
        return call(room, new ChatRequest.Post(author, text));
    }

    /** The messages of {@code room}. */
    public Transcript read(String room) {
        return call(room, new ChatRequest.Read());
    }

    private Transcript call(String room, ChatRequest request) {
        String name = "room-" + room;
        try {
            return fauxtp.call(name, request, Transcript.class);
        } catch (CallExitException e) {
            if (fauxtp.whereis(name).isEmpty()) {
                throw new NoSuchElementException("no chat room '" + room + "': rooms are the children named room-<name>"
                        + " of the 'chat' supervisor in application.yml");
            }
            throw e;
        }
    }
}
