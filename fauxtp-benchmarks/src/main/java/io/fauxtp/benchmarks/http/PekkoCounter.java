package io.fauxtp.benchmarks.http;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** The Pekko variant's state: a typed actor holding the count, asked with {@code AskPattern}. */
final class PekkoCounter {

    /** The one request: add one and reply with the new count. */
    record Increment(ActorRef<Long> replyTo) {
    }

    private PekkoCounter() {
    }

    static Behavior<Increment> counting(long count) {
        return Behaviors.receiveMessage(increment -> {
            long next = count + 1;
            increment.replyTo().tell(next);
            return counting(next);
        });
    }
}
