package io.fauxtp.sample.chat;

/** What a chat room understands. */
public sealed interface ChatRequest {

    /** Posts {@code text} as {@code author}; replies with the room's {@link Transcript}. */
    record Post(String author, String text) implements ChatRequest {
    }

    /** Replies with the room's {@link Transcript}. */
    record Read() implements ChatRequest {
    }
}
