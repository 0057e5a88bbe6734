package io.fauxtp.benchmarks.http;

import io.fauxtp.spring.ServerRef;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /fauxtp}: a call to the {@code http-counter} GenServer through its injected {@link ServerRef}. */
@Profile("fauxtp")
@RestController
public class FauxtpCounterController {

    private static final FauxtpCounter.Increment INCREMENT = new FauxtpCounter.Increment();

    private final ServerRef counter;

    public FauxtpCounterController(@Qualifier("http-counter") ServerRef counter) {
        this.counter = counter;
    }

    @PostMapping("/fauxtp")
    public String increment() {
        return String.valueOf(this.counter.call(INCREMENT, Long.class));
    }
}
