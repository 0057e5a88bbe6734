package io.fauxtp.benchmarks.http;

import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.spring.GenServer;
import org.springframework.context.annotation.Profile;

/** The fauxtp variant's state: a GenServer holding the count, as the README's quick start writes one. */
@Profile("fauxtp")
@GenServer("httpCounter")
public class FauxtpCounter implements GenServer.Behaviour<Long> {

    /** The one request: add one and reply with the new count. */
    public record Increment() {
    }

    @Override
    public Long init(Object args) {
        return 0L;
    }

    @Override
    public CallResult<Long> handleCall(Object request, From from, Long count) {
        if (request instanceof Increment) {
            long next = count + 1;
            return CallResult.reply(next, next);
        }
        throw new IllegalArgumentException("unknown request " + request);
    }
}
