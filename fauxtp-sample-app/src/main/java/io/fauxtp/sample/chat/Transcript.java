package io.fauxtp.sample.chat;

import java.time.Instant;
import java.util.List;

/** A chat room's latest messages, oldest first. */
public record Transcript(String room, List<Message> messages) {

    /** One message of a room. */
    public record Message(String author, String text, Instant at) {
    }
}
