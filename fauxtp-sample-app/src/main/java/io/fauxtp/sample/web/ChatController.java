package io.fauxtp.sample.web;

import io.fauxtp.sample.chat.ChatService;
import io.fauxtp.sample.chat.Transcript;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The chat rooms over HTTP. */
@RestController
@RequestMapping("/rooms")
class ChatController {

    /** A message to post. */
    record NewMessage(String author, String text) {
    }

    private final ChatService chat;

    ChatController(ChatService chat) {
        this.chat = chat;
    }

    @PostMapping("/{room}/messages")
    Transcript post(@PathVariable String room, @RequestBody NewMessage message) {
        if (message.author() == null || message.author().isBlank() || message.text() == null) {
            throw new IllegalArgumentException("a message needs an 'author' and a 'text', e.g."
                    + " {\"author\":\"alice\",\"text\":\"hi @bob\"}");
        }
        return chat.post(room, message.author(), message.text());
    }

    @GetMapping("/{room}/messages")
    Transcript read(@PathVariable String room) {
        return chat.read(room);
    }
}
